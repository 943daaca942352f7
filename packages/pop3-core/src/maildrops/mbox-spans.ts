/**
 * The messages of an indexed mbox, in flat arrays of numbers: about 48 bytes a message, where
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
const INITIAL_CAPACITY = 256;

export class MboxSpans implements MessageList, Iterable<MboxSpan> {
  #count = 0;
  /** Offsets up to 2^53: a Float64Array, as files over 4 GiB exist. */
  #offsets = new Float64Array(INITIAL_CAPACITY * OFFSETS);
  #sizes = new Float64Array(INITIAL_CAPACITY);
  /** Two words per message: the header fingerprint its id is made of (fingerprint.ts). */
  #digests = new Uint32Array(INITIAL_CAPACITY * 2);
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
    if (i === this.#sizes.length) this.#grow();
    const o = i * OFFSETS;
    this.#offsets[o] = start;
    this.#offsets[o + 1] = contentStart;
    this.#offsets[o + 2] = contentEnd;
    this.#offsets[o + 3] = end;
    this.#sizes[i] = size;
    if (named === undefined) {
      this.#digests[2 * i] = digest[0]!;
      this.#digests[2 * i + 1] = digest[1]!;
    } else {
      this.#named.set(i, named);
    }
    this.#count = i + 1;
  }

  /** No more messages: the arrays shrink to what they hold. */
  seal(): this {
    const n = this.#count;
    this.#offsets = this.#offsets.slice(0, n * OFFSETS);
    this.#sizes = this.#sizes.slice(0, n);
    this.#digests = this.#digests.slice(0, n * 2);
    this.#sealed = true;
    return this;
  }

  /** The offsets, for the store's reads and rewrites; `i` must be within the list. */
  start(i: number): number {
    return this.#offsets[i * OFFSETS]!;
  }

  contentStart(i: number): number {
    return this.#offsets[i * OFFSETS + 1]!;
  }

  contentEnd(i: number): number {
    return this.#offsets[i * OFFSETS + 2]!;
  }

  end(i: number): number {
    return this.#offsets[i * OFFSETS + 3]!;
  }

  has(i: number): boolean {
    return Number.isInteger(i) && i >= 0 && i < this.#count;
  }

  size(i: number): number | undefined {
    return this.has(i) ? this.#sizes[i]! : undefined;
  }

  uid(i: number): string | undefined {
    if (!this.has(i)) return undefined;
    return this.#named.get(i) ?? fingerprintHex(this.#digests[2 * i]!, this.#digests[2 * i + 1]!);
  }

  at(i: number): MboxSpan | undefined {
    if (!this.has(i)) return undefined;
    return Object.freeze({
      start: this.start(i),
      contentStart: this.contentStart(i),
      contentEnd: this.contentEnd(i),
      end: this.end(i),
      size: this.#sizes[i]!,
      uid: this.uid(i)!,
    });
  }

  *[Symbol.iterator](): Iterator<MboxSpan> {
    for (let i = 0; i < this.#count; i++) yield this.at(i)!;
  }

  #grow(): void {
    const capacity = this.#sizes.length * 2;
    const offsets = new Float64Array(capacity * OFFSETS);
    offsets.set(this.#offsets);
    this.#offsets = offsets;
    const sizes = new Float64Array(capacity);
    sizes.set(this.#sizes);
    this.#sizes = sizes;
    const digests = new Uint32Array(capacity * 2);
    digests.set(this.#digests);
    this.#digests = digests;
  }
}
