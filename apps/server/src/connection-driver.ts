/**
 * Drives one connection: carries bytes between a socket and a protocol session, and nothing
 * else. It knows no protocol — it pulls the session's actions in order and does what they say:
 *
 * - `send`: write — gathered until the engine next waits, so that a status line, a message
 *   and its final "." leave in one write — and when the socket's buffer is full wait for
 *   'drain' before pulling the next action. Pulling is what makes the engine read the next
 *   chunk of a message, so a slow reader holds the server to a socket buffer's worth of
 *   memory, never a whole mailbox;
 * - `start-tls`: stop reading plain text, wrap the same socket in TLS, finish the handshake,
 *   then go on reading through TLS;
 * - `close`: flush, close, stop;
 * - `event`: hand it to the observer (logs, transcripts).
 *
 * The transport ending (peer closed, error, idle timeout, shutdown) is reported with
 * `session.end(reason)`; the engine then releases its maildrop without applying deletions.
 *
 * Idle means no complete line received and nothing written: the protocols carried here are
 * line-based, and a peer that trickles a byte every few seconds without ever finishing a
 * line (slowloris) must not hold its connection for ever.
 */
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { serverHandshake } from './tls-handshake';
import {
  concatBytes,
  type DriverAction,
  type EndReason,
  type ProtocolSession,
  type PullableActions,
} from '@pop3-lab/protocol';

export interface ConnectionObserver<E> {
  received?(bytes: Uint8Array): void;
  sent?(bytes: Uint8Array): void;
  event?(event: E): void;
  secured?(details: TlsDetails): void;
}

export interface TlsDetails {
  readonly protocol: string;
  readonly cipher: string;
}

export interface ConnectionSummary {
  /** 'completed' when the session itself closed (QUIT); otherwise why the transport ended. */
  readonly outcome: 'completed' | EndReason;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly durationMs: number;
  /** TLS protocol in force at the end ('TLSv1.3'), if any. */
  readonly tls: string | undefined;
  /** The socket or TLS error that ended the connection, if one did. */
  readonly error: string | undefined;
}

export interface DriverOptions<E> {
  /**
   * Close after this long without a complete line read and with nothing written (RFC 1939
   * §3: no UPDATE then). Bytes that do not end a line do not count as activity.
   */
  readonly idleTimeoutMs: number;
  /** Credentials for a `start-tls` action; without them such an action ends the connection. */
  readonly secureContext?: SecureContext;
  /** A TLS handshake (STLS) that takes longer than this is abandoned. */
  readonly handshakeTimeoutMs?: number;
  /** After a `close`, how long to wait for the peer to close its side before cutting. */
  readonly lingerMs?: number;
  readonly observer?: ConnectionObserver<E>;
}

const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;
/**
 * Writes gathered into one system call at most (see #gather); the same as the sockets' buffer
 * (connection-host.ts). 64 KiB is one loopback segment: fewer, larger writes when a client
 * pipelines RETRs cost the kernel less per message (measured in docs/performance.md).
 */
export const WRITE_BATCH_BYTES = 64 * 1024;
const DEFAULT_LINGER_MS = 2_000;
/** How long an ending session may take to release what it holds before the socket is cut. */
const RELEASE_WAIT_MS = 2_000;

export class ConnectionDriver<E> {
  readonly done: Promise<ConnectionSummary>;
  readonly #session: ProtocolSession<E>;
  readonly #options: DriverOptions<E>;
  readonly #started = Date.now();
  #socket: Socket;
  #bytesIn = 0;
  #bytesOut = 0;
  #endReason: EndReason | undefined;
  #error: string | undefined;
  #tlsProtocol: string | undefined;
  #stopping = false;
  /** When the peer last finished a line or the socket last took our bytes. */
  #lastActivity = Date.now();
  #idleTimer: NodeJS.Timeout | undefined;
  /** A STLS handshake has its own time limit. */
  #handshaking = false;
  /** Resolves when the current socket has closed, whatever the cause. */
  #closed!: Promise<void>;
  /** Bytes the engine sent and #flush has not yet written. */
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;

  constructor(socket: Socket, session: ProtocolSession<E>, options: DriverOptions<E>) {
    if (!(options.idleTimeoutMs > 0)) throw new RangeError('idleTimeoutMs must be above 0');
    this.#socket = socket;
    if (socket instanceof TLSSocket) this.#tlsProtocol = socket.getProtocol() ?? undefined;
    this.#session = session;
    this.#options = options;
    this.#attach(socket);
    this.#watchIdle(options.idleTimeoutMs);
    this.done = this.#run();
  }

