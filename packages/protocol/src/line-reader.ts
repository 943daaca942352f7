/**
 * Splits a byte stream into command lines. Lines end with CRLF; a bare LF is accepted too,
 * because students type into terminals that send one. Input arrives in any chunking — a CRLF
 * split across two reads is still one line end.
 *
 * Memory stays bounded whatever the peer sends: once a line passes `maxLineLength` octets, its
 * bytes are counted and dropped until the next LF, and the reader yields a `too-long` item that
 * says how many were thrown away, so the session answers and goes on (RFC 2449 §4: commands are
 * at most 255 octets including CRLF).
 */
export type LineItem =
  | { readonly kind: 'line'; readonly bytes: Uint8Array }
  | { readonly kind: 'too-long'; readonly discarded: number };

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

export class LineReader {
  readonly #max: number;
  readonly #ready: LineItem[] = [];
  #partial: Uint8Array;
  #partialLength = 0;
  /** Bytes of the current over-long line dropped so far; -1 when not discarding. */
  #discarded = -1;

  constructor(maxLineLength: number) {
    if (!Number.isInteger(maxLineLength) || maxLineLength < 2) {
      throw new RangeError(`maxLineLength must be an integer ≥ 2, got ${maxLineLength}`);
    }
    this.#max = maxLineLength;
    this.#partial = new Uint8Array(Math.min(maxLineLength, 1024));
  }

  push(chunk: Uint8Array): void {
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      this.#take(chunk, start, end);
      if (lf === -1) return;
      this.#endLine();
      start = lf + 1;
    }
  }

  /** The next complete item, or undefined when no full line has arrived yet. */
  next(): LineItem | undefined {
    return this.#ready.shift();
  }

  /** Complete items waiting to be taken. */
  get pending(): number {
    return this.#ready.length;
  }

  /** Octets of an unfinished line held (or being discarded) right now. */
  get partialLength(): number {
    return this.#discarded >= 0 ? this.#discarded : this.#partialLength;
  }

  /** Adds chunk[start, end) to the line being gathered (by index: no view per line). */
  #take(chunk: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (length === 0) return;
    if (this.#discarded >= 0) {
      this.#discarded += length;
      return;
    }
    // The line end (at least LF) still has to fit within the limit.
    if (this.#partialLength + length + 1 > this.#max) {
      this.#discarded = this.#partialLength + length;
      this.#partialLength = 0;
      return;
    }
    if (this.#partialLength + length > this.#partial.length) {
      const grown = new Uint8Array(Math.min(this.#max, (this.#partialLength + length) * 2));
      grown.set(this.#partial.subarray(0, this.#partialLength));
      this.#partial = grown;
    }
    const partial = this.#partial;
    let at = this.#partialLength;
    for (let i = start; i < end; i++) partial[at++] = chunk[i]!;
    this.#partialLength = at;
  }

  #endLine(): void {
    if (this.#discarded >= 0) {
      this.#ready.push({ kind: 'too-long', discarded: this.#discarded + 1 });
      this.#discarded = -1;
      return;
    }
    let length = this.#partialLength;
    // Trailing CRs and NULs are dropped: a telnet client fed from a pipe sends CR NUL (RFC 854's
    // bare carriage return) before the CRLF, and neither byte can end a real command.
    while (length > 0 && (this.#partial[length - 1] === CR || this.#partial[length - 1] === NUL)) {
      length -= 1;
    }
    this.#ready.push({ kind: 'line', bytes: this.#partial.slice(0, length) });
    this.#partialLength = 0;
  }
}
