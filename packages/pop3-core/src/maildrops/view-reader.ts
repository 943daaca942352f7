/**
 * Streams the client's view of one stored message (a byte range of a file) in chunks of
 * bounded size, reading the file only as far as needed: RETR reads one message's range, TOP
 * stops reading once its lines are out.
 */
import {
  LINES_FINAL,
  LINES_STOP_AT_QUOTED_FROM,
  LINES_STUFF,
  wireLines,
  type WireLines,
} from '@pop3-lab/protocol';
import { LineCursor, type ByteSource } from './line-cursor';
import {
  MessageView,
  quoteToUndo,
  type ByteSink,
  type FromQuoting,
  type ViewRules,
} from './message-view';

export const CHUNK_SIZE = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const GT = 0x3e;

/** Gathers output into chunks of at most CHUNK_SIZE bytes. */
class ChunkSink implements ByteSink {
  readonly ready: Uint8Array[] = [];
  static readonly #none = new Uint8Array(0);
  /** Allocated when first written to (output that comes whole from the line pass needs none). */
  #buf = ChunkSink.#none;
  #used = 0;
  /** The size of the next buffer: the first is sized for the expected output. */
  #nextSize: number;

  readonly #wire: WireLines | null;

  /**
   * `expected`: the size of the whole output when known, so a small message gets a small buffer.
   * `wire`: the WebAssembly line pass for body lines, or null for the JavaScript loop.
   */
  constructor(expected = CHUNK_SIZE, wire: WireLines | null = null) {
    this.#wire = wire;
    // A little room over the expected size for the dots byte-stuffing adds.
    this.#nextSize = Math.max(2, Math.min(CHUNK_SIZE, expected + (expected >> 6) + 8));
  }