  /** The socket in use now (a TLSSocket after STLS). */
  get socket(): Socket {
    return this.#socket;
  }

  /**
   * The server is stopping: read nothing more; a session in the middle of a commit (UPDATE) is
   * left to finish and close by itself, any other is ended now without applying deletions.
   */
  shutdown(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#socket.pause();
    if (!this.#session.committing) this.#abort('shutdown', true);
  }

  /** Ends the connection now, whatever the session is doing. */
  abort(reason: EndReason): void {
    this.#abort(reason);
  }

  /**
   * `gently`: the session is told first and the socket is closed once it has wound down (or
   * after a short wait), so its maildrop lock is already released when the peer sees the
   * close — a client that reconnects at once is not told the mailbox is in use.
   */
  #abort(reason: EndReason, gently = false): void {
    this.#ended(reason);
    if (!gently) {
      this.#socket.destroy();
      return;
    }
    const socket = this.#socket;
    setTimeout(() => socket.destroy(), RELEASE_WAIT_MS).unref();
  }

  async #run(): Promise<ConnectionSummary> {
    let completed = false;
    const actions = this.#session[Symbol.asyncIterator]();
    // Where the engine offers it, an action it has ready costs no promise (see PullableActions).
    const pull = isPullable(actions) ? () => actions.nextNow() : () => actions.next();
    try {
      for (;;) {
        let result = pull();
        if (result instanceof Promise) {
          // The engine waits (for input, for storage): what it sent so far goes out now.
          if (!this.#flush()) await this.#drained();
          result = await result;
        }
        if (result.done === true) break;
        const action = result.value;
        if (action.type === 'event') {
          this.#options.observer?.event?.(action.event);
          continue;
        }
        // Once the transport is gone the engine is winding down; its last words go nowhere.
        if (this.#endReason !== undefined) continue;
        if (action.type === 'close') {
          completed = true;
          await actions.return?.();
          break;
        }
        if (action.type === 'send') {
          // Back-pressure: pull nothing more from the engine until the socket has room again.
          if (!this.#gather(action.bytes)) await this.#drained();
        } else {
          await this.#startTls();
        }
      }
    } catch (error) {
      // A fault in the engine or the storage under it: this connection ends, the server lives.
      this.#error = `session failed: ${error instanceof Error ? error.message : String(error)}`;
      this.#abort('error');
    }
    if (completed) await this.#closeGracefully();
    else this.#socket.destroy();
    this.#ended(completed ? 'closed' : (this.#endReason ?? 'closed'));
    await this.#closed;
    clearTimeout(this.#idleTimer);
    return {
      outcome: completed ? 'completed' : (this.#endReason ?? 'closed'),
      bytesIn: this.#bytesIn,
      bytesOut: this.#bytesOut,
      durationMs: Date.now() - this.#started,
      tls: this.#tlsProtocol,
      error: this.#error,
    };
  }

  /**
   * Keeps bytes to send until the engine next waits (#flush): a status line, a message and
   * its final "." then leave in one write. Returns false when the socket's buffer is full.
   */
  #gather(bytes: Uint8Array): boolean {
    if (this.#socket.destroyed || bytes.length === 0) return true;
    this.#bytesOut += bytes.length;
    this.#options.observer?.sent?.(bytes);
    this.#lastActivity = Date.now();
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    // Enough gathered: send it now, so the peer works on it while the engine makes the rest.
    return this.#pendingBytes >= WRITE_BATCH_BYTES ? this.#flush() : true;
  }

  /**
   * Writes what was gathered, as one buffer (one system call, and the least work for Node's
   * stream) unless it is large. Returns false when the socket's buffer is full.
   */
  #flush(): boolean {
    const pending = this.#pending;
    if (pending.length === 0) return true;
    const socket = this.#socket;
    const total = this.#pendingBytes;
    this.#pending = [];
    this.#pendingBytes = 0;
    if (socket.destroyed) return true;
    if (pending.length === 1) return socket.write(pending[0]!);
    if (total <= WRITE_BATCH_BYTES) return socket.write(concatBytes(pending));
    socket.cork();
    let room = true;
    for (const bytes of pending) room = socket.write(bytes);
    socket.uncork();
    return room;
  }

  /** Resolves when the socket has room again (or is gone). */
  #drained(): Promise<void> {
    const socket = this.#socket;
    if (socket.destroyed || !socket.writableNeedDrain) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.#lastActivity = Date.now();
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
  }

  /** RFC 2595 §4: after the +OK to STLS, the TLS negotiation begins on the same connection. */
  async #startTls(): Promise<void> {
    // the +OK goes out in plain text before the handshake
    if (!this.#flush()) await this.#drained();
    const secureContext = this.#options.secureContext;
    const plain = this.#socket;
    if (!secureContext || plain instanceof TLSSocket) {
      this.#error = secureContext
        ? 'TLS requested twice'
        : 'TLS requested but no certificate is configured';
      this.#abort('error');
      return;
    }
    // Plain bytes that arrive from now on belong to the handshake, never to the engine.
    this.#detach(plain);
    // Errors now surface on the TLS socket; this keeps a late one on the raw socket harmless.
    plain.on('error', () => undefined);
    const timeout = this.#options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    this.#handshaking = true;
    const result = await serverHandshake(plain, secureContext, timeout);
    this.#handshaking = false;
    this.#lastActivity = Date.now();
    const secure = result.socket;
    this.#socket = secure;
    this.#attach(secure);
    if (!result.ok) {
      this.#error ??= result.error;
      this.#abort('error');
      return;
    }
    this.#tlsProtocol = secure.getProtocol() ?? 'unknown';
    this.#options.observer?.secured?.({
      protocol: this.#tlsProtocol,
      cipher: secure.getCipher()?.name ?? 'unknown',
    });
  }

