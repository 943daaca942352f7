/**
 * The contract between a protocol engine and the driver that carries its bytes.
 *
 * An engine never touches a socket, a timer or a terminal. The driver feeds it what the peer
 * sent (`receive`), tells it when the transport is gone (`end`), and pulls actions from it,
 * one at a time, in order. Pulling is the back-pressure: an engine produces the next chunk of a
 * large message only when the driver asks for the next action, so a slow reader never makes
 * anyone hold a whole mailbox in memory.
 *
 * The same contract serves POP3 today and SMTP or IMAP tomorrow: a new protocol is a new
 * package that implements `ProtocolService`, registered on a new port by the server and by
 * the sandbox's in-page network.
 */

/** Something the driver must do, in order. */
export type DriverAction<E = unknown> =
  /** Write these bytes to the peer. */
  | { readonly type: 'send'; readonly bytes: Uint8Array }
  /**
   * Upgrade the transport to TLS now (STLS, STARTTLS). Everything sent before was already
   * flushed; the driver must finish the handshake before pulling the next action.
   */
  | { readonly type: 'start-tls' }
  /** Close the connection after flushing. No action follows. */
  | { readonly type: 'close' }
  /** Something worth showing (state change, command parsed, message deleted, …). */
  | { readonly type: 'event'; readonly event: E };

/** Why the transport ended, as the driver saw it. None of them applies pending deletions. */
export type EndReason = 'closed' | 'timeout' | 'shutdown' | 'error';

/** One connection's engine, as a driver sees it. */
export interface ProtocolSession<E = unknown> extends AsyncIterable<DriverAction<E>> {
  /** Bytes from the peer, in any chunking. */
  receive(bytes: Uint8Array): void;
  /**
   * The transport is gone (or the driver closes it). The engine releases what it holds
   * without committing anything and its action stream ends. Idempotent.
   */
  end(reason: EndReason): void;
  /** True while the engine is in the middle of a commit that must be allowed to finish. */
  readonly committing: boolean;
}

/**
 * What a session's action iterator may offer beyond `next`: the next action without a promise
 * when the engine has it ready. A driver that finds `nextNow` uses it instead of `next` (never
 * both for one pull) and waits only when it gets a promise; the stream of actions is the same.
 */
export interface PullableActions<A> extends AsyncIterator<A, void> {
  nextNow(): IteratorResult<A, void> | Promise<IteratorResult<A, void>>;
}

/** What a driver knows about the connection, handed to the service for each new session. */
export interface ConnectionInfo {
  /** Address of the peer, for logs and per-address policies. */
  readonly remoteAddress: string;
  /** The peer is on this machine (loopback); classrooms allow plain-text logins there. */
  readonly loopback: boolean;
  /** TLS state of the transport at connect time. */
  readonly tls: 'active' | 'available' | 'unavailable';
  /** The port the client connected to (110, 995, 1110, …). */
  readonly localPort: number;
  /**
   * false when nobody looks at the session's events (a server with no log and no
   * transcripts): the engine may then make none. Absent means they are wanted.
   */
  readonly events?: boolean;
}

/** A protocol a driver can serve: POP3 now; SMTP and IMAP as sibling packages. */
export interface ProtocolService<E = unknown> {
  /** Short name for logs and listings: 'pop3', 'smtp', 'imap'. */
  readonly name: string;
  /** IANA ports: plain (with STARTTLS-style upgrade) and implicit TLS, if any. */
  readonly defaultPorts: { readonly plain: number; readonly tls?: number };
  createSession(connection: ConnectionInfo): ProtocolSession<E>;
}
