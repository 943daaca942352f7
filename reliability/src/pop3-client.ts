/**
 * A small POP3 client for the harnesses: connect on loopback, send commands, read status lines
 * and multi-line replies (returned unstuffed, the raw octets kept too), with a time limit on
 * every wait. Replies are parsed from one growing buffer without copying it per line.
 */
import { connect, type Socket } from 'node:net';

export class Pop3Error extends Error {
  override name = 'Pop3Error';
}

export interface MultiLine {
  readonly status: string;
  /** The data with byte-stuffing undone, CRLF line ends. */
  readonly body: Buffer;
  /** Every line of the reply, status and terminator included, within 512 octets? */
  readonly longestLine: number;
}

const CRLF = Buffer.from('\r\n');

export class Pop3Client {
  readonly socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #start = 0;
  #closed = false;
  #wake: (() => void) | undefined;
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.#closed = true;
        this.#wake?.();
        resolve();
      });
    });
    socket.on('data', (chunk: Buffer) => {
      const pending = this.#buffer.length - this.#start;
      this.#buffer =
        pending === 0 ? chunk : Buffer.concat([this.#buffer.subarray(this.#start), chunk]);
      this.#start = 0;
      this.#wake?.();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number, timeoutMs = 10_000): Promise<Pop3Client> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Pop3Error(`connect timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new Pop3Client(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  write(data: string | Uint8Array): boolean {
    return this.socket.write(data);
  }

  /** One line, without CRLF. */
  async line(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.#buffer.indexOf(CRLF, this.#start);
      if (end !== -1) {
        const text = this.#buffer.toString('latin1', this.#start, end);
        this.#start = end + 2;
        return text;
      }
      await this.#more(deadline, 'a line');
    }
  }

  async command(line: string, timeoutMs?: number): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.line(timeoutMs);
  }

  /** Sends a command whose +OK reply is multi-line; a -ERR comes back with an empty body. */
  async multiline(line: string, timeoutMs = 30_000): Promise<MultiLine> {
    this.socket.write(`${line}\r\n`);
    const deadline = Date.now() + timeoutMs;
    const status = await this.line(timeoutMs);
    let longestLine = status.length + 2;
    if (!status.startsWith('+OK')) return { status, body: Buffer.alloc(0), longestLine };
    const parts: Buffer[] = [];
    for (;;) {
      const end = this.#buffer.indexOf(CRLF, this.#start);
      if (end === -1) {
        await this.#more(deadline, `the end of "${line}"`);
        continue;
      }
      longestLine = Math.max(longestLine, end + 2 - this.#start);
      const isDot = end - this.#start === 1 && this.#buffer[this.#start] === 0x2e;
      const skip = this.#buffer[this.#start] === 0x2e ? 1 : 0;
      if (!isDot) parts.push(this.#buffer.subarray(this.#start + skip, end + 2));
      this.#start = end + 2;
      if (isDot) return { status, body: Buffer.concat(parts), longestLine };
    }
  }

  /** Waits for the server to close the connection. */
  async waitClosed(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#closed) await this.#more(deadline, 'the server to close', true);
  }

  close(): void {
    this.socket.destroy();
  }

  async #more(deadline: number, what: string, closing = false): Promise<void> {
    if (this.#closed && !closing)
      throw new Pop3Error(`connection closed while waiting for ${what}`);
    const left = deadline - Date.now();
    if (left <= 0) throw new Pop3Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }
}
