/**
 * The line being edited and the cursor in it. Positions count code points, so an accented
 * letter or an emoji is one step for the arrows and for backspace.
 */
export class LineBuffer {
  #chars: string[] = [];
  #cursor = 0;

  constructor(text = '') {
    this.set(text);
  }

  get text(): string {
    return this.#chars.join('');
  }

  /** Cursor position, in code points from the start. */
  get cursor(): number {
    return this.#cursor;
  }

  get length(): number {
    return this.#chars.length;
  }

  /** Text before the cursor (for drawing). */
  get beforeCursor(): string {
    return this.#chars.slice(0, this.#cursor).join('');
  }

  set(text: string): void {
    this.#chars = Array.from(text);
    this.#cursor = this.#chars.length;
  }

  insert(text: string): void {
    const chars = Array.from(text);
    this.#chars.splice(this.#cursor, 0, ...chars);
    this.#cursor += chars.length;
  }

  /** Deletes the character before the cursor. False when there is none. */
  backspace(): boolean {
    if (this.#cursor === 0) return false;
    this.#chars.splice(this.#cursor - 1, 1);
    this.#cursor -= 1;
    return true;
  }

  /** Deletes the character under the cursor. False when there is none. */
  delete(): boolean {
    if (this.#cursor >= this.#chars.length) return false;
    this.#chars.splice(this.#cursor, 1);
    return true;
  }

  left(): boolean {
    if (this.#cursor === 0) return false;
    this.#cursor -= 1;
    return true;
  }

  right(): boolean {
    if (this.#cursor >= this.#chars.length) return false;
    this.#cursor += 1;
    return true;
  }

  home(): void {
    this.#cursor = 0;
  }

  end(): void {
    this.#cursor = this.#chars.length;
  }

  wordLeft(): void {
    let i = this.#cursor;
    while (i > 0 && this.#chars[i - 1] === ' ') i--;
    while (i > 0 && this.#chars[i - 1] !== ' ') i--;
    this.#cursor = i;
  }

  wordRight(): void {
    let i = this.#cursor;
    while (i < this.#chars.length && this.#chars[i] === ' ') i++;
    while (i < this.#chars.length && this.#chars[i] !== ' ') i++;
    this.#cursor = i;
  }

  killToStart(): void {
    this.#chars.splice(0, this.#cursor);
    this.#cursor = 0;
  }

  killToEnd(): void {
    this.#chars.splice(this.#cursor);
  }

  /** Ctrl-W: the word before the cursor and the spaces after it. */
  killWordBefore(): void {
    const end = this.#cursor;
    this.wordLeft();
    this.#chars.splice(this.#cursor, end - this.#cursor);
  }
}
