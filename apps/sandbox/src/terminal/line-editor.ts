/**
 * The glue between a terminal and the line buffer: reads one line at a time with editing,
 * history, Ctrl-C, Ctrl-L and paste, and draws it. Keys typed while no line is being read
 * wait in a queue (type-ahead), except Ctrl-C, which goes to the interrupt handler at once so
 * a running command can be stopped.
 */
import type { History } from './history';
import { type Key, parseKeys, pasteToKeys } from './key-parser';
import { LineBuffer } from './line-buffer';
import type { TerminalLike } from './terminal-like';
import { visibleWidth } from './ansi';

export type ReadResult =
  | { readonly type: 'line'; readonly text: string }
  /** Ctrl-C: the line is abandoned. */
  | { readonly type: 'interrupt'; readonly text: string }
  /** Ctrl-D on an empty line. */
  | { readonly type: 'eof' }
  /** Ctrl-] (only when `escapeChar` is set). */
  | { readonly type: 'escape' }
  /** `cancel()` was called (the connection closed while the user was typing). */
  | { readonly type: 'cancelled' };

export interface ReadOptions {
  /** Drawn before the line; may hold ANSI colours. */
  readonly prompt: string;
  /** Up/down walk this history; the line is added to it on Enter. */
  readonly history?: History;
  /** Report Ctrl-] as `escape` (telnet's escape character). */
  readonly escapeChar?: boolean;
}

interface PendingRead {
  readonly options: ReadOptions;
  readonly buffer: LineBuffer;
  readonly resolve: (result: ReadResult) => void;
}

export class LineEditor {
  readonly #term: TerminalLike;
  readonly #subscription: { dispose(): void };
  readonly #queue: Key[] = [];
  #read: PendingRead | undefined;
  /** Rows between the first row of the prompt and the cursor. */
  #cursorRow = 0;
  /** Output printed during a read that did not end with a line break: drawn before the prompt. */
  #partial = '';
  #onInterrupt: (() => void) | undefined;

  constructor(term: TerminalLike) {
    this.#term = term;
    this.#subscription = term.onData((data) => this.#input(data));
  }

  /** What Ctrl-C does while no line is being read (stop the running command). */
  set onInterrupt(handler: (() => void) | undefined) {
    this.#onInterrupt = handler;
  }

  /** The terminal's width in columns. */
  get columns(): number {
    return this.#term.cols;
  }

  get reading(): boolean {
    return this.#read !== undefined;
  }

  read(options: ReadOptions): Promise<ReadResult> {
    if (this.#read) throw new Error('a line is already being read');
    options.history?.restart();
    return new Promise<ReadResult>((resolve) => {
      this.#read = { options, buffer: new LineBuffer(), resolve };
      this.#cursorRow = 0;
      this.#render();
      this.#drain();
    });
  }

  /** Ends a read in progress, leaving what was typed on screen. */
  cancel(): void {
    const read = this.#read;
    if (!read) return;
    if (read.buffer.length === 0 && this.#promptText === '') {
      // Nothing was drawn: leave the cursor where it is, at the start of an empty row.
      this.#finish({ type: 'cancelled' });
      return;
    }
    this.#moveToEnd(read);
    this.#term.write('\r\n');
    this.#finish({ type: 'cancelled' });
  }

  /**
   * Writes output. During a read the prompt and the line are erased, the output written, and
   * both drawn again after it, so incoming server lines never mix with what is being typed.
   */
  print(text: string): void {
    if (text === '') return;
    if (!this.#read) {
      this.#term.write(text);
      this.#partial = unfinishedLine(this.#partial + text);
      return;
    }
    this.#eraseLine();
    const shown = this.#partial + text;
    const lastBreak = shown.lastIndexOf('\n');
    this.#term.write(shown.slice(0, lastBreak + 1));
    // An unfinished last line stays on screen in front of the prompt until its end arrives.
    this.#partial = unfinishedLine(shown);
    this.#render();
  }

  /** Clears the screen and the scrollback (the `clear` command). */
  clearScreen(): void {
    this.#term.write('\x1b[H\x1b[2J\x1b[3J');
    this.#partial = '';
    this.#cursorRow = 0;
    this.#render();
  }

  /** Discards type-ahead (after Ctrl-C). */
  discardTypeAhead(): void {
    this.#queue.length = 0;
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#read = undefined;
  }

  /** Input as the terminal's onData delivers it (used to replay keys typed before it existed). */
  feed(data: string): void {
    this.#input(data);
  }

  #input(data: string): void {
    for (const key of parseKeys(data)) {
      if (key.type === 'paste') this.#queue.push(...pasteToKeys(key.text));
      else this.#queue.push(key);
    }
    this.#drain();
  }

