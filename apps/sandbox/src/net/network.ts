/**
 * The in-page network: host names that reach this machine and the services listening on its
 * ports. It knows nothing of POP3: a listener is any `ProtocolService`, so SMTP or IMAP later
 * is one more `listen` call. Unknown hosts and closed ports answer at once, never a hang.
 */
import type { ConnectionInfo, ProtocolService } from '@pop3-lab/protocol';
import { Connection, type ConnectionObserver } from './connection';

/** How a port carries TLS: from the first byte (995), by upgrade (110 with STLS), or not at all. */
export type PortTls = 'implicit' | 'starttls' | 'none';

export interface PortListener {
  readonly port: number;
  readonly tls: PortTls;
  readonly service: ProtocolService;
}

export type ConnectResult =
  | { readonly ok: true; readonly address: string; readonly connection: Connection }
  | { readonly ok: false; readonly error: 'unknown-host' }
  | { readonly ok: false; readonly error: 'refused'; readonly address: string };

export interface Network {
  /** The address a host name stands for, or undefined when it cannot be resolved. */
  resolve(host: string): string | undefined;
  connect(host: string, port: number): ConnectResult;
  /** Host names and ports, for help texts and /etc/hosts. */
  readonly hostNames: readonly string[];
  readonly listeners: readonly PortListener[];
}

export const LOOPBACK = '127.0.0.1';

/** What a service is told about a connection here: the usual, plus its number in the lab. */
export interface LabConnectionInfo extends ConnectionInfo {
  readonly connectionId: number;
}

export class InPageNetwork implements Network {
  readonly #hosts: Map<string, string>;
  readonly #listeners = new Map<number, PortListener>();
  readonly #observer: ConnectionObserver | undefined;
  #nextId = 1;

  constructor(options: { hostNames: readonly string[]; observer?: ConnectionObserver }) {
    this.#hosts = new Map(options.hostNames.map((name) => [name.toLowerCase(), LOOPBACK]));
    this.#hosts.set(LOOPBACK, LOOPBACK);
    this.#observer = options.observer;
  }

  get hostNames(): readonly string[] {
    return [...this.#hosts.keys()].filter((name) => name !== LOOPBACK);
  }

  get listeners(): readonly PortListener[] {
    return [...this.#listeners.values()].sort((a, b) => a.port - b.port);
  }

  listen(port: number, tls: PortTls, service: ProtocolService): void {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new RangeError(`bad port ${port}`);
    if (this.#listeners.has(port)) throw new Error(`port ${port} is already in use`);
    this.#listeners.set(port, { port, tls, service });
  }

  /** Stops listening on every port; open connections are not touched. */
  unlistenAll(): void {
    this.#listeners.clear();
  }

  resolve(host: string): string | undefined {
    return this.#hosts.get(host.toLowerCase().replace(/\.$/, ''));
  }

  connect(host: string, port: number): ConnectResult {
    const address = this.resolve(host);
    if (address === undefined) return { ok: false, error: 'unknown-host' };
    const listener = this.#listeners.get(port);
    if (!listener) return { ok: false, error: 'refused', address };
    const id = this.#nextId++;
    const info: LabConnectionInfo = {
      connectionId: id,
      remoteAddress: LOOPBACK,
      loopback: true,
      tls:
        listener.tls === 'implicit'
          ? 'active'
          : listener.tls === 'starttls'
            ? 'available'
            : 'unavailable',
      localPort: port,
    };
    const connection = new Connection({
      id,
      host,
      info,
      implicitTls: listener.tls === 'implicit',
      service: listener.service,
      observer: this.#observer,
    });
    return { ok: true, address, connection };
  }
}
