/**
 * Listeners and the connections they accept, for any protocol. A listener pairs a
 * `ProtocolService` with an address and a TLS mode; every accepted connection gets a session
 * from that service and a `ConnectionDriver`. SMTP or IMAP later is one more `listen()` call
 * with another service, on another port.
 *
 * The host also owns what is shared across its listeners: the connection limit, the TLS
 * credentials, and an orderly stop.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { ConnectionInfo, ProtocolService } from '@pop3-lab/protocol';
import {
  ConnectionDriver,
  type ConnectionObserver,
  type ConnectionSummary,
  WRITE_BATCH_BYTES,
} from './connection-driver';
import { isLoopbackAddress } from './peer-address';
import { serverHandshake } from './tls-handshake';

/**
 * - `plain`: no TLS at all;
 * - `upgradable`: plain text, and the session may switch to TLS (STLS, STARTTLS);
 * - `implicit`: TLS from the first byte (POP3S, RFC 8314 §3.3).
 */
export type ListenerSecurity = 'plain' | 'upgradable' | 'implicit';

export interface ListenerSpec {
  // A host serves sessions of any event type; the observer receives them as they come.
  readonly service: ProtocolService<unknown>;
  readonly host: string;
  readonly port: number;
  readonly security: ListenerSecurity;
}

export interface ConnectionContext {
  /** Numbered from 1 in order of acceptance, across all listeners. */
  readonly id: number;
  readonly service: string;
  readonly security: ListenerSecurity;
  readonly info: ConnectionInfo;
  readonly remotePort: number;
}

export interface SessionObserver extends ConnectionObserver<unknown> {
  closed?(summary: ConnectionSummary): void;
}

export interface HostOptions {
  readonly idleTimeoutMs: number;
  /** Connections at once, across all listeners, TLS handshakes included. */
  readonly maxConnections: number;
  /** Needed by `upgradable` and `implicit` listeners. */
  readonly secureContext?: SecureContext;
  readonly handshakeTimeoutMs?: number;
  /** Bytes written to a plain connection turned away by the limit, before closing it. */
  readonly refusal?: (service: ProtocolService<unknown>) => Uint8Array;
  /** Called for each session that starts; what it returns hears about that session. */
  readonly observe?: (context: ConnectionContext) => SessionObserver | undefined;
  /** A connection that never started a session: over the limit, or its TLS handshake failed. */
  readonly rejected?: (event: RejectedConnection) => void;
}

export interface RejectedConnection {
  readonly service: string;
  readonly remoteAddress: string;
  readonly localPort: number;
  readonly reason: 'limit' | 'tls-handshake' | 'session-failed';
  readonly detail?: string;
}

export class ListenError extends Error {
  override name = 'ListenError';
}

const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;

export class ConnectionHost {
  readonly #options: HostOptions;
  readonly #servers: Server[] = [];
  readonly #drivers = new Set<ConnectionDriver<unknown>>();
  /** Accepted sockets that have no driver yet (implicit TLS handshake in progress). */
  readonly #pending = new Set<Socket>();
  #nextId = 1;
  #closing: Promise<void> | undefined;

  constructor(options: HostOptions) {
    if (!Number.isInteger(options.maxConnections) || options.maxConnections < 1) {
      throw new RangeError(
        `maxConnections must be a whole number ≥ 1, got ${options.maxConnections}`,
      );
    }
    if (!(options.idleTimeoutMs > 0)) throw new RangeError('idleTimeoutMs must be above 0');
    this.#options = options;
  }

  /** Connections open now (sessions and handshakes). */
  get connections(): number {
    return this.#drivers.size + this.#pending.size;
  }

