/**
 * What the engine needs from a maildrop, whatever it is stored as (mbox, Maildir, memory).
 * RFC 1939 §8: the server locks the maildrop when a session enters TRANSACTION and releases it
 * at the end; deletions happen only in UPDATE.
 */

/** Response codes a maildrop failure maps to (RFC 2449 §8, RFC 3206). */
export type MaildropFailureCode = 'IN-USE' | 'SYS/TEMP' | 'SYS/PERM';

export interface MessageEntry {
  /**
   * Octets of the message exactly as RETR sends it before byte-stuffing: CRLF line ends,
   * `>From ` quoting undone, the pseudo-message excluded (RFC 1939 §5, LIST and STAT).
   */
  readonly size: number;
  /** Unique-id listing: 1–70 characters in 0x21–0x7E, stable across sessions (RFC 1939 §7). */
  readonly uid: string;
}

/**
 * The messages of a maildrop, read-only. Not an array, so that a store may keep 100,000
 * messages in a few flat arrays of numbers instead of 100,000 objects (the mbox index does):
 * an entry is made when asked for.
 */
export interface MessageList extends Iterable<MessageEntry> {
  readonly length: number;
  /** Entry `index` (0 = message 1), or undefined outside 0 … length − 1. */
  at(index: number): MessageEntry | undefined;
  /** `at(index)?.size` without making the entry: STAT and RETR ask for it every time. */
  size(index: number): number | undefined;
  /** `at(index)?.uid` without making the entry. */
  uid(index: number): string | undefined;
}

/** A MessageList over entries already in an array (memory and Maildir stores). */
export function messageList(entries: readonly MessageEntry[]): MessageList {
  return new ArrayMessageList(entries);
}

class ArrayMessageList implements MessageList {
  readonly #entries: readonly MessageEntry[];

  constructor(entries: readonly MessageEntry[]) {
    this.#entries = entries;
  }

  get length(): number {
    return this.#entries.length;
  }

  at(index: number): MessageEntry | undefined {
    return index >= 0 ? this.#entries[index] : undefined;
  }

  size(index: number): number | undefined {
    return this.at(index)?.size;
  }

  uid(index: number): string | undefined {
    return this.at(index)?.uid;
  }

  [Symbol.iterator](): Iterator<MessageEntry> {
    return this.#entries[Symbol.iterator]();
  }
}

export interface ReadOptions {
  /** TOP n m: the header, the blank line, then at most this many body lines (RFC 1939 §7). */
  readonly bodyLines?: number;
  /**
   * Byte-stuffed for a multi-line response (RFC 1939 §3): a line that begins with "." comes
   * with one more in front. The terminating "." line is not included. Every store honours it,
   * so RETR sends the chunks as they come.
   */
  readonly dotStuffed?: boolean;
}

export interface Maildrop {
  readonly kind: 'mbox' | 'maildir' | 'memory';
  /** Messages as seen when the session opened, index 0 = message 1. Never changes in a session. */
  readonly messages: MessageList;
  /**
   * The message's content with CRLF line ends, byte-stuffed only when asked, in chunks of
   * bounded size, read from storage as the consumer pulls (a 1 GB message is never held
   * whole). With `bodyLines`, stops after the header, the blank line and that many body lines.
   */
  read(index: number, options?: ReadOptions): AsyncIterable<Uint8Array>;
  /**
   * All of `read(index, options)` at once, when the store has it at hand without waiting: a
   * small message (a Maildir file read by a blocking call, a message held in memory). Undefined
   * when it has not; `read` then gives it. Throws what `read` would.
   */
  readNow?(index: number, options?: ReadOptions): readonly Uint8Array[] | undefined;
  /**
   * UPDATE (RFC 1939 §6): remove these messages (0-based indexes), keep everything else —
   * including mail delivered since the session opened — then release the lock.
   * Throws `MaildropError` ('SYS/TEMP' for a full disk, …); nothing is lost when it does,
   * and the lock is released either way.
   */
  commit(deleted: ReadonlySet<number>): Promise<void>;
  /** Leave without changes and release the lock. Idempotent; safe after commit. */
  release(): Promise<void>;
}

export type OpenResult =
  | { readonly ok: true; readonly maildrop: Maildrop }
  | { readonly ok: false; readonly code: MaildropFailureCode; readonly reason: string };

/** Where maildrops come from: a spool of mboxes, a tree of Maildirs, memory. */
export interface MaildropStore {
  /** Open and lock `user`'s maildrop. A user with no mailbox yet gets an empty maildrop. */
  open(user: string): Promise<OpenResult>;
}

export class MaildropError extends Error {
  constructor(
    readonly code: MaildropFailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MaildropError';
  }
}
