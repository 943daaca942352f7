/**
 * The world inside the page: a memfs volume with the sample mailboxes, the POP3 engine serving
 * them on the in-page network (110 with STLS, 995 with implicit TLS), and what the views show
 * of it — a state per connection, deletion marks, the annotated transcript. Views subscribe
 * and read; nothing here touches the DOM.
 */
import { Volume } from 'memfs';
import {
  createPop3Session,
  defaultPersona,
  featureNames,
  personas,
  staticAuthenticator,
  type Authenticator,
  type Maildrop,
  type MailFs,
  type MaildropStore,
  type PersonaName,
  type Pop3Event,
  type Pop3State,
} from '@pop3-lab/core';
import type { Language } from '../i18n/messages';
import type { ProtocolService } from '@pop3-lab/protocol';
import { InPageNetwork, type LabConnectionInfo } from '../net/network';
import type { CloseCause, Connection, ConnectionObserver, TransportTls } from '../net/connection';
import { shellFsFromVolume, type ShellFs, type VolumePromises } from '../shell/shell-fs';
import { listMessages, type MailboxMessage } from './mailbox-snapshot';
import { ObservedStore } from './observed-store';
import { mailboxUsers, readRawView, type RawView } from './raw-view';
import { Transcript } from './transcript';

/** A login the page lists for students. */
export interface LabAccount {
  readonly user: string;
  readonly password: string;
  readonly format: 'mbox' | 'maildir';
  readonly path: string;
  readonly description: { readonly en: string; readonly fr: string };
}

/** Where the sample mailboxes come from (the samples package in the page, fixtures in tests). */
export interface LabMail {
  seed(fs: MailFs): Promise<void>;
  store(fs: MailFs): MaildropStore;
  logins(): ReadonlyMap<string, string> | Record<string, string>;
  /** The logins to show, with what each mailbox is for. */
  readonly accounts?: readonly LabAccount[];
}

/** What the settings decide for the server. */
export interface ServerSettings {
  readonly persona: string;
  readonly disabled: readonly string[];
  readonly allowPlaintextAuth: boolean;
  readonly language: Language;
}

export interface SessionView {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  state: Pop3State | undefined;
  user: string | undefined;
  /** The user whose maildrop this session holds (locked) now. */
  holding: string | undefined;
  tls: TransportTls;
  readonly deleted: Set<number>;
  open: boolean;
  closedBy: CloseCause | undefined;
}

export interface MailboxSnapshot {
  readonly user: string;
  readonly messages: readonly MailboxMessage[];
  /** Message numbers marked deleted by the session holding the mailbox. */
  readonly deleted: ReadonlySet<number>;
  /** The connection holding the mailbox, if one does. */
  readonly heldBy: number | undefined;
  readonly error: string | undefined;
}

/** What happens in the lab, as it happens: for the course's objective checker. */
export interface LabWatcher {
  /** `tlsFromStart`: the connection reached an implicit-TLS port (995). */
  connectionOpened?(id: number, port: number, tlsFromStart: boolean): void;
  engineEvent?(id: number, event: Pop3Event): void;
  connectionClosed?(id: number): void;
  /** The mailboxes were put back as they were (after every connection was closed). */
  reset?(): void;
}

export const LAB_HOSTNAME = 'mail.example.test';
export const LAB_HOSTS = ['localhost', LAB_HOSTNAME] as const;
const HOME = '/home/student';

export class Lab {
  readonly volume: InstanceType<typeof Volume>;
  readonly fs: ShellFs;
  readonly network: InPageNetwork;
  readonly transcript = new Transcript();
  readonly sessions = new Map<number, SessionView>();
  /** The last mailbox changed by an UPDATE, for the raw view's "changed after QUIT". */
  lastUpdate: { readonly user: string; readonly at: number; readonly deleted: number } | undefined;
  /** Increases on every change a view may want to show. */
  version = 0;
  readonly #mail: LabMail;
  readonly #settings: () => ServerSettings;
  readonly #listeners = new Set<() => void>();
  readonly #watchers = new Set<LabWatcher>();
  readonly #connections = new Map<number, Connection>();
  /** The maildrop each connection's session holds. */
  readonly #held = new Map<number, Maildrop>();
  #store: ObservedStore;
  #authenticator: Authenticator;
  #notifyQueued = false;
  #greetings = 0;