  /** Starts a listener; resolves with the bound address (useful with port 0). */
  listen(spec: ListenerSpec): Promise<AddressInfo> {
    if (this.#closing) return Promise.reject(new ListenError('the server is stopping'));
    if (spec.security !== 'plain' && !this.#options.secureContext) {
      return Promise.reject(new ListenError(`a ${spec.security} TLS listener needs a certificate`));
    }
    // The write buffer holds a batch (WRITE_BATCH_BYTES) before back-pressure: with Node's
    // default of 16 KiB, pipelined RETRs went out one message per system call.
    const server = createServer({ noDelay: true, highWaterMark: WRITE_BATCH_BYTES }, (socket) =>
      this.#accept(socket, spec),
    );
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void =>
        reject(new ListenError(describeListenError(error, spec)));
      server.once('error', onError);
      server.listen({ host: spec.host, port: spec.port }, () => {
        server.off('error', onError);
        // Accept errors (EMFILE…) are logged by the caller's process handlers; keep serving.
        server.on('error', () => undefined);
        this.#servers.push(server);
        resolve(server.address() as AddressInfo);
      });
    });
  }

  /**
   * Stop accepting; let sessions in the middle of a commit (UPDATE) finish; end every other
   * session without applying its deletions. After `graceMs`, whatever remains is cut.
   * Idempotent: a second call returns the same promise.
   */
  close(graceMs = 30_000): Promise<void> {
    this.#closing ??= this.#close(graceMs);
    return this.#closing;
  }

  async #close(graceMs: number): Promise<void> {
    const stopped = this.#servers.map(
      (server) => new Promise<void>((resolve) => server.close(() => resolve())),
    );
    for (const socket of this.#pending) socket.destroy();
    const drivers = [...this.#drivers];
    for (const driver of drivers) driver.shutdown();
    const all = Promise.all(drivers.map((driver) => driver.done));
    const timer = setTimeout(() => {
      for (const driver of drivers) driver.abort('shutdown');
    }, graceMs);
    await all;
    clearTimeout(timer);
    await Promise.all(stopped);
  }

  #accept(socket: Socket, spec: ListenerSpec): void {
    socket.on('error', () => undefined); // until a driver takes over; it records errors
    const remoteAddress = socket.remoteAddress ?? 'unknown';
    const localPort = socket.localPort ?? spec.port;
    if (this.#closing) {
      socket.destroy();
      return;
    }
    if (this.connections >= this.#options.maxConnections) {
      this.#options.rejected?.({
        service: spec.service.name,
        remoteAddress,
        localPort,
        reason: 'limit',
      });
      const refusal =
        spec.security === 'implicit' ? undefined : this.#options.refusal?.(spec.service);
      if (refusal) socket.end(refusal);
      else socket.destroy();
      socket.setTimeout(5_000, () => socket.destroy());
      return;
    }
    if (spec.security !== 'implicit') {
      this.#start(socket, spec, 'plain');
      return;
    }
    this.#pending.add(socket);
    const timeout = this.#options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    void serverHandshake(socket, this.#options.secureContext as SecureContext, timeout).then(
      (result) => {
        this.#pending.delete(socket);
        if (!result.ok) {
          this.#options.rejected?.({
            service: spec.service.name,
            remoteAddress,
            localPort,
            reason: 'tls-handshake',
            detail: result.error,
          });
          result.socket.destroy();
          return;
        }
        if (this.#closing) {
          result.socket.destroy();
          return;
        }
        this.#start(result.socket, spec, 'active');
      },
    );
  }

  #start(socket: Socket, spec: ListenerSpec, transport: 'plain' | 'active'): void {
    const info: ConnectionInfo = {
      remoteAddress: socket.remoteAddress ?? 'unknown',
      loopback: isLoopbackAddress(socket.remoteAddress),
      tls:
        transport === 'active'
          ? 'active'
          : spec.security === 'upgradable'
            ? 'available'
            : 'unavailable',
      localPort: socket.localPort ?? spec.port,
    };
    const context: ConnectionContext = {
      id: this.#nextId++,
      service: spec.service.name,
      security: spec.security,
      info,
      remotePort: socket.remotePort ?? 0,
    };
    let observer: SessionObserver | undefined;
    let driver: ConnectionDriver<unknown>;
    try {
      observer = this.#options.observe?.(context);
      // Events nobody receives need not be made.
      const session = spec.service.createSession({
        ...info,
        events: observer?.event !== undefined,
      });
      driver = new ConnectionDriver(socket, session, {
        idleTimeoutMs: this.#options.idleTimeoutMs,
        secureContext: this.#options.secureContext,
        handshakeTimeoutMs: this.#options.handshakeTimeoutMs,
        observer,
      });
    } catch (error) {
      this.#options.rejected?.({
        service: spec.service.name,
        remoteAddress: info.remoteAddress,
        localPort: info.localPort,
        reason: 'session-failed',
        detail: error instanceof Error ? error.message : String(error),
      });
      socket.destroy();
      return;
    }
    this.#drivers.add(driver);
    void driver.done.then((summary) => {
      this.#drivers.delete(driver);
      observer?.closed?.(summary);
    });
  }
}

function describeListenError(error: Error, spec: ListenerSpec): string {
  const where = `${spec.host}:${spec.port}`;
  switch ((error as { code?: string }).code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: the port is already in use`;
    case 'EACCES':
      return `cannot listen on ${where}: permission denied (ports below 1024 need privileges)`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: that address does not belong to this machine`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on ${where}: unknown host name`;
    default:
      return `cannot listen on ${where}: ${error.message}`;
  }
}