  /** A new buffer to write into (of `min` bytes at least), once the last is full or handed out. */
  #fresh(min = 2): Uint8Array {
    this.#buf = new Uint8Array(Math.max(min, this.#nextSize));
    this.#nextSize = CHUNK_SIZE;
    return this.#buf;
  }

  bytes(buf: Uint8Array, start: number, end: number): void {
    while (start < end) {
      if (this.#buf.length === 0) this.#fresh();
      let used = this.#used;
      const out = this.#buf;
      const n = Math.min(end - start, out.length - used);
      if (n < 64) {
        // short lines: a plain loop beats allocating a subarray for set()
        for (let i = 0; i < n; i++) out[used++] = buf[start + i]!;
      } else {
        out.set(buf.subarray(start, start + n), used);
        used += n;
      }
      this.#used = used;
      start += n;
      if (used === out.length) this.flush();
    }
  }

  crlf(): void {
    if (this.#used + 2 > this.#buf.length) this.flush();
    if (this.#buf.length < 2) this.#fresh();
    this.#buf[this.#used++] = CR;
    this.#buf[this.#used++] = LF;
  }

  /**
   * MessageView's rules for lines past which nothing is hidden or counted (`plainLines`: LF
   * to CRLF, one level of ">From " quoting undone, byte-stuffing when asked), applied to the
   * whole lines of src[start, end) at once. A line with no LF is taken only when `atEnd` (the
   * message's last line). Returns where it stopped: at a line it could not take (unfinished, or
   * longer than a chunk), which is then left to `piece`. The WebAssembly pass takes every line but quoted From lines, which go through the
   * JavaScript loop one at a time.
   */
  bodyLines(
    src: Uint8Array,
    start: number,
    end: number,
    atEnd: boolean,
    quoting: FromQuoting,
    stuffed: boolean,
  ): number {
    const wire = this.#wire;
    if (wire === null) return this.#linesJs(src, start, end, atEnd, quoting, stuffed);
    const flags =
      (atEnd ? LINES_FINAL : 0) |
      (stuffed ? LINES_STUFF : 0) |
      (quoting === 'none' ? 0 : LINES_STOP_AT_QUOTED_FROM);
    let p = start;
    while (p < end) {
      const next = wire.convert(src, p, end, flags);
      if (next > p) this.#take(wire.output());
      p = next;
      if (p >= end || src[p] !== GT || quoting === 'none') break;
      // A quoted From line, or one that may be: this one line through the JavaScript loop.
      const lf = src.indexOf(LF, p);
      const lineEnd = lf === -1 || lf >= end ? end : lf + 1;
      const after = this.#linesJs(src, p, lineEnd, atEnd, quoting, stuffed);
      if (after === p) break;
      p = after;
    }
    return p;
  }

  /** Appends converted bytes (a view the converter reuses) in chunks of at most CHUNK_SIZE. */
  #take(bytes: Uint8Array): void {
    const n = bytes.length;
    if (this.#used === 0 && n <= CHUNK_SIZE) {
      // Nothing gathered yet (a whole Maildir message): one copy, of exactly its size.
      this.ready.push(bytes.slice());
      return;
    }
    if (this.#used + n <= this.#buf.length) {
      this.#buf.set(bytes, this.#used);
      this.#used += n;
      return;
    }
    this.flush();
    for (let i = 0; i < n; i += CHUNK_SIZE) this.ready.push(bytes.slice(i, i + CHUNK_SIZE));
  }

  /** bodyLines in JavaScript: one native LF search and one copy per line. */
  #linesJs(
    src: Uint8Array,
    start: number,
    end: number,
    atEnd: boolean,
    quoting: FromQuoting,
    stuffed: boolean,
  ): number {
    let p = start;
    let out = this.#buf;
    let used = this.#used;
    while (p < end) {
      let lf = src.indexOf(LF, p);
      if (lf >= end) lf = -1;
      if (lf === -1 && !atEnd) break;
      const lineEnd = lf === -1 ? end : lf;
      let from = p;
      if (src[p] === GT && quoting !== 'none') from += quoteToUndo(src, p, lineEnd, quoting);
      let contentEnd = lineEnd;
      if (lf !== -1 && contentEnd > from && src[contentEnd - 1] === CR) contentEnd--;
      const need = contentEnd - from + 3;
      if (used + need > out.length) {
        if (need > CHUNK_SIZE) break; // a very long line: piece by piece
        this.#used = used;
        this.flush();
        if (this.#buf.length < need) this.#fresh(need);
        out = this.#buf;
        used = 0;
      }
      if (stuffed && src[from] === DOT) out[used++] = DOT;
      const length = contentEnd - from;
      if (length >= 16) {
        out.set(src.subarray(from, contentEnd), used);
        used += length;
      } else {
        for (let i = from; i < contentEnd; i++) out[used++] = src[i]!;
      }
      if (lf === -1) {
        p = end; // the last line, without LF: kept as it is (a lone CR too)
        break;
      }
      out[used++] = CR;
      out[used++] = LF;
      p = lf + 1;
    }
    this.#used = used;
    return p;
  }

  flush(): void {
    const used = this.#used;
    if (used === 0) return;
    const buf = this.#buf;
    // A chunk mostly empty is copied out, so the consumer does not pin a large buffer for it.
    this.ready.push(
      used === buf.length
        ? buf
        : used >= buf.length >> 1
          ? buf.subarray(0, used)
          : buf.slice(0, used),
    );
    if (used >= buf.length >> 1) this.#buf = ChunkSink.#none; // the next is allocated when needed
    this.#used = 0;
  }
}

class CountSink implements ByteSink {
  size = 0;
  bytes(_buf: Uint8Array, start: number, end: number): void {
    this.size += end - start;
  }
  crlf(): void {
    this.size += 2;
  }
}

export interface ViewRange {
  readonly start: number;
  readonly end: number;
  readonly rules: ViewRules;
  readonly bodyLines?: number | undefined;
  readonly blockSize?: number | undefined;
  /** The size of the whole view when known (it sizes the first output buffer). */
  readonly expectedSize?: number | undefined;
  /** Byte-stuff the lines (RFC 1939 §3); the terminating "." is the caller's. */
  readonly dotStuffed?: boolean | undefined;
}

/**
 * `wire`: the body-line pass, WebAssembly where it runs; the tests pass null to hold the
 * JavaScript loop to the same results.
 */
export async function* streamView(
  handle: ByteSource,
  range: ViewRange,
  wire: WireLines | null = wireLines() ?? null,
): AsyncGenerator<Uint8Array, void, undefined> {
  yield* viewThrough(new LineCursor(handle, range.start, range.end, range.blockSize), range, wire);
}

async function* viewThrough(
  cursor: LineCursor,
  range: ViewRange,
  wire: WireLines | null,
): AsyncGenerator<Uint8Array, void, undefined> {
  const view = new MessageView(range.rules, range.bodyLines, range.dotStuffed === true);
  const sink = new ChunkSink(range.expectedSize, wire);
  while (!view.done) {
    convertBuffered(cursor, view, sink, range);
    if (view.done || !(await cursor.refill())) break;
    while (sink.ready.length > 0) yield sink.ready.shift()!;
  }
  sink.flush();
  while (sink.ready.length > 0) yield sink.ready.shift()!;
}

/** Converts what the cursor has buffered, until it needs a refill or the view is done. */
function convertBuffered(
  cursor: LineCursor,
  view: MessageView,
  sink: ChunkSink,
  range: ViewRange,
): void {
  const { fromQuoting } = range.rules;
  const stuffed = view.dotStuffed;
  for (;;) {
    if (view.plainLines && cursor.atLineStart) {
      const from = cursor.bufferedStart;
      const to = sink.bodyLines(
        cursor.buffered,
        from,
        cursor.bufferedEnd,
        cursor.atEnd,
        fromQuoting,
        stuffed,
      );
      if (to > from) {
        cursor.skipTo(to);
        continue;
      }
    }
    if (!cursor.next()) return;
    view.piece(cursor.buf, cursor.start, cursor.end, cursor.first, cursor.last, sink);
    if (view.done) return;
  }
}

/**
 * The view of a range of bytes held in memory (a Maildir file read whole, a message inside an
 * mbox's read window), through a cursor over the bytes themselves: nothing is copied, and all
 * of it is converted before the first chunk is yielded, so the bytes may be reused once it has
 * been. A view that hides nothing (RETR from a Maildir) goes through the line pass in one call.
 */
export async function* viewOfBytes(
  bytes: Uint8Array,
  range: ViewRange,
  wire: WireLines | null = wireLines() ?? null,
): AsyncGenerator<Uint8Array, void, undefined> {
  yield* viewOfBytesNow(bytes, range, wire);
}

/** viewOfBytes, all at once: the chunks of the view, made before this returns. */
export function viewOfBytesNow(
  bytes: Uint8Array,
  range: ViewRange,
  wire: WireLines | null = wireLines() ?? null,
): Uint8Array[] {
  // Bytes shorter than the range (a file that shrank since it was listed) end where they end.
  const end = Math.min(range.end, bytes.length);
  const view = new MessageView(range.rules, range.bodyLines, range.dotStuffed === true);
  const sink = new ChunkSink(range.expectedSize, wire);
  convertBuffered(LineCursor.over(bytes, range.start, end), view, sink, range);
  sink.flush();
  return sink.ready;
}

/** The size of the view of a range, without keeping any of it. */
export async function measureView(handle: ByteSource, range: ViewRange): Promise<number> {
  const cursor = new LineCursor(handle, range.start, range.end, range.blockSize);
  const view = new MessageView(range.rules);
  const sink = new CountSink();
  for (;;) {
    while (cursor.next()) {
      view.piece(cursor.buf, cursor.start, cursor.end, cursor.first, cursor.last, sink);
    }
    if (!(await cursor.refill())) break;
  }
  return sink.size;
}
