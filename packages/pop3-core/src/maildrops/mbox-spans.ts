/**
 * The messages of an indexed mbox, in arrays of numbers: about 48 bytes a message, where
 * an object per message took about 113 (Node keeps 8-byte pointers), so a session on a
 * 100,000-message mailbox holds about 5 MiB for its index instead of 11. Entries (MboxSpan)
 * are made when asked for; the store's hot paths read the numbers directly.
 */
import type { MessageList } from '../maildrop';
import { fingerprintHex } from './fingerprint';

export interface MboxSpan {
  /** File offset of the "From " line. */
  readonly start: number;
  /** First byte of the message proper (after the "From " line). */
  readonly contentStart: number;
  /** End of the message proper (the separating empty line excluded). */
  readonly contentEnd: number;
  /** Where the next "From " line starts, or the end of the indexed bytes. */
  readonly end: number;
  /** Octets the client receives (RFC 1939 §5). */
  readonly size: number;
  readonly uid: string;
}

const OFFSETS = 4; // start, contentStart, contentEnd, end
/**
 * Messages are kept in pages of PAGE entries (about 192 KiB): a large mbox adds pages and
 * never copies what it has, so indexing 1 GB leaves no outgrown arrays behind for the garbage
 * collector (doubling one array left about three times the index in dead copies, which stayed
 * in memory until V8's first full collection). The first page starts small and doubles up to
 * PAGE, so a three-message mailbox holds a few KiB.
 */
const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const SLOT = PAGE - 1;
const FIRST_CAPACITY = 64;

/** One page: the numbers of up to PAGE messages. */
class Page {
  /** Offsets up to 2^53: a Float64Array, as files over 4 GiB exist. */
  readonly offsets: Float64Array;
  readonly sizes: Float64Array;
  /** Two words per message: the header fingerprint its id is made of (fingerprint.ts). */
  readonly digests: Uint32Array;

  constructor(capacity: number, from?: Page, count = 0) {
    this.offsets = new Float64Array(capacity * OFFSETS);
    this.sizes = new Float64Array(capacity);
    this.digests = new Uint32Array(capacity * 2);
    if (from !== undefined) {
      this.offsets.set(from.offsets.subarray(0, count * OFFSETS));
      this.sizes.set(from.sizes.subarray(0, count));
      this.digests.set(from.digests.subarray(0, count * 2));
    }
  }

  get capacity(): number {
    return this.sizes.length;
  }
}

export class MboxSpans implements MessageList, Iterable<MboxSpan> {
  #count = 0;
  readonly #pages: Page[] = [new Page(FIRST_CAPACITY)];
  /** Ids that are not a fingerprint (an X-UIDL; a copy's "<id>.2"), by message index. */
  readonly #named = new Map<number, string>();
  #sealed = false;

  get length(): number {
    return this.#count;
  }

  /**
   * Adds a message. Its id is `named` when given, otherwise the fingerprint in `digest`
   * (two words at `digest[0]`, `digest[1]`).
   */
  push(
    start: number,
    contentStart: number,
    contentEnd: number,
    end: number,
    size: number,
    digest: Uint32Array,
    named: string | undefined,
  ): void {
    if (this.#sealed) throw new Error('the index is complete');
    const i = this.#count;
    const page = this.#room(i);
    const slot = i & SLOT;
    const o = slot * OFFSETS;
    page.offsets[o] = start;
    page.offsets[o + 1] = contentStart;
    page.offsets[o + 2] = contentEnd;
    page.offsets[o + 3] = end;
    page.sizes[slot] = size;
    if (named === undefined) {
      page.digests[2 * slot] = digest[0]!;
      page.digests[2 * slot + 1] = digest[1]!;
    } else {
      this.#named.set(i, named);
    }
    this.#count = i + 1;
  }

  /** No more messages: the last page shrinks to what it holds. */
  seal(): this {
    const last = this.#pages.length - 1;
    const used = this.#count - (last << PAGE_BITS);
    const page = this.#pages[last]!;
    if (used < page.capacity) this.#pages[last] = new Page(used, page, used);
    this.#sealed = true;
    return this;
  }

  /** The offsets, for the store's reads and rewrites; `i` must be within the list. */
  start(i: number): number {
    return this.#pages[i >> PAGE_BITS]!.offsets[(i & SLOT) * OFFSETS]!;
  }

  contentStart(i: number): number {
    return this.#pages[i >> PAGE_BITS]!.offsets[(i & SLOT) * OFFSETS + 1]!;
  }

  contentEnd(i: number): number {
    return this.#pages[i >> PAGE_BITS]!.offsets[(i & SLOT) * OFFSETS + 2]!;
  }

  end(i: number): number {
    return this.#pages[i >> PAGE_BITS]!.offsets[(i & SLOT) * OFFSETS + 3]!;
  }

  has(i: number): boolean {
    return Number.isInteger(i) && i >= 0 && i < this.#count;
  }

  size(i: number): number | undefined {
    return this.has(i) ? this.#pages[i >> PAGE_BITS]!.sizes[i & SLOT]! : undefined;
  }

  uid(i: number): string | undefined {
    if (!this.has(i)) return undefined;
    const named = this.#named.get(i);
    if (named !== undefined) return named;
    const digests = this.#pages[i >> PAGE_BITS]!.digests;
    const slot = i & SLOT;
    return fingerprintHex(digests[2 * slot]!, digests[2 * slot + 1]!);
  }

  at(i: number): MboxSpan | undefined {
    if (!this.has(i)) return undefined;
    return Object.freeze({
      start: this.start(i),
      contentStart: this.contentStart(i),
      contentEnd: this.contentEnd(i),
      end: this.end(i),
      size: this.size(i)!,
      uid: this.uid(i)!,
    });
  }

  *[Symbol.iterator](): Iterator<MboxSpan> {
    for (let i = 0; i < this.#count; i++) yield this.at(i)!;
  }

  /** The page that takes message `i`: the first one doubled up to PAGE, then new pages. */
  #room(i: number): Page {
    const p = i >> PAGE_BITS;
    const pages = this.#pages;
    if (p === pages.length) pages.push(new Page(PAGE));
    const page = pages[p]!;
    const slot = i & SLOT;
    if (slot < page.capacity) return page;
    return (pages[p] = new Page(Math.min(PAGE, page.capacity * 2), page, slot));
  }
}
