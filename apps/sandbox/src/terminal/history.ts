/**
 * Command history with up/down navigation. Walking away from the line being typed keeps it
 * as a draft, so coming back down restores it, as in bash.
 */
export class History {
  readonly #entries: string[] = [];
  readonly #limit: number;
  /** Index into entries while navigating; entries.length means "the draft". */
  #position = 0;
  #draft = '';

  constructor(limit = 500) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('history limit must be ≥ 1');
    this.#limit = limit;
  }

  get entries(): readonly string[] {
    return this.#entries;
  }

  /** Records a line run by the user. Blank lines and a repeat of the last line are not kept. */
  add(line: string): void {
    if (line.trim() !== '' && this.#entries[this.#entries.length - 1] !== line) {
      this.#entries.push(line);
      if (this.#entries.length > this.#limit) this.#entries.shift();
    }
    this.restart();
  }

  /** Starts a new navigation (a fresh prompt). */
  restart(): void {
    this.#position = this.#entries.length;
    this.#draft = '';
  }

  /** The older entry, or undefined at the oldest. `current` is what the line holds now. */
  previous(current: string): string | undefined {
    if (this.#position === 0) return undefined;
    if (this.#position === this.#entries.length) this.#draft = current;
    this.#position -= 1;
    return this.#entries[this.#position];
  }

  /** The newer entry, the draft after the newest, or undefined when already at the draft. */
  next(): string | undefined {
    if (this.#position >= this.#entries.length) return undefined;
    this.#position += 1;
    return this.#position === this.#entries.length ? this.#draft : this.#entries[this.#position];
  }

  clear(): void {
    this.#entries.length = 0;
    this.restart();
  }
}