  private constructor(mail: LabMail, settings: () => ServerSettings) {
    this.#mail = mail;
    this.#settings = settings;
    this.volume = new Volume();
    this.fs = shellFsFromVolume(this.volume.promises as unknown as VolumePromises);
    this.network = new InPageNetwork({ hostNames: LAB_HOSTS, observer: this.#observer() });
    this.#authenticator = staticAuthenticator(mail.logins());
    this.#store = this.#observedStore();
  }

  static async create(mail: LabMail, settings: () => ServerSettings): Promise<Lab> {
    const lab = new Lab(mail, settings);
    await lab.#seed();
    lab.applySettings();
    return lab;
  }

  /** The personas the engine knows, for the settings (kept here, in the lazily loaded chunk). */
  static readonly personas = personas;
  /** Commands and capabilities that can be switched off. */
  static readonly features: readonly string[] = featureNames;

  get accounts(): readonly LabAccount[] {
    return this.#mail.accounts ?? [];
  }

  get mailFs(): MailFs {
    return this.volume.promises as unknown as MailFs;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Follows connections and engine events as they happen; returns the way to stop. */
  watch(watcher: LabWatcher): () => void {
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }

  /** (Re)starts the POP3 service with the current settings; open connections keep theirs. */
  applySettings(): void {
    const settings = this.#settings();
    const persona: PersonaName =
      settings.persona in personas ? (settings.persona as PersonaName) : defaultPersona;
    const known = new Set<string>(featureNames);
    const options = {
      authenticator: this.#authenticator,
      hostname: LAB_HOSTNAME,
      persona,
      disabled: settings.disabled.filter((name) => known.has(name)),
      language: settings.language,
    };
    const service: ProtocolService<Pop3Event> = {
      name: 'pop3',
      defaultPorts: { plain: 110, tls: 995 },
      createSession: (info) =>
        createPop3Session({
          ...options,
          // Each session opens its maildrop through the observed store, tagged with its connection.
          maildrops: this.#store.forSession((info as LabConnectionInfo).connectionId),
          tls: info.tls,
          // The in-page network is loopback; the setting shows what a cautious server does.
          allowPlaintextAuth: settings.allowPlaintextAuth,
          greetingToken: `${++this.#greetings}.${Date.now()}`,
        }),
    };
    this.network.unlistenAll();
    this.network.listen(110, 'starttls', service);
    this.network.listen(995, 'implicit', service);
  }

  /** Closes every connection and puts the sample mailboxes back as they were. */
  async reset(): Promise<void> {
    for (const connection of this.#connections.values()) connection.close('reset');
    this.#connections.clear();
    // Let looks and logins under way finish, and the closed sessions give their maildrops back,
    // so no lock of the old files outlives them (the locks are kept per volume).
    await this.#store.idle();
    for (let wait = 0; wait < 200 && this.#held.size > 0; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    this.sessions.clear();
    this.volume.reset();
    this.#store = this.#observedStore();
    this.lastUpdate = undefined;
    await this.#seed();
    for (const watcher of this.#watchers) watcher.reset?.();
    this.#changed();
  }

  /** Users that have a mailbox on the volume. */
  users(): Promise<string[]> {
    return mailboxUsers(this.fs);
  }

  /** The session holding `user`'s mailbox now, if any. */
  holderOf(user: string): SessionView | undefined {
    for (const session of this.sessions.values())
      if (session.open && session.holding === user) return session;
    return undefined;
  }

  /** The most recent session, open or not. */
  get latestSession(): SessionView | undefined {
    let latest: SessionView | undefined;
    for (const session of this.sessions.values())
      if (!latest || session.id > latest.id) latest = session;
    return latest;
  }

  async mailbox(user: string): Promise<MailboxSnapshot> {
    const holder = this.holderOf(user);
    const held = holder ? this.#held.get(holder.id) : undefined;
    if (holder && held) {
      return {
        user,
        messages: await listMessages(user, held),
        deleted: new Set(holder.deleted),
        heldBy: holder.id,
        error: undefined,
      };
    }
    const result = await this.#store.peek(user, (maildrop) => listMessages(user, maildrop));
    if (!result.ok) {
      return {
        user,
        messages: [],
        deleted: new Set(),
        heldBy: undefined,
        error: `[${result.code}] ${result.reason}`,
      };
    }
    return {
      user,
      messages: result.value ?? [],
      deleted: new Set(),
      heldBy: undefined,
      error: undefined,
    };
  }

  rawView(user: string): Promise<RawView> {
    return readRawView(this.fs, user);
  }

  #observedStore(): ObservedStore {
    return new ObservedStore(this.#mail.store(this.mailFs), {
      opened: (user, maildrop, owner) => {
        if (owner === undefined) return;
        this.#held.set(owner, maildrop);
        const session = this.sessions.get(owner);
        if (session) session.holding = user;
        this.#changed();
      },
      released: (user, owner, removed) => {
        if (owner === undefined) return;
        this.#held.delete(owner);
        if (removed !== undefined) this.lastUpdate = { user, at: Date.now(), deleted: removed };
        const session = this.sessions.get(owner);
        if (session) session.holding = undefined;
        this.#changed();
      },
    });
  }

  async #seed(): Promise<void> {
    await this.#mail.seed(this.mailFs);
    const mkdir = (path: string) => this.volume.promises.mkdir(path, { recursive: true });
    await mkdir(HOME);
    await mkdir('/etc');
    await mkdir('/tmp');
    await this.volume.promises.writeFile(
      '/etc/hosts',
      `127.0.0.1\tlocalhost ${LAB_HOSTS.filter((h) => h !== 'localhost').join(' ')}\n::1\tlocalhost ip6-localhost ip6-loopback\n`,
    );
    await this.volume.promises.writeFile(
      '/etc/services',
      'pop3\t\t110/tcp\t\tpop-3\t# POP version 3 (RFC 1939)\npop3s\t\t995/tcp\t\t\t# POP3 over TLS (RFC 8314)\n',
    );
  }

  #observer(): ConnectionObserver {
    const t = this.transcript;
    return {
      opened: (connection) => {
        this.#connections.set(connection.id, connection);
        this.sessions.set(connection.id, {
          id: connection.id,
          host: connection.host,
          port: connection.port,
          state: undefined,
          user: undefined,
          holding: undefined,
          tls: connection.tls,
          deleted: new Set(),
          open: true,
          closedBy: undefined,
        });
        t.note(connection.id, 'ui.transcript.connected', {
          id: connection.id,
          host: connection.host,
          port: connection.port,
        });
        for (const watcher of this.#watchers) {
          watcher.connectionOpened?.(
            connection.id,
            connection.port,
            connection.info.tls === 'active',
          );
        }
        this.#changed();
      },
      clientBytes: () => {},
      serverBytes: (connection, bytes) => {
        t.serverBytes(connection.id, bytes);
        this.#changed();
      },
      engineEvent: (connection, event) => {
        this.#engineEvent(connection.id, event as Pop3Event);
        for (const watcher of this.#watchers)
          watcher.engineEvent?.(connection.id, event as Pop3Event);
      },
      tls: (connection, change) => {
        const session = this.sessions.get(connection.id);
        if (session) session.tls = connection.tls;
        t.note(
          connection.id,
          change === 'established' ? 'ui.transcript.tlsUp' : 'ui.transcript.tlsWaiting',
          {},
          change === 'established' ? 'success' : 'info',
        );
        this.#changed();
      },
      tlsViolation: (connection, bytes) => {
        const text = new TextDecoder().decode(bytes).replace(/\r?\n$/, '');
        t.clientLine(connection.id, text);
        t.note(connection.id, 'ui.transcript.tlsViolation', {}, 'warning');
        this.#changed();
      },
      closed: (connection, cause) => {
        this.#connections.delete(connection.id);
        const session = this.sessions.get(connection.id);
        if (session) {
          session.open = false;
          session.closedBy = cause;
        }
        t.closed(connection.id);
        const message =
          cause === 'server'
            ? 'ui.transcript.closedByServer'
            : cause === 'client'
              ? 'ui.transcript.closedByClient'
              : cause === 'reset'
                ? 'ui.transcript.closedReset'
                : 'ui.transcript.closedTls';
        t.note(
          connection.id,
          message,
          { id: connection.id },
          cause === 'tls-failure' ? 'warning' : 'info',
        );
        for (const watcher of this.#watchers) watcher.connectionClosed?.(connection.id);
        this.#changed();
      },
    };
  }

  #engineEvent(id: number, event: Pop3Event): void {
    const session = this.sessions.get(id);
    const t = this.transcript;
    switch (event.type) {
      case 'session-started':
        if (session) session.state = event.state;
        break;
      case 'state-changed':
        if (session) session.state = event.to;
        break;
      case 'command':
        t.clientLine(id, event.line);
        break;
      case 'sasl-response':
        t.clientLine(id, event.line);
        break;
      case 'sasl-challenge':
        t.reply(id, event.explanation, false);
        break;
      case 'reply':
        t.reply(id, event.explanation, event.multiline);
        break;
      case 'auth':
        if (session && event.ok) session.user = event.user;
        break;
      case 'marked-deleted':
        session?.deleted.add(event.msg);
        break;
      case 'reset':
        for (const msg of event.restored) session?.deleted.delete(msg);
        break;
      case 'update':
        if (session && event.ok) session.deleted.clear();
        break;
      default:
        break;
    }
    this.#changed();
  }

  #changed(): void {
    this.version += 1;
    if (this.#notifyQueued) return;
    this.#notifyQueued = true;
    queueMicrotask(() => {
      this.#notifyQueued = false;
      for (const listener of this.#listeners) listener();
    });
  }
}
