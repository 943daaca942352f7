/**
 * Walks the lines of a byte range of a file, one block at a time, never holding more than a
 * block (plus a short carry-over) in memory, whatever the size of the file or of a line.
 *
 * It hands out *pieces*: a whole line, or, for a line longer than what is buffered, its parts
 * in order. The first piece of a line always holds the whole line or at least
 * `MIN_FIRST_PIECE - 1` bytes of it, so a decision taken on a line's first bytes (is it a
 * "From " line, a hidden header, a quoted ">From "?) is the same wherever the block boundaries
 * fall. A CR is never separated from the LF that follows it.
 *
 * The piece is exposed as fields (no allocation per line); it is valid until the next
 * `refill()`. Use:
 *
 *     for (;;) {
 *       while (cursor.next()) handle(cursor.buf, cursor.start, cursor.end, ...);
 *       if (!(await cursor.refill())) break;
 *     }
 */
import { readFully, type ByteSource } from './byte-sources';

export type { ByteSource };

export const MIN_FIRST_PIECE = 4096;
/** How far into a line any decision about it may look (see MIN_FIRST_PIECE). */
export const DECISION_BYTES = 1024;
export const DEFAULT_BLOCK_SIZE = 256 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const NO_SOURCE: ByteSource = {
  read: () => Promise.reject(new Error('a cursor over bytes in memory reads nothing')),
};

export class LineCursor {
  /** The current piece: buf[start, end), at file offset `offset`. */
  buf: Uint8Array;
  start = 0;
  end = 0;
  offset = 0;
  /** The piece begins a line. */
  first = false;
  /** The piece ends a line (with its LF, or at the end of the range without one). */
  last = false;

  readonly #source: ByteSource;
  readonly #limit: number;
  readonly #blockSize: number;
  #position: number;
  #data: Uint8Array;
  #dataOffset: number;
  #pos = 0;
  #dataEnd = 0;
  #atLineStart = true;
  #eof = false;

  constructor(
    source: ByteSource,
    start: number,
    end: number,
    blockSize = DEFAULT_BLOCK_SIZE,
    /** The bytes themselves, for `over`. */
    held?: Uint8Array,
  ) {
    if (!Number.isInteger(blockSize) || blockSize < 1) {
      throw new RangeError(`block size must be a positive integer, not ${blockSize}`);
    }
    this.#source = source;
    this.#position = start;
    this.#limit = end;
    this.#dataOffset = start;
    this.#blockSize = Math.max(1, Math.min(blockSize, end - start));
    this.#data = held ?? new Uint8Array(this.#blockSize + MIN_FIRST_PIECE);
    this.buf = this.#data;
  }

  /**
   * A cursor over bytes already in memory (a Maildir file, a message inside an mbox's read
   * window): everything is buffered from the start, nothing is copied, `refill()` is false.
   * Offsets are positions in `bytes`.
   */
  static over(bytes: Uint8Array, start: number, end: number): LineCursor {
    const cursor = new LineCursor(NO_SOURCE, start, end, 1, bytes);
    cursor.#pos = start;
    cursor.#dataEnd = end;
    cursor.#dataOffset = 0;
    cursor.#eof = true;
    return cursor;
  }

  /** Moves to the next piece in what is buffered; false when a refill is needed. */
  next(): boolean {
    const data = this.#data;
    const pos = this.#pos;
    const dataEnd = this.#dataEnd;
    if (pos >= dataEnd) return false;
    const lf = data.indexOf(LF, pos);
    if (lf !== -1 && lf < dataEnd) return this.#emit(pos, lf + 1, true);
    if (this.#eof) return this.#emit(pos, dataEnd, true);
    if (this.#atLineStart && dataEnd - pos < MIN_FIRST_PIECE) return false;
    let cut = dataEnd;
    if (data[cut - 1] === CR) cut--;
    if (cut === pos) return false;
    return this.#emit(pos, cut, false);
  }

  /**
   * Reads the next block, keeping the unconsumed bytes in front of it. False when the range
   * is exhausted and nothing is left to hand out.
   */
  async refill(): Promise<boolean> {
    if (this.#eof) return false;
    const carry = this.#dataEnd - this.#pos;
    const data = this.#data;
    if (carry > 0) data.copyWithin(0, this.#pos, this.#dataEnd);
    this.#dataOffset += this.#pos;
    this.#pos = 0;
    this.#dataEnd = carry;
    const wanted = Math.min(this.#blockSize, this.#limit - this.#position);
    // A file shorter than the range ends where it ends.
    const got = await readFully(this.#source, data, carry, wanted, this.#position);
    this.#position += got;
    this.#dataEnd = carry + got;
    if (got < wanted || this.#position >= this.#limit) this.#eof = true;
    return this.#dataEnd > 0;
  }

  /**
   * For callers that handle whole lines in bulk: the bytes buffered and not yet handed out are
   * `buffered[bufferedStart, bufferedEnd)`, valid until the next `refill()`.
   */
  get atLineStart(): boolean {
    return this.#atLineStart;
  }
  get bufferedStart(): number {
    return this.#pos;
  }
  get bufferedEnd(): number {
    return this.#dataEnd;
  }
  get buffered(): Uint8Array {
    return this.#data;
  }
  /** The range's last byte is buffered: a final line without LF ends there. */
  get atEnd(): boolean {
    return this.#eof;
  }

  /** Marks buffered bytes up to `to` as consumed; `to` must end a line (just past an LF). */
  skipTo(to: number): void {
    if (!(to >= this.#pos && to <= this.#dataEnd)) {
      throw new RangeError(`cannot skip to ${to} outside ${this.#pos}..${this.#dataEnd}`);
    }
    this.#pos = to;
    this.#atLineStart = true;
  }

  #emit(start: number, end: number, last: boolean): true {
    this.buf = this.#data;
    this.start = start;
    this.end = end;
    this.offset = this.#dataOffset + start;
    this.first = this.#atLineStart;
    this.last = last;
    this.#atLineStart = last;
    this.#pos = end;
    return true;
  }
}
