/**
 * The state of one session and the helpers command handlers share: building replies with their
 * explanations, changing state, reading the next client line (for AUTH exchanges). Handlers are
 * generators of steps (steps.ts); these helpers are generators of actions they delegate to.
 */
import type { DriverAction, LineItem } from '@pop3-lab/protocol';
import { concatBytes, utf8Decode } from '@pop3-lab/protocol';
import type { ReplyId, ReplyParams } from '../replies/catalog';
import { replyCatalog } from '../replies/catalog';
import { encodeLine, isAscii, printable, statusLine } from '../replies/reply-line';
import type { ReplySpec } from '../replies/reply-spec';
import { render } from '../replies/reply-spec';
import type { ErrorKind, Explanation, Pop3Event, ResponseCode } from './events';
import type { FeatureName, SaslMechanism } from './features';
import { plaintextMechanisms, saslMechanisms } from './features';
import type { Language } from './language';
import type { MailboxView } from './mailbox-view';
import type { SessionConfig } from './options';
import type { Pop3State, TlsState } from './state';
import { stateExplanation } from './state-explanations';

export type Action = DriverAction<Pop3Event>;

export type { Actions } from './steps';

/** Multi-line replies are sent in chunks of about this size, so big listings respect back-pressure. */
const CHUNK = 16 * 1024;

/** Reading client input from inside a command (the AUTH exchange) and dropping it (STLS). */
export interface InputPort {
  /** The next client line; undefined once the transport has ended. */
  readLine(): Promise<LineItem | undefined>;
  /** Throws away every octet received and not yet processed; returns how many. */
  discardBuffered(): number;
}

export interface RenderedReply {
  readonly ok: boolean;
  readonly code: ResponseCode | undefined;
  readonly text: string;
  readonly explanation: Explanation;
}

export class SessionContext {
  readonly config: SessionConfig;
  readonly input: InputPort;
  state: Pop3State = 'AUTHORIZATION';
  tls: TlsState;
  language: Language = 'en';
  /** LANG or UTF8 succeeded: reply texts may be UTF-8 (RFC 6856 §2.1, §3.2). */
  utf8Text = false;
  /** UTF8 succeeded: UTF-8 mode for messages too (RFC 6856 §2.1). */
  utf8Mode = false;
  /** The user named by USER, valid for the next command only (RFC 1939 §7). */
  userForPass: string | undefined;
  authFailures = 0;
  badCommands = 0;
  commandCount = 0;
  /** CRAM-MD5 challenges issued, to make each one unique. */
  challengeCount = 0;
  /** RFC 1460 §5: the highest message number accessed by RETR or DELE. */
  lastAccessed = 0;
  mailbox: MailboxView | undefined;
  committing = false;
  closed = false;

  constructor(config: SessionConfig, input: InputPort) {
    this.config = config;
    this.input = input;
    this.tls = config.tls;
  }

  has(feature: FeatureName): boolean {
    return this.config.features.has(feature);
  }

  /** USER/PASS, PLAIN and LOGIN send the password: only over TLS unless allowed (RFC 2595 §2.3). */
  get plaintextAllowed(): boolean {
    return this.config.allowPlaintextAuth || this.tls === 'active';
  }

  /** SASL mechanisms usable right now, in CAPA order. */
  mechanisms(): SaslMechanism[] {
    if (!this.has('SASL')) return [];
    return saslMechanisms.filter(
      (mechanism) =>
        this.has(mechanism) && (this.plaintextAllowed || !plaintextMechanisms.has(mechanism)),
    );
  }

  /** The text, code and explanation of a reply in the current language and wording. */
  render<K extends ReplyId>(id: K, params: ReplyParams<K>): RenderedReply {
    const spec = replyCatalog[id] as ReplySpec<ReplyParams<K>>;
    return { ...this.#say(spec, params), explanation: this.#explain(spec, params) };
  }

  /** What goes on the wire: status, code (when allowed), text. */
  #say<P>(spec: ReplySpec<P>, params: P): Omit<RenderedReply, 'explanation'> {
    const wording =
      this.language === 'en' && this.config.wording === 'rfc1939' && spec.say.rfc1939 !== undefined
        ? spec.say.rfc1939
        : spec.say[this.language];
    const code = typeof spec.code === 'function' ? spec.code(params) : spec.code;
    return {
      ok: spec.ok,
      code: this.codeAllowed(code) ? code : undefined,
      text: printable(render(wording, params)),
    };
  }

