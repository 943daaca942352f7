/**
 * Where a command's output goes: into a buffer (the next command of a pipeline, a file) or to
 * the terminal. Text is UTF-8; the terminal side turns LF into CR LF, since there is no tty
 * layer here to do it.
 */
import type { LineEditor } from '../terminal/line-editor';
import { toTerminalNewlines } from '../terminal/ansi';

export interface Output {
  write(chunk: string | Uint8Array): void;
}

const encoder = new TextEncoder();

export class BufferOutput implements Output {
  readonly #chunks: Uint8Array[] = [];

  write(chunk: string | Uint8Array): void {
    this.#chunks.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk.slice());
  }

  bytes(): Uint8Array {
    const length = this.#chunks.reduce((sum, c) => sum + c.length, 0);
    const out = new Uint8Array(length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  text(): string {
    return new TextDecoder().decode(this.bytes());
  }
}

export class TerminalOutput implements Output {
  readonly #editor: LineEditor;
  readonly #decoder = new TextDecoder();
  /** A CR at the end of a chunk may be the first half of a CR LF. */
  #pendingCr = false;

  constructor(editor: LineEditor) {
    this.#editor = editor;
  }

  write(chunk: string | Uint8Array): void {
    let text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    if (this.#pendingCr) text = '\r' + text;
    this.#pendingCr = text.endsWith('\r');
    if (this.#pendingCr) text = text.slice(0, -1);
    this.#editor.print(toTerminalNewlines(text));
  }
}

/** What a command reads: the terminal (typed lines) or the bytes of a pipe or a file. */
export type Input =
  { readonly kind: 'terminal' } | { readonly kind: 'bytes'; readonly bytes: Uint8Array };
