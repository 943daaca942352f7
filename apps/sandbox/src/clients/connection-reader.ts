/**
 * The client end of an in-page connection as the network commands use it: incoming bytes go
 * to an output (the terminal) or to whoever waits for the next line; the close is a promise.
 */
import type { CloseCause, Connection } from '../net/connection';
import type { Output } from '../shell/io';

export class ConnectionReader {
  readonly connection: Connection;
  readonly closed: Promise<CloseCause>;
  #output: Output | undefined;
  #pending: number[] = [];
  #lineWaiter: ((line: string | undefined) => void) | undefined;
  #lastData = Date.now();
  #cause: CloseCause | undefined;
  #onClose: (() => void) | undefined;

  constructor(connection: Connection, onClose?: () => void) {
    this.connection = connection;
    this.#onClose = onClose;
    let resolveClosed: (cause: CloseCause) => void = () => {};
    this.closed = new Promise<CloseCause>((resolve) => (resolveClosed = resolve));
    connection.attach({
      data: (bytes) => {
        this.#lastData = Date.now();
        if (this.#output && !this.#lineWaiter) this.#output.write(bytes);
        else {
          this.#pending.push(...bytes);
          this.#checkLine();
        }
      },
      closed: (cause) => {
        this.#cause = cause;
        this.#lineWaiter?.(undefined);
        this.#lineWaiter = undefined;
        resolveClosed(cause);
        this.#onClose?.();
      },
    });
  }

  /** The command is over: a later close must not touch the terminal any more. */
  release(): void {
    this.#onClose = undefined;
    if (this.connection.open) this.connection.close();
  }

  get cause(): CloseCause | undefined {
    return this.#cause;
  }

  /** From now on, incoming data (and what arrived before) is written to `output`. */
  pipeTo(output: Output): void {
    this.#output = output;
    if (this.#pending.length > 0) {
      output.write(Uint8Array.from(this.#pending));
      this.#pending = [];
    }
  }

  /** The next line from the server, without its CRLF; undefined if the connection closes first. */
  nextLine(): Promise<string | undefined> {
    return new Promise((resolve) => {
      if (this.#cause) {
        resolve(undefined);
        return;
      }
      this.#lineWaiter = resolve;
      this.#checkLine();
    });
  }

  /** Resolves once the server has closed, or has sent nothing for `quietMs`. */
  async settle(quietMs: number, signal: AbortSignal): Promise<void> {
    while (!this.#cause && !signal.aborted) {
      const idle = Date.now() - this.#lastData;
      if (idle >= quietMs) return;
      await Promise.race([this.closed, new Promise((r) => setTimeout(r, quietMs - idle))]);
    }
  }

  #checkLine(): void {
    if (!this.#lineWaiter) return;
    const end = this.#pending.indexOf(0x0a);
    if (end === -1) return;
    const line = new TextDecoder()
      .decode(Uint8Array.from(this.#pending.slice(0, end)))
      .replace(/\r$/, '');
    this.#pending = this.#pending.slice(end + 1);
    const waiter = this.#lineWaiter;
    this.#lineWaiter = undefined;
    waiter(line);
  }
}

/** Well-known service names a port may be given as. */
const SERVICES: Record<string, number> = {
  telnet: 23,
  smtp: 25,
  pop3: 110,
  pop: 110,
  'pop-3': 110,
  imap: 143,
  imap2: 143,
  submission: 587,
  imaps: 993,
  pop3s: 995,
};

export function parsePort(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const port = Number(text);
    return port >= 1 && port <= 65535 ? port : undefined;
  }
  return SERVICES[text.toLowerCase()];
}

export function serviceName(port: number): string {
  return Object.entries(SERVICES).find(([, p]) => p === port)?.[0] ?? String(port);
}
