/**
 * Indexes an mbox by streaming it once, block by block (a 1 GB spool is never in memory):
 * where each message starts and ends, its size as the client will see it, and its unique id.
 *
 * Splitting (RFC 4155 Appendix A): a message starts at a "From " separator line found at the
 * start of the file or after an empty line; that empty line belongs to the mbox, not to the
 * message before it (and so does a last empty line at the end of the file). When a message
 * carries a Content-Length header (mboxcl, mboxcl2) whose end lands on a separator or on the
 * end of the file, "From " lines inside that length are body text, not separators.
 *
 * The first message is the UW-IMAP/Pine folder-internal pseudo-message when its header has an
 * X-IMAP or X-IMAPbase field ("DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA"): it is
 * indexed apart, hidden from the client, and kept in the file on rewrite (as Dovecot does).
 *
 * Unique ids: the value of an X-UIDL header when it is a valid id; otherwise 16 hex digits
 * fingerprinting the "From " line (its delivery time), the header as the client sees it (CRLF
 * line ends, bookkeeping fields left out) and the size. Status flags or line ends changing in
 * the file keep the id; one message delivered twice gets two ids through its two "From "
 * lines; entries identical to the byte are told apart by their order (UidAllocator).
 */
import { asciiBytes, latin1Decode } from '@pop3-lab/protocol';
import { Fingerprint } from './fingerprint';
import { MboxSpans, type MboxSpan } from './mbox-spans';
import { readFully, type ByteSource } from './byte-sources';
import { LineCursor } from './line-cursor';
import { isFromLine } from './mbox-from-line';
import {
  MessageView,
  headerColon,
  headerFieldName,
  isBlankLine,
  startsWithFrom,
  type ByteSink,
  type ViewRules,
} from './message-view';
import { UidAllocator, isValidUid } from './unique-ids';

export type { MboxSpan } from './mbox-spans';

export interface MboxRules extends ViewRules {
  /** Trust Content-Length headers that point at a message boundary (mboxcl, mboxcl2). */
  readonly contentLength: boolean;
}

export interface MboxIndex {
  /** Bytes indexed: the file's length when it was opened. Later appends are the "tail". */
  readonly length: number;
  /** Bytes before the first "From " line: not mail, kept as they are on rewrite. */
  readonly preambleEnd: number;
  readonly pseudo: MboxSpan | undefined;
  readonly messages: MboxSpans;
}

const LF_BYTES = asciiBytes('\n');
const CRLF_BYTES = asciiBytes('\r\n');
const MAX_FIELD_VALUE = 1000;

/** Counts what the view emits and hashes the header part of it (for the unique id). */
class IndexSink implements ByteSink {
  size = 0;
  hashing = true;
  readonly hash = new Fingerprint();

  bytes(buf: Uint8Array, start: number, end: number): void {
    this.size += end - start;
    if (this.hashing) this.hash.update(buf, start, end);
  }

  crlf(): void {
    this.size += 2;
    if (this.hashing) this.hash.update(CRLF_BYTES);
  }
}

/** The few header fields the index itself needs, gathered from the raw header. */
class HeaderFacts {
  contentLength: string | undefined;
  uidl: string | undefined;
  folderInternal = false;
  #collecting: 'content-length' | 'x-uidl' | undefined;
  #value = '';

  piece(buf: Uint8Array, start: number, end: number, first: boolean): void {
    let from = start;
    if (first) {
      const lead = buf[start];
      if (lead !== 0x20 && lead !== 0x09) {
        this.#finishField();
        const name = headerFieldName(buf, start, end);
        if (name === 'x-imap' || name === 'x-imapbase') this.folderInternal = true;
        if (name === 'content-length' || name === 'x-uidl') {
          this.#collecting = name;
          from = headerColon(buf, start, end) + 1;
        }
      }
    }
    if (this.#collecting !== undefined && this.#value.length < MAX_FIELD_VALUE) {
      this.#value += latin1Decode(buf.subarray(from, Math.min(end, from + MAX_FIELD_VALUE)));
    }
  }

