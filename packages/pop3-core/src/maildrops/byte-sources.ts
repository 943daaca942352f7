/**
 * Where message views and the indexer read from: a file handle, bytes already in memory, or an
 * mbox read through a window so that a client fetching message after message, as
 * bulk downloads do, costs one read per window instead of one per message.
 */
import type { MailFileHandle } from '../mail-fs';

/** Positional reads, as a file handle does them. */
export type ByteSource = Pick<MailFileHandle, 'read'>;

/**
 * Reads of an mbox through a window of `windowSize` bytes: a read inside the window is a copy,
 * one outside it refills the window from there. Only bytes before `limit` (the length indexed
 * when the session opened, which nothing but this session's own UPDATE changes while the
 * maildrop is locked) go through the window; larger reads go straight to the file.
 */
export class WindowedSource implements ByteSource {
  readonly #handle: MailFileHandle;
  readonly #limit: number;
  readonly #windowSize: number;
  #window: Uint8Array | undefined;
  #start = 0;
  #end = 0;
  #filling: Promise<void> | undefined;

  constructor(handle: MailFileHandle, limit: number, windowSize: number) {
    this.#handle = handle;
    this.#limit = limit;
    this.#windowSize = Math.max(1, Math.min(windowSize, limit));
  }

  async read(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number }> {
    if (length > this.#windowSize || position + length > this.#limit) {
      return this.#handle.read(buffer, offset, length, position);
    }
    await this.#cover(position, position + length);
    const from = position - this.#start;
    const got = Math.min(length, this.#end - position);
    buffer.set(this.#window!.subarray(from, from + got), offset);
    return { bytesRead: got };
  }

  /**
   * The bytes [position, end) as a view of the window, moved there if needed; undefined when
   * they do not fit in it (read them as a stream then). Valid until the window next moves.
   */
  async view(position: number, end: number): Promise<Uint8Array | undefined> {
    if (end - position > this.#windowSize || end > this.#limit) return undefined;
    await this.#cover(position, end);
    // A file shorter than its index (changed behind the lock): let the stream report it.
    if (end > this.#end) return undefined;
    return this.#slice(position, end);
  }

  /** `view` without a wait: the bytes when the window holds them now, else undefined. */
  viewNow(position: number, end: number): Uint8Array | undefined {
    if (this.#filling !== undefined || position < this.#start || end > this.#end) return undefined;
    return this.#slice(position, end);
  }

  /** [position, end) of the window, which holds it; an empty range needs no window at all. */
  #slice(position: number, end: number): Uint8Array {
    return this.#window?.subarray(position - this.#start, end - this.#start) ?? new Uint8Array(0);
  }

  /** Moves the window to `position` unless [position, end) is in it already. */
  async #cover(position: number, end: number): Promise<void> {
    while (this.#filling !== undefined) await this.#filling; // one refill at a time
    if (position >= this.#start && end <= this.#end) return;
    this.#filling = this.#fill(position);
    try {
      await this.#filling;
    } finally {
      this.#filling = undefined;
    }
  }

  async #fill(position: number): Promise<void> {
    const window = (this.#window ??= new Uint8Array(this.#windowSize));
    const wanted = Math.min(window.length, this.#limit - position);
    this.#start = position;
    this.#end = position; // empty until the read succeeds
    const got = await readFully(this.#handle, window, 0, wanted, position);
    this.#end = position + got;
  }
}

/** A byte source over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    read(buffer, offset, length, position) {
      const part = bytes.subarray(position, Math.min(bytes.length, position + length));
      buffer.set(part, offset);
      return Promise.resolve({ bytesRead: part.length });
    },
  };
}

/**
 * Fills buffer[offset, offset + length) from `position`: fewer bytes only where the file ends.
 * Returns how many were read.
 */
export async function readFully(
  source: ByteSource,
  buffer: Uint8Array,
  offset: number,
  length: number,
  position: number,
): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await source.read(buffer, offset + got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}