  /** Why, in both languages, with the RFC section and the persona's flaw, if any. */
  #explain<P>(spec: ReplySpec<P>, params: P): Explanation {
    const note = this.config.flaw === undefined ? undefined : spec.flaw?.[this.config.flaw];
    const flaw = typeof note === 'function' ? note(params) : note;
    const en = render(spec.why.en, params);
    const fr = render(spec.why.fr, params);
    return {
      rfc: render(spec.rfc, params),
      en: flaw === undefined ? en : `${en} ${flaw.en}`,
      fr: flaw === undefined ? fr : `${fr} ${flaw.fr}`,
    };
  }

  /** Response codes are sent only when CAPA announces RESP-CODES (RFC 2449 §8); [AUTH] also needs AUTH-RESP-CODE (RFC 3206 §6). */
  codeAllowed(code: ResponseCode | undefined): code is ResponseCode {
    if (code === undefined || !this.has('RESP-CODES')) return false;
    return code !== 'AUTH' || this.has('AUTH-RESP-CODE');
  }

  /** A single-line reply: its event, then its bytes. */
  *reply<K extends ReplyId>(id: K, params: ReplyParams<K>): Generator<Action> {
    yield* this.#status(replyCatalog[id] as ReplySpec<ReplyParams<K>>, params, false);
  }

  /** The status line of a multi-line reply whose body the caller sends. */
  *head<K extends ReplyId>(id: K, params: ReplyParams<K>): Generator<Action> {
    yield* this.#status(replyCatalog[id] as ReplySpec<ReplyParams<K>>, params, true);
  }

  /** A multi-line reply made of short lines the engine writes itself (CAPA, LIST, UIDL). */
  *listing<K extends ReplyId>(
    id: K,
    params: ReplyParams<K>,
    lines: Iterable<string>,
    options: { utf8?: boolean } = {},
  ): Generator<Action> {
    yield* this.head(id, params);
    let parts: Uint8Array[] = [];
    let size = 0;
    for (const line of lines) {
      const bytes = encodeLine(line, this.utf8Text || options.utf8 === true);
      parts.push(bytes);
      size += bytes.length;
      if (size >= CHUNK) {
        yield this.send(concatBytes(parts));
        parts = [];
        size = 0;
      }
    }
    parts.push(this.encode('.'));
    yield this.send(concatBytes(parts));
  }

  /**
   * A command the client got wrong (unknown, wrong state, bad arguments, too long): an error
   * event, the -ERR, and after too many of them the end of the session.
   */
  *rejected<K extends ReplyId>(
    kind: ErrorKind,
    reason: string,
    id: K,
    params: ReplyParams<K>,
  ): Generator<Action> {
    this.badCommands += 1;
    yield* this.failed(kind, reason, id, params);
    if (this.badCommands >= this.config.limits.badCommands) {
      yield* this.reply('too-many-bad-commands', {});
      yield* this.close('limit');
    }
  }

  /** Known command, wrong arguments (RFC 1939 §3). */
  *syntax(usage: string): Generator<Action> {
    yield* this.rejected('syntax', `expected: ${usage}`, 'syntax', { usage });
  }

  /**
   * An -ERR that reports a failure: the error event, explained as the reply is, then the reply.
   * The explanation is only rendered when someone looks at events.
   */
  *failed<K extends ReplyId>(
    kind: ErrorKind,
    reason: string,
    id: K,
    params: ReplyParams<K>,
  ): Generator<Action> {
    if (this.config.events) yield* this.error(kind, reason, this.render(id, params).explanation);
    yield* this.reply(id, params);
  }

  /** An error event, for trouble worth showing apart from its -ERR reply. */
  *error(kind: ErrorKind, reason: string, explanation: Explanation): Generator<Action> {
    yield this.event({ type: 'error', kind, reason, explanation });
  }

  *changeState(to: Pop3State): Generator<Action> {
    const from = this.state;
    this.state = to;
    yield this.event({ type: 'state-changed', from, to, explanation: stateExplanation(from, to) });
  }

  /** Ends the session from the server side: the driver flushes and closes. */
  *close(reason: 'quit' | 'limit' | 'error'): Generator<Action> {
    this.closed = true;
    yield this.event({ type: 'session-ended', reason });
    yield { type: 'close' };
  }

  event(event: Pop3Event): Action {
    return { type: 'event', event };
  }

  send(bytes: Uint8Array): Action {
    return { type: 'send', bytes };
  }

  /** A line the engine writes, in the charset the session allows, within 512 octets. */
  encode(line: string): Uint8Array {
    return encodeLine(line, this.utf8Text);
  }

  *#status<P>(spec: ReplySpec<P>, params: P, multiline: boolean): Generator<Action> {
    const { ok, code, text } = this.#say(spec, params);
    const line = statusLine(ok, code, text);
    const bytes = this.encode(line);
    if (this.config.events) {
      // The event shows the text as it went out: ASCII-only before UTF8/LANG, cut at 512
      // octets. Most lines go out as they are; only the others are decoded back.
      let shown = text;
      if (bytes.length !== line.length + 2 || !isAscii(line)) {
        const sent = utf8Decode(bytes.subarray(0, bytes.length - 2));
        const prefix = statusLine(ok, code, '');
        shown = sent.length > prefix.length ? sent.slice(prefix.length + 1) : '';
      }
      yield this.event({
        type: 'reply',
        ok,
        text: shown,
        ...(code === undefined ? {} : { code }),
        multiline,
        explanation: this.#explain(spec, params),
      });
    }
    yield this.send(bytes);
  }
}
