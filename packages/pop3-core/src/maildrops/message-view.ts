/**
 * What a client sees of a stored message, computed line by line from the stored bytes: the
 * same code measures a message when a mailbox is indexed (LIST and STAT sizes) and produces it
 * for RETR and TOP, so a size always equals the octets sent (RFC 1939 §5: sizes are of the
 * message as sent, with CRLF line ends, before byte-stuffing).
 *
 * - Line ends become CRLF: a bare LF gets its CR, a CRLF stays, a lone CR is left alone.
 * - Header fields named in `hiddenHeaders` (mbox bookkeeping such as Status or X-UID) are left
 *   out, with their continuation lines.
 * - One level of ">From " quoting is undone (RFC 4155 §2 and Appendix A describe the quoting
 *   and its variants): mboxrd turns ">>From " into ">From " and ">From " into
 *   "From "; mboxo only turns ">From " into "From "; "none" leaves lines as stored.
 * - TOP stops after the header, the blank line and `bodyLines` lines of the body (RFC 1939 §7).
 * - With `dotStuffed`, a line that begins with "." gets one more in front (RFC 1939 §3), so
 *   RETR sends what the view yields without a second pass over the bytes.
 *
 * `piece` decides line by line; `ChunkSink.bodyLines` (view-reader.ts) applies the same rules
 * to many whole body lines at once, for speed. A property test holds the two to the same output.
 */
import { DECISION_BYTES } from './line-cursor';

export type FromQuoting = 'mboxrd' | 'mboxo' | 'none';

export interface ViewRules {
  /** Lower-case names of header fields the client does not see. */
  readonly hiddenHeaders: ReadonlySet<string>;
  readonly fromQuoting: FromQuoting;
}

/** Where a view writes: a counter, a hash, a buffer of chunks. */
export interface ByteSink {
  bytes(buf: Uint8Array, start: number, end: number): void;
  crlf(): void;
}

export const PLAIN_VIEW: ViewRules = { hiddenHeaders: new Set(), fromQuoting: 'none' };

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HT = 0x09;
const GT = 0x3e;
const COLON = 0x3a;
const DOT = 0x2e;
const FROM_SPACE = [0x46, 0x72, 0x6f, 0x6d, 0x20]; // "From "
const DOT_BYTE = new Uint8Array([DOT]);

export class MessageView {
  readonly #rules: ViewRules;
  #inHeader = true;
  #hidingField = false;
  #dropLine = false;
  #bodyLinesLeft: number;
  #done = false;
  readonly #dotStuffed: boolean;

  constructor(rules: ViewRules, bodyLines?: number, dotStuffed = false) {
    if (bodyLines !== undefined && !(Number.isInteger(bodyLines) && bodyLines >= 0)) {
      throw new RangeError(`body line count must be a whole number, not ${bodyLines}`);
    }
    this.#rules = rules;
    this.#bodyLinesLeft = bodyLines ?? Infinity;
    this.#dotStuffed = dotStuffed;
  }

  get dotStuffed(): boolean {
    return this.#dotStuffed;
  }

  /**
   * Every line from here on follows the same rules (no header field to hide, no line count
   * to keep): whole lines may be handled in bulk. For a view that hides nothing (Maildir),
   * that is the whole message, header included.
   */
  get plainLines(): boolean {
    return (
      this.#bodyLinesLeft === Infinity &&
      !this.#done &&
      (!this.#inHeader || this.#rules.hiddenHeaders.size === 0)
    );
  }

  get inHeader(): boolean {
    return this.#inHeader;
  }

  /** TOP has sent all it was asked for: further input is ignored. */
  get done(): boolean {
    return this.#done;
  }

  piece(
    buf: Uint8Array,
    start: number,
    end: number,
    first: boolean,
    last: boolean,
    sink: ByteSink,
  ): void {
    if (this.#done) return;
    let from = start;
    if (first) {
      if (this.#inHeader) {
        if (last && isBlankLine(buf, start, end)) {
          this.#inHeader = false;
          sink.crlf();
          if (this.#bodyLinesLeft === 0) this.#done = true;
          return;
        }
        const lead = buf[start];
        if (lead !== SP && lead !== HT && this.#rules.hiddenHeaders.size > 0) {
          const name = headerFieldName(buf, start, end);
          this.#hidingField = name !== undefined && this.#rules.hiddenHeaders.has(name);
        }
        this.#dropLine = this.#hidingField;
      } else {
        this.#dropLine = false;
      }
      // A quoting writer quotes every line that matches, header lines included.
      from += quoteToUndo(buf, start, end, this.#rules.fromQuoting);
    }
    if (this.#dropLine) return;
    if (first && this.#dotStuffed && from < end && buf[from] === DOT) sink.bytes(DOT_BYTE, 0, 1);
    if (last && end > from && buf[end - 1] === LF) {
      let contentEnd = end - 1;
      if (contentEnd > from && buf[contentEnd - 1] === CR) contentEnd--;
      if (contentEnd > from) sink.bytes(buf, from, contentEnd);
      sink.crlf();
      if (!this.#inHeader && --this.#bodyLinesLeft === 0) this.#done = true;
    } else if (end > from) {
      sink.bytes(buf, from, end);
    }
  }
}

export function isBlankLine(buf: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  return (
    (length === 1 && buf[start] === LF) ||
    (length === 2 && buf[start] === CR && buf[start + 1] === LF)
  );
}

/** The lower-case name of the header field this line starts, or undefined (no colon). */
export function headerFieldName(buf: Uint8Array, start: number, end: number): string | undefined {
  const colon = headerColon(buf, start, end);
  if (colon < 0) return undefined;
  let nameEnd = colon;
  while (nameEnd > start && (buf[nameEnd - 1] === SP || buf[nameEnd - 1] === HT)) nameEnd--;
  let name = '';
  for (let i = start; i < nameEnd; i++) {
    const byte = buf[i]!;
    name += String.fromCharCode(byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte);
  }
  return name;
}

/** Index of the colon ending a header field name, within the bytes decisions may look at. */
export function headerColon(buf: Uint8Array, start: number, end: number): number {
  const limit = Math.min(end, start + DECISION_BYTES);
  for (let i = start; i < limit; i++) {
    const byte = buf[i];
    if (byte === COLON) return i;
    if (byte === LF || byte === CR) return -1;
  }
  return -1;
}

/** True when buf[at..] begins with "From ". */
export function startsWithFrom(buf: Uint8Array, at: number, end: number): boolean {
  if (end - at < FROM_SPACE.length) return false;
  for (let k = 0; k < FROM_SPACE.length; k++) if (buf[at + k] !== FROM_SPACE[k]) return false;
  return true;
}

/** How many leading bytes of a line are quoting to remove (0 or 1). */
export function quoteToUndo(
  buf: Uint8Array,
  start: number,
  end: number,
  quoting: FromQuoting,
): number {
  if (quoting === 'none' || buf[start] !== GT) return 0;
  if (quoting === 'mboxo') return startsWithFrom(buf, start + 1, end) ? 1 : 0;
  const limit = Math.min(end, start + DECISION_BYTES);
  let i = start;
  while (i < limit && buf[i] === GT) i++;
  return startsWithFrom(buf, i, end) ? 1 : 0;
}