  async #closeGracefully(): Promise<void> {
    this.#flush();
    const socket = this.#socket;
    if (!socket.destroyed) {
      socket.end();
      const linger = setTimeout(
        () => socket.destroy(),
        this.#options.lingerMs ?? DEFAULT_LINGER_MS,
      );
      linger.unref();
      await this.#closed;
      clearTimeout(linger);
    }
  }

  #ended(reason: EndReason): void {
    if (this.#endReason !== undefined) return;
    this.#endReason = reason;
    this.#session.end(reason);
  }

  readonly #onData = (chunk: Buffer): void => {
    if (this.#stopping || this.#endReason !== undefined) return;
    this.#bytesIn += chunk.length;
    if (chunk.includes(0x0a)) this.#lastActivity = Date.now();
    this.#options.observer?.received?.(chunk);
    this.#session.receive(chunk);
  };

  /**
   * One timer per connection, re-armed only when it fires: activity just moves
   * `#lastActivity`, so a busy connection costs no timer churn.
   */
  #watchIdle(delayMs: number): void {
    this.#idleTimer = setTimeout(this.#onIdleCheck, delayMs);
  }

  readonly #onIdleCheck = (): void => {
    this.#idleTimer = undefined;
    if (this.#endReason !== undefined) return;
    const limit = this.#options.idleTimeoutMs;
    const idle = Date.now() - this.#lastActivity;
    // A commit (UPDATE) in progress is never cut: its client is waiting for the +OK.
    if (idle < limit || this.#session.committing || this.#handshaking) {
      this.#watchIdle(idle < limit ? limit - idle : limit);
      return;
    }
    this.#abort('timeout', true);
  };

  readonly #onError = (error: Error): void => {
    this.#error ??= (error as { code?: string }).code ?? error.message;
    this.#ended('error');
  };

  #onClose!: () => void;

  #attach(socket: Socket): void {
    this.#closed = new Promise<void>((resolve) => {
      this.#onClose = () => {
        this.#ended('closed');
        resolve();
      };
    });
    socket.on('data', this.#onData);
    socket.on('error', this.#onError);
    socket.on('close', this.#onClose);
    if (socket.destroyed) this.#onClose();
  }

  #detach(socket: Socket): void {
    socket.off('data', this.#onData);
    socket.off('error', this.#onError);
    socket.off('close', this.#onClose);
  }
}

function isPullable<E>(
  actions: AsyncIterator<DriverAction<E>>,
): actions is PullableActions<DriverAction<E>> {
  return typeof (actions as Partial<PullableActions<DriverAction<E>>>).nextNow === 'function';
}
