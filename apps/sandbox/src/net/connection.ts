/**
 * One in-page TCP connection between a client command (telnet, nc, openssl) and a service.
 * The client side sends bytes and is told of data and of the close; the server side feeds the
 * engine and carries out its actions in order (send, start-tls, event, close).
 *
 * TLS is simulated: no byte is encrypted, but the rules are kept. On an implicit-TLS port, and
 * after the engine asks for start-tls, the server waits for a handshake; a client that sends
 * plain text instead (telnet after STLS) breaks the connection, as a real server would
 * (RFC 2595 §4, RFC 8314 §3.3).
 */
import type { ConnectionInfo, ProtocolService, ProtocolSession } from '@pop3-lab/protocol';

/** Why a connection ended. */
export type CloseCause =
  /** The server closed it (QUIT, a fatal error). */
  | 'server'
  /** The client closed it (telnet's `close`, Ctrl-C in nc). */
  | 'client'
  /** The server expected a TLS handshake and got plain text. */
  | 'tls-failure'
  /** The lab was reset. */
  | 'reset';

/** What the lab's views learn about every connection. */
export interface ConnectionObserver {
  opened(connection: Connection): void;
  clientBytes(connection: Connection, bytes: Uint8Array): void;
  serverBytes(connection: Connection, bytes: Uint8Array): void;
  engineEvent(connection: Connection, event: unknown): void;
  tls(connection: Connection, change: 'awaiting-handshake' | 'established'): void;
  /** Plain text arrived where a TLS handshake was due. */
  tlsViolation(connection: Connection, bytes: Uint8Array): void;
  closed(connection: Connection, cause: CloseCause): void;
}

export interface ClientHandlers {
  data(bytes: Uint8Array): void;
  closed(cause: CloseCause): void;
}

export type TransportTls = 'plain' | 'awaiting-handshake' | 'secure';

export class Connection {
  readonly id: number;
  readonly host: string;
  readonly info: ConnectionInfo;
  readonly #service: ProtocolService;
  readonly #observer: ConnectionObserver | undefined;
  #session: ProtocolSession | undefined;
  #tls: TransportTls;
  #open = true;
  #client: ClientHandlers | undefined;
  /** Data for the client that arrived before it subscribed. */
  #early: Uint8Array[] = [];
  #closeCause: CloseCause | undefined;
  /** The client has begun a TLS handshake: what it sends now is TLS, not text. */
  #clientHelloSent = false;
  /** The engine waits (after start-tls) for the handshake to finish. */
  #serverWaiting: (() => void) | undefined;
  /** The client began the handshake before the engine asked for TLS (its +OK was on its way). */
  #earlyHello: { complete(): void; fail(error: Error): void } | undefined;

  constructor(options: {
    id: number;
    host: string;
    info: ConnectionInfo;
    implicitTls: boolean;
    service: ProtocolService;
    observer: ConnectionObserver | undefined;
  }) {
    this.id = options.id;
    this.host = options.host;
    this.info = options.info;
    this.#service = options.service;
    this.#observer = options.observer;
    this.#tls = options.implicitTls ? 'awaiting-handshake' : 'plain';
    this.#observer?.opened(this);
    if (options.implicitTls) this.#observer?.tls(this, 'awaiting-handshake');
    else this.#startSession();
  }

  get port(): number {
    return this.info.localPort;
  }

  get tls(): TransportTls {
    return this.#tls;
  }

  get open(): boolean {
    return this.#open;
  }

  get serviceName(): string {
    return this.#service.name;
  }

  /** The client's callbacks. Data that came earlier is delivered now. */
  attach(handlers: ClientHandlers): void {
    this.#client = handlers;
    const early = this.#early;
    this.#early = [];
    for (const bytes of early) handlers.data(bytes);
    if (!this.#open && this.#closeCause) handlers.closed(this.#closeCause);
  }

  /** Bytes from the client. */
  send(bytes: Uint8Array): void {
    if (!this.#open || bytes.length === 0) return;
    this.#observer?.clientBytes(this, bytes);
    if (this.#tls === 'awaiting-handshake' && !this.#clientHelloSent) {
      // A TLS record starts with a content type byte (22 for a handshake); typed text does not.
      this.#observer?.tlsViolation(this, bytes);
      this.#close('tls-failure');
      return;
    }
    this.#session?.receive(bytes);
  }

  /**
   * The client starts TLS (openssl s_client). Resolves when the server side has completed the
   * handshake; rejects if the connection closes first.
   */
  handshake(): Promise<void> {
    if (this.#tls === 'secure') return Promise.resolve();
    this.#clientHelloSent = true;
    return new Promise<void>((resolve, reject) => {
      if (!this.#open) {
        reject(new Error('connection closed'));
        return;
      }
      const complete = () => {
        this.#tls = 'secure';
        this.#observer?.tls(this, 'established');
        resolve();
      };
      if (this.#tls === 'plain') {
        this.#earlyHello = { complete, fail: reject };
      } else if (this.#session === undefined) {
        // Implicit TLS: the session begins once the channel is secure.
        complete();
        this.#startSession();
      } else {
        const server = this.#serverWaiting;
        this.#serverWaiting = undefined;
        complete();
        server?.();
      }
    });
  }

  /** The client closes the connection. */
  close(cause: CloseCause = 'client'): void {
    this.#close(cause);
  }

  #startSession(): void {
    const session = this.#service.createSession(this.info);
    this.#session = session;
    void this.#pump(session);
  }

  async #pump(session: ProtocolSession): Promise<void> {
    try {
      for await (const action of session) {
        if (!this.#open) {
          // The client has gone: the engine still reports how the session ended (no UPDATE,
          // RFC 1939 §6), which the views and the labs want to see; nothing more is sent.
          if (action.type === 'event') this.#observer?.engineEvent(this, action.event);
          continue;
        }
        switch (action.type) {
          case 'send':
            this.#observer?.serverBytes(this, action.bytes);
            this.#deliver(action.bytes);
            break;
          case 'event':
            this.#observer?.engineEvent(this, action.event);
            break;
          case 'start-tls':
            await this.#awaitHandshake();
            if (!this.#open) return;
            break;
          case 'close':
            this.#close('server');
            return;
        }
      }
    } catch (error) {
      console.error('in-page server session failed', error);
    }
    this.#close('server');
  }

  #awaitHandshake(): Promise<void> {
    this.#tls = 'awaiting-handshake';
    this.#observer?.tls(this, 'awaiting-handshake');
    const early = this.#earlyHello;
    this.#earlyHello = undefined;
    if (early) {
      early.complete();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.#serverWaiting = resolve;
    });
  }

  #deliver(bytes: Uint8Array): void {
    if (this.#client) this.#client.data(bytes);
    else this.#early.push(bytes);
  }

  #close(cause: CloseCause): void {
    if (!this.#open) return;
    this.#open = false;
    this.#closeCause = cause;
    this.#session?.end(
      cause === 'tls-failure' ? 'error' : cause === 'reset' ? 'shutdown' : 'closed',
    );
    const server = this.#serverWaiting;
    this.#serverWaiting = undefined;
    server?.();
    this.#earlyHello?.fail(new Error('connection closed'));
    this.#earlyHello = undefined;
    this.#observer?.closed(this, cause);
    this.#client?.closed(cause);
  }
}