  finish(): void {
    this.#finishField();
  }

  #finishField(): void {
    if (this.#collecting === undefined) return;
    const value = this.#value.replace(/\s+/g, ' ').trim();
    if (this.#collecting === 'content-length') this.contentLength ??= value;
    else this.uidl ??= value;
    this.#collecting = undefined;
    this.#value = '';
  }
}

class Draft {
  contentStart = -1;
  /** End of the body as given by a validated Content-Length, or null. */
  contentLengthEnd: number | null = null;
  contentLengthChecked = false;
  readonly view: MessageView;
  readonly sink = new IndexSink();
  readonly facts = new HeaderFacts();

  constructor(
    readonly start: number,
    rules: ViewRules,
  ) {
    this.view = new MessageView(rules);
  }

  feed(buf: Uint8Array, start: number, end: number, first: boolean, last: boolean): void {
    const inHeader = this.view.inHeader;
    if (inHeader && !(first && last && isBlankLine(buf, start, end))) {
      this.facts.piece(buf, start, end, first);
    }
    this.sink.hashing = inHeader;
    this.view.piece(buf, start, end, first, last, this.sink);
  }
}

interface PendingBlank {
  readonly offset: number;
  readonly length: number;
}

export async function indexMbox(
  source: ByteSource,
  length: number,
  rules: MboxRules,
  blockSize?: number,
): Promise<MboxIndex> {
  const cursor = new LineCursor(source, 0, length, blockSize);
  // Each message is finished as soon as it is closed: only its span is kept, so indexing a
  // large mbox holds one working draft at a time, not one per message.
  const finished = new SpanCollector();
  let current: Draft | undefined;
  let preambleEnd = length;
  let pending: PendingBlank | undefined; // an empty line: content, or the separator before a From_
  let previousBlank = true; // the start of the file counts as following an empty line
  let inFromLine = false;
  let lineIsContent = false;

  const feedPending = (draft: Draft) => {
    if (pending === undefined) return;
    const bytes = pending.length === 2 ? CRLF_BYTES : LF_BYTES;
    draft.feed(bytes, 0, bytes.length, true, true);
    pending = undefined;
  };
  const close = (draft: Draft, nextStart: number) => {
    const contentEnd = pending?.offset ?? nextStart;
    if (draft.contentStart < 0) draft.contentStart = contentEnd;
    finished.add(draft, contentEnd, nextStart);
    pending = undefined;
  };

  for (;;) {
    while (cursor.next()) {
      const { buf, start, end, first, last, offset } = cursor;
      if (first) {
        const blank = last && isBlankLine(buf, start, end);
        const separator =
          !blank &&
          startsWithFrom(buf, start, end) &&
          isSeparatorPlace(current, offset) &&
          isFromLine(buf, start, end);
        if (separator) {
          if (current !== undefined) close(current, offset);
          else preambleEnd = offset;
          current = new Draft(offset, rules);
          current.sink.hash.update(buf, start, lineContentEnd(buf, start, end));
          inFromLine = true;
          lineIsContent = false;
        } else if (blank) {
          lineIsContent = false;
          if (current !== undefined) {
            feedPending(current);
            pending = { offset, length: end - start };
            await checkContentLength(current, offset + (end - start));
          }
        } else if (current !== undefined) {
          feedPending(current);
          lineIsContent = true;
          current.feed(buf, start, end, true, last);
        } else {
          lineIsContent = false;
        }
        previousBlank = blank;
      } else if (lineIsContent && current !== undefined) {
        current.feed(buf, start, end, false, last);
      } else if (inFromLine && current !== undefined) {
        current.sink.hash.update(buf, start, lineContentEnd(buf, start, end));
      }
      if (last && inFromLine && current !== undefined) {
        current.contentStart = offset + (end - start);
        inFromLine = false;
      }
    }
    if (!(await cursor.refill())) break;
  }
  if (current !== undefined) close(current, length);

  /** The first empty line of a header ends it: a Content-Length there says where the body ends. */
  async function checkContentLength(draft: Draft, bodyStart: number): Promise<void> {
    if (!rules.contentLength || !draft.view.inHeader || draft.contentLengthChecked) return;
    draft.contentLengthChecked = true;
    draft.facts.finish();
    const value = draft.facts.contentLength;
    if (value !== undefined) {
      draft.contentLengthEnd = await contentLengthEnd(source, length, bodyStart, value);
    }
  }

  function isSeparatorPlace(draft: Draft | undefined, offset: number): boolean {
    const bodyEnd = draft?.contentLengthEnd ?? null;
    if (bodyEnd !== null) return offset === bodyEnd || (offset > bodyEnd && previousBlank);
    return previousBlank;
  }

  return { length, preambleEnd, pseudo: finished.pseudo, messages: finished.messages.seal() };
}

function lineContentEnd(buf: Uint8Array, start: number, end: number): number {
  if (end > start && buf[end - 1] === 0x0a) end--;
  if (end > start && buf[end - 1] === 0x0d) end--;
  return end;
}

class SpanCollector {
  readonly messages = new MboxSpans();
  pseudo: MboxSpan | undefined;
  readonly #uids = new UidAllocator();
  readonly #digest = new Uint32Array(2);
  #first = true;