  #drain(): void {
    while (this.#queue.length > 0) {
      if (!this.#read) {
        const interrupt = this.#queue.findIndex((key) => key.type === 'interrupt');
        if (interrupt !== -1) {
          this.#queue.length = 0;
          this.#term.write('^C');
          this.#onInterrupt?.();
        }
        return;
      }
      const key = this.#queue.shift() as Key;
      this.#apply(this.#read, key);
    }
  }

  #apply(read: PendingRead, key: Key): void {
    const { buffer, options } = read;
    switch (key.type) {
      case 'text':
      case 'paste':
        buffer.insert(key.text);
        break;
      case 'enter': {
        this.#moveToEnd(read);
        this.#term.write('\r\n');
        options.history?.add(buffer.text);
        this.#finish({ type: 'line', text: buffer.text });
        return;
      }
      case 'interrupt':
        this.#moveToEnd(read);
        this.#term.write('^C\r\n');
        this.#finish({ type: 'interrupt', text: buffer.text });
        return;
      case 'eof':
        if (buffer.length === 0) {
          this.#term.write('\r\n');
          this.#finish({ type: 'eof' });
          return;
        }
        if (!buffer.delete()) return;
        break;
      case 'escape-char':
        if (!options.escapeChar) return;
        this.#moveToEnd(read);
        this.#term.write('^]\r\n');
        this.#finish({ type: 'escape' });
        return;
      case 'clear-screen':
        this.#term.write('\x1b[H\x1b[2J');
        this.#partial = '';
        this.#cursorRow = 0;
        break;
      case 'backspace':
        if (!buffer.backspace()) return;
        break;
      case 'delete':
        if (!buffer.delete()) return;
        break;
      case 'left':
        if (!buffer.left()) return;
        break;
      case 'right':
        if (!buffer.right()) return;
        break;
      case 'home':
        buffer.home();
        break;
      case 'end':
        buffer.end();
        break;
      case 'word-left':
        buffer.wordLeft();
        break;
      case 'word-right':
        buffer.wordRight();
        break;
      case 'kill-to-start':
        buffer.killToStart();
        break;
      case 'kill-to-end':
        buffer.killToEnd();
        break;
      case 'kill-word':
        buffer.killWordBefore();
        break;
      case 'up': {
        const older = options.history?.previous(buffer.text);
        if (older === undefined) return;
        buffer.set(older);
        break;
      }
      case 'down': {
        const newer = options.history?.next();
        if (newer === undefined) return;
        buffer.set(newer);
        break;
      }
      case 'tab':
        return;
    }
    this.#render();
  }

  #finish(result: ReadResult): void {
    this.#read?.resolve(result);
    this.#read = undefined;
    this.#partial = '';
    this.#cursorRow = 0;
  }

  get #promptText(): string {
    return this.#partial + (this.#read?.options.prompt ?? '');
  }

  /** Moves to the first row of the prompt and erases from there to the end of the screen. */
  #eraseLine(): void {
    if (this.#cursorRow > 0) this.#term.write(`\x1b[${this.#cursorRow}A`);
    this.#term.write('\r\x1b[J');
    this.#cursorRow = 0;
  }

  /** Redraws prompt and line, and puts the cursor where the buffer's cursor is. */
  #render(): void {
    const read = this.#read;
    if (!read) return;
    const cols = Math.max(1, this.#term.cols);
    const prompt = this.#promptText;
    const promptWidth = visibleWidth(prompt);
    const text = read.buffer.text;
    const total = promptWidth + visibleWidth(text);
    this.#eraseLine();
    let out = prompt + text;
    // After the last column the cursor waits to wrap; force the wrap so row arithmetic holds.
    if (total > 0 && total % cols === 0) out += ' \r\x1b[K';
    const endRow = Math.floor(total / cols);
    const target = promptWidth + visibleWidth(read.buffer.beforeCursor);
    const targetRow = Math.floor(target / cols);
    const targetCol = target % cols;
    if (endRow > targetRow) out += `\x1b[${endRow - targetRow}A`;
    out += '\r';
    if (targetCol > 0) out += `\x1b[${targetCol}C`;
    this.#term.write(out);
    this.#cursorRow = targetRow;
  }

  /** Puts the cursor after the last character, so what follows starts on a fresh row. */
  #moveToEnd(read: PendingRead): void {
    read.buffer.end();
    this.#render();
  }
}

/**
 * The text after the last line break, which a prompt will follow on the same row. Only colour
 * changes are kept from its escapes: a cursor movement redrawn with every key would wreck the
 * screen.
 */
function unfinishedLine(text: string): string {
  const tail = text.slice(Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1);
  return tail.replace(/\x1b\[[0-9;?]*[A-Za-ln-z]/g, '');
}
