/**
 * The checker's picture of the world, built from facts alone: each connection's state, user and
 * TLS, the command waiting for its reply (so a reply can be matched to what it answers), the
 * latest APOP timestamp, and the last known contents of each mailbox.
 */
import type { Pop3Event, Pop3State, ResponseCode } from '@pop3-lab/core';
import type { LabFact, MailboxMessageFact } from './facts';

export interface ConnectionView {
  readonly id: number;
  readonly port: number;
  readonly tlsFromStart: boolean;
  tls: boolean;
  state: Pop3State | undefined;
  user: string | undefined;
  open: boolean;
  /** Commands whose replies have not come yet, oldest first (a client may pipeline). */
  readonly pending: SentCommand[];
  greeted: boolean;
}

export interface SentCommand {
  readonly keyword: string;
  readonly args: readonly string[];
  /** Who the session was logged in as when the command was sent. */
  readonly user: string | undefined;
}

/** Something that happened, in the terms the checks are written in. */
export type Happening =
  | { readonly kind: 'connect'; readonly connection: ConnectionView }
  | { readonly kind: 'command'; readonly connection: ConnectionView; readonly command: SentCommand }
  | {
      readonly kind: 'answered';
      readonly connection: ConnectionView;
      readonly command: SentCommand;
      readonly ok: boolean;
      readonly code: ResponseCode | undefined;
    }
  | {
      readonly kind: 'reply';
      readonly connection: ConnectionView;
      readonly ok: boolean;
      readonly code: ResponseCode | undefined;
    }
  | {
      readonly kind: 'login';
      readonly connection: ConnectionView;
      readonly event: Extract<Pop3Event, { type: 'auth' }>;
    }
  | { readonly kind: 'tls'; readonly connection: ConnectionView; readonly via: 'stls' | 'implicit' }
  | {
      readonly kind: 'update';
      readonly connection: ConnectionView;
      readonly user: string | undefined;
      readonly deleted: number;
    }
  | {
      readonly kind: 'hangup';
      readonly connection: ConnectionView;
      readonly user: string | undefined;
    }
  | { readonly kind: 'shell'; readonly commands: readonly (readonly string[])[] }
  /** Something whose effect is only on the state (state change, mailbox contents). */
  | { readonly kind: 'changed' };

const TIMESTAMP = /<[^<>\s]*@[^<>\s]*>/;

export class WorldModel {
  readonly connections = new Map<number, ConnectionView>();
  readonly mailboxes = new Map<string, readonly MailboxMessageFact[]>();
  /** The `<…>` of every greeting that carried one, oldest first. */
  readonly timestamps: string[] = [];

  /** The `<…>` of the latest greeting that carried one. */
  get timestamp(): string | undefined {
    return this.timestamps[this.timestamps.length - 1];
  }

  /** Applies a fact and says what happened, for the event checks. */
  apply(fact: LabFact): Happening[] {
    switch (fact.kind) {
      case 'connection-opened': {
        const connection: ConnectionView = {
          id: fact.connection,
          port: fact.port,
          tlsFromStart: fact.tls,
          tls: fact.tls,
          state: undefined,
          user: undefined,
          open: true,
          pending: [],
          greeted: false,
        };
        this.connections.set(fact.connection, connection);
        const happenings: Happening[] = [{ kind: 'connect', connection }];
        if (fact.tls) happenings.push({ kind: 'tls', connection, via: 'implicit' });
        return happenings;
      }
      case 'connection-closed': {
        const connection = this.connections.get(fact.connection);
        if (connection) {
          connection.open = false;
          connection.pending.length = 0;
        }
        return [{ kind: 'changed' }];
      }
      case 'shell':
        return [{ kind: 'shell', commands: fact.commands }];
      case 'mailbox':
        this.mailboxes.set(fact.user, fact.messages);
        return [{ kind: 'changed' }];
      case 'engine':
        return this.#engine(fact.connection, fact.event);
    }
  }

  #engine(id: number, event: Pop3Event): Happening[] {
    let connection = this.connections.get(id);
    if (connection === undefined) {
      // A driver that does not report openings: assume a plain connection.
      connection = {
        id,
        port: 0,
        tlsFromStart: false,
        tls: false,
        state: undefined,
        user: undefined,
        open: true,
        pending: [],
        greeted: false,
      };
      this.connections.set(id, connection);
    }
    switch (event.type) {
      case 'session-started':
        connection.state = event.state;
        return [{ kind: 'changed' }];
      case 'state-changed':
        connection.state = event.to;
        return [{ kind: 'changed' }];
      case 'command': {
        const command: SentCommand = {
          keyword: event.keyword.toUpperCase(),
          args: event.args,
          user: connection.user,
        };
        connection.pending.push(command);
        return [{ kind: 'command', connection, command }];
      }
      case 'reply': {
        const happenings: Happening[] = [
          { kind: 'reply', connection, ok: event.ok, code: event.code },
        ];
        const command = connection.pending.shift();
        if (command) {
          happenings.push({
            kind: 'answered',
            connection,
            command,
            ok: event.ok,
            code: event.code,
          });
        } else if (!connection.greeted) {
          connection.greeted = true;
          const timestamp = TIMESTAMP.exec(event.text)?.[0];
          if (timestamp) this.timestamps.push(timestamp);
        }
        return happenings;
      }
      case 'auth':
        if (event.ok) connection.user = event.user;
        return [{ kind: 'login', connection, event }];
      case 'tls-started':
        connection.tls = true;
        return [{ kind: 'tls', connection, via: 'stls' }];
      case 'update':
        if (!event.ok) return [];
        // The mailbox changed: what we knew of it is stale until the driver looks again.
        if (connection.user !== undefined) this.mailboxes.delete(connection.user);
        return [
          { kind: 'update', connection, user: connection.user, deleted: event.deleted.length },
        ];
      case 'session-ended': {
        const wasLoggedIn = connection.state === 'TRANSACTION';
        connection.open = false;
        connection.pending.length = 0;
        if (event.reason !== 'quit' && wasLoggedIn) {
          return [{ kind: 'hangup', connection, user: connection.user }];
        }
        return [{ kind: 'changed' }];
      }
      default:
        return [];
    }
  }
}
