/**
 * Streams the client's view of one stored message (a byte range of a file) in chunks of
 * bounded size, reading the file only as far as needed: RETR reads one message's range, TOP
 * stops reading once its lines are out.
 */
import type { MailFs } from '../mail-fs';
import { LineCursor, type ByteSource } from './line-cursor';
import { MessageView, type ByteSink, type ViewRules } from './message-view';

export const CHUNK_SIZE = 64 * 1024;

/** Gathers output into chunks of CHUNK_SIZE bytes. */
class ChunkSink implements ByteSink {
  readonly ready: Uint8Array[] = [];
  #buf: Uint8Array;
  #used = 0;
  static readonly #none = new Uint8Array(0);

  /** `expected`: the size of the whole output when known, so a small message gets a small buffer. */
  constructor(expected = CHUNK_SIZE) {
    this.#buf = new Uint8Array(Math.max(2, Math.min(CHUNK_SIZE, expected)));
  }

  bytes(buf: Uint8Array, start: number, end: number): void {
    while (start < end) {
      if (this.#buf.length === 0) this.#buf = new Uint8Array(CHUNK_SIZE);
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
    if (this.#buf.length === 0) this.#buf = new Uint8Array(CHUNK_SIZE);
    this.#buf[this.#used++] = 0x0d;
    this.#buf[this.#used++] = 0x0a;
  }

  flush(): void {
    if (this.#used === 0) return;
    // A small message should not pin a whole chunk buffer while the consumer holds it.
    const full = this.#used === this.#buf.length;
    this.ready.push(full ? this.#buf : this.#buf.slice(0, this.#used));
    if (full) this.#buf = ChunkSink.#none; // the next chunk is allocated when needed
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
}

export async function* streamView(
  handle: ByteSource,
  range: ViewRange,
): AsyncGenerator<Uint8Array, void, undefined> {
  const cursor = new LineCursor(handle, range.start, range.end, range.blockSize);
  const view = new MessageView(range.rules, range.bodyLines);
  const sink = new ChunkSink(range.expectedSize);
  while (!view.done) {
    while (cursor.next()) {
      view.piece(cursor.buf, cursor.start, cursor.end, cursor.first, cursor.last, sink);
      if (view.done) break;
    }
    if (view.done || !(await cursor.refill())) break;
    while (sink.ready.length > 0) yield sink.ready.shift()!;
  }
  sink.flush();
  while (sink.ready.length > 0) yield sink.ready.shift()!;
}

/** Opens `path`, streams the range, closes the file whether or not the consumer reads to the end. */
export async function* readView(
  fs: MailFs,
  path: string,
  range: ViewRange,
): AsyncGenerator<Uint8Array, void, undefined> {
  const handle = await fs.open(path, 'r');
  try {
    yield* streamView(handle, range);
  } finally {
    await handle.close();
  }
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