  add(draft: Draft, contentEnd: number, end: number): void {
    const first = this.#first;
    this.#first = false;
    draft.facts.finish();
    const size = draft.sink.size;
    const { start, contentStart } = draft;
    if (first && draft.facts.folderInternal) {
      this.pseudo = Object.freeze({ start, contentStart, contentEnd, end, size, uid: '' });
      return;
    }
    const uidl = draft.facts.uidl;
    let named: string | undefined;
    if (uidl !== undefined && isValidUid(uidl)) {
      named = this.#uids.take(uidl);
    } else {
      draft.sink.hash.update(asciiBytes(`\0${size}`));
      draft.sink.hash.digest(this.#digest, 0);
      // Most ids are the fingerprint itself: kept as two numbers, written out when asked for.
      named = this.#uids.takeDigest(this.#digest[0]!, this.#digest[1]!);
    }
    this.messages.push(start, contentStart, contentEnd, end, size, this.#digest, named);
  }
}

/**
 * The end of a body by its Content-Length, if that end is a message boundary: the end of the
 * file, or a "From " line (right there or after one empty line). Otherwise null: the header is
 * wrong or stale, and the message is split the usual way.
 */
async function contentLengthEnd(
  source: ByteSource,
  fileLength: number,
  bodyStart: number,
  value: string,
): Promise<number | null> {
  if (!/^\d{1,15}$/.test(value)) return null;
  const bodyEnd = bodyStart + Number(value);
  if (bodyEnd > fileLength) return null;
  if (bodyEnd === fileLength) return bodyEnd;
  // Read from the byte before the end: it must be the LF ending the body's last line.
  const probe = new Uint8Array(Math.min(1 + 2 + 1024, fileLength - bodyEnd + 1));
  const got = await readFully(source, probe, 0, probe.length, bodyEnd - 1);
  if (got < 2 || probe[0] !== 0x0a) return null;
  let at = 1;
  if (probe[at] === 0x0a) at += 1;
  else if (probe[at] === 0x0d && probe[at + 1] === 0x0a) at += 2;
  if (at > 1 && bodyEnd - 1 + at === fileLength) return bodyEnd; // a last empty line
  const lineEnd = probe.indexOf(0x0a, at);
  return isFromLine(probe, at, lineEnd < 0 || lineEnd >= got ? got : lineEnd + 1) ? bodyEnd : null;
}
