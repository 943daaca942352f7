/**
 * A terminal for tests: records what is written, interprets the escapes the editor and the
 * shell use into a screen (rows of characters and a cursor, with xterm's deferred wrap), and
 * lets a test type as xterm's onData would deliver it.
 */
import type { TerminalLike } from '../../src/terminal/terminal-like';

export class FakeTerminal implements TerminalLike {
  readonly cols: number;
  written = '';
  #listeners: ((data: string) => void)[] = [];
  #rows: string[][] = [[]];
  #x = 0;
  #y = 0;
  #pendingWrap = false;

  constructor(cols = 80) {
    this.cols = cols;
  }

  onData(listener: (data: string) => void): { dispose(): void } {
    this.#listeners.push(listener);
    return {
      dispose: () => {
        this.#listeners = this.#listeners.filter((l) => l !== listener);
      },
    };
  }

  /** Delivers input as xterm would (one key press or one paste per call). */
  type(data: string): void {
    for (const listener of [...this.#listeners]) listener(data);
  }

  write(data: string): void {
    this.written += data;
    let i = 0;
    while (i < data.length) {
      const ch = data[i] as string;
      if (ch === '\x1b') {
        const match = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(data.slice(i));
        if (!match) throw new Error(`unexpected escape at ${JSON.stringify(data.slice(i, i + 8))}`);
        this.#csi(match[1] ?? '', match[2] as string);
        i += match[0].length;
        continue;
      }
      if (ch === '\r') {
        this.#x = 0;
        this.#pendingWrap = false;
      } else if (ch === '\n') {
        this.#down();
      } else if (ch === '\b') {
        this.#x = Math.max(0, this.#x - 1);
        this.#pendingWrap = false;
      } else {
        if (this.#pendingWrap) {
          this.#x = 0;
          this.#down();
        }
        const row = this.#row(this.#y);
        while (row.length < this.#x) row.push(' ');
        row[this.#x] = ch;
        if (this.#x === this.cols - 1) this.#pendingWrap = true;
        else this.#x += 1;
      }
      i += 1;
    }
  }

  /** The screen as text, trailing spaces and trailing empty rows removed. */
  get screen(): string {
    const lines = this.#rows.map((row) => row.join('').replace(/\s+$/, ''));
    while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }

  get cursor(): { x: number; y: number } {
    return { x: this.#x, y: this.#y };
  }

  /** The row the cursor is on. */
  get currentLine(): string {
    return this.#row(this.#y).join('').replace(/\s+$/, '');
  }

  #row(y: number): string[] {
    while (this.#rows.length <= y) this.#rows.push([]);
    return this.#rows[y] as string[];
  }

  #down(): void {
    this.#y += 1;
    this.#row(this.#y);
    this.#pendingWrap = false;
  }

  #csi(params: string, final: string): void {
    const n = Number.parseInt(params || '1', 10);
    this.#pendingWrap = false;
    switch (final) {
      case 'A':
        this.#y = Math.max(0, this.#y - n);
        break;
      case 'B':
        this.#y += n;
        this.#row(this.#y);
        break;
      case 'C':
        this.#x = Math.min(this.cols - 1, this.#x + n);
        break;
      case 'D':
        this.#x = Math.max(0, this.#x - n);
        break;
      case 'H':
        this.#x = 0;
        this.#y = 0;
        break;
      case 'J':
        if (params === '2' || params === '3') {
          if (params === '2') this.#rows = this.#rows.map(() => []);
        } else {
          this.#row(this.#y).length = Math.min(this.#row(this.#y).length, this.#x);
          this.#rows.length = this.#y + 1;
        }
        break;
      case 'K':
        this.#row(this.#y).length = Math.min(this.#row(this.#y).length, this.#x);
        break;
      case 'm':
      case 'h':
      case 'l':
        break;
      default:
        throw new Error(`unsupported CSI ${params}${final}`);
    }
  }
}
