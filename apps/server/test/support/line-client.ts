/**
 * A small client for tests: connect over TCP or TLS, send lines, read lines or whole
 * multi-line responses, upgrade to TLS in place (STLS), and see the server close.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

export interface ClientOptions {
  readonly port: number;
  readonly host?: string;
  /** Connect with TLS from the first byte, trusting this PEM certificate. */
  readonly tlsCa?: string;
}

export class LineClient {
  #socket: Socket;
  #buffer = Buffer.alloc(0);
  #waiters: (() => void)[] = [];
  #closed = false;
  readonly closed: Promise<void>;
  #resolveClosed!: () => void;

  private constructor(socket: Socket) {
    this.#socket = socket;
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#listen(socket);
  }

  static async open(options: ClientOptions): Promise<LineClient> {
    const host = options.host ?? '127.0.0.1';
    const socket =
      options.tlsCa === undefined
        ? netConnect({ host, port: options.port })
        : tlsConnect({ host, port: options.port, ca: options.tlsCa, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      socket.once(options.tlsCa === undefined ? 'connect' : 'secureConnect', () => resolve());
      socket.once('error', reject);
    });
    return new LineClient(socket);
  }

  get socket(): Socket {
    return this.#socket;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  send(line: string): void {
    this.#socket.write(line + '\r\n');
  }

  write(bytes: string | Uint8Array): void {
    this.#socket.write(bytes);
  }

  /** One line without its CRLF; rejects if the connection closes first. */
  async line(timeoutMs = 5_000): Promise<string> {
    const bytes = await this.#until((buffer) => {
      const lf = buffer.indexOf(0x0a);
      return lf === -1 ? -1 : lf + 1;
    }, timeoutMs);
    return bytes.toString('utf8').replace(/\r?\n$/, '');
  }

  /** Sends a command and returns its one-line reply. */
  async command(line: string): Promise<string> {
    this.send(line);
    return this.line();
  }

  /**
   * A multi-line response: the status line, then data lines up to the lone ".", returned as
   * raw bytes (still byte-stuffed) so tests can check the wire format.
   */
  async multiline(timeoutMs = 10_000): Promise<{ status: string; body: Buffer }> {
    const status = await this.line(timeoutMs);
    if (!status.startsWith('+OK')) return { status, body: Buffer.alloc(0) };
    const body = await this.#until((buffer) => {
      if (buffer.length >= 3 && buffer.subarray(0, 3).toString() === '.\r\n') return 3;
      const end = buffer.indexOf('\r\n.\r\n');
      return end === -1 ? -1 : end + 5;
    }, timeoutMs);
    return { status, body: body.subarray(0, Math.max(0, body.length - 3)) };
  }

  /** Upgrades this connection to TLS (after the server's +OK to STLS). */
  async startTls(ca: string): Promise<TLSSocket> {
    const plain = this.#socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    const secure = tlsConnect({ socket: plain, ca, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      secure.once('error', reject);
    });
    this.#socket = secure;
    this.#listen(secure);
    return secure;
  }

  /** Resolves once the server has closed the connection (data still unread is kept). */
  async waitClosed(timeoutMs = 5_000): Promise<void> {
    await Promise.race([
      this.closed,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('connection still open')), timeoutMs),
      ),
    ]);
  }

  /** Everything received and not read yet. */
  drain(): Buffer {
    const all = this.#buffer;
    this.#buffer = Buffer.alloc(0);
    return all;
  }

  close(): void {
    this.#socket.destroy();
  }

  #listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#notify();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.#closed = true;
      this.#resolveClosed();
      this.#notify();
    });
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  async #until(find: (buffer: Buffer) => number, timeoutMs: number): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = find(this.#buffer);
      if (end !== -1) {
        const taken = this.#buffer.subarray(0, end);
        this.#buffer = this.#buffer.subarray(end);
        return Buffer.from(taken);
      }
      if (this.#closed) {
        throw new Error(`connection closed; unread: ${JSON.stringify(this.#buffer.toString())}`);
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out; unread: ${JSON.stringify(this.#buffer.toString())}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
