/**
 * The session's view of an open maildrop: message numbers, sizes, and the marks DELE sets.
 * RFC 1939 §5: numbers are assigned once when the maildrop opens and never shift; a message
 * marked as deleted keeps its number and is left out of STAT, LIST and UIDL. Only the
 * `renumbering` teaching persona breaks this, on purpose.
 */
import type { Maildrop } from '../maildrop';

export interface MessageLine {
  /** The number the client uses. */
  readonly msg: number;
  /** 0-based index in the maildrop. */
  readonly index: number;
  readonly size: number;
  readonly uid: string;
}

export type Lookup =
  | { readonly ok: true; readonly index: number }
  | { readonly ok: false; readonly reason: 'no-such' | 'deleted'; readonly count: number };

export class MailboxView {
  readonly maildrop: Maildrop;
  readonly #sizes: readonly number[] | undefined;
  readonly #renumber: boolean;
  readonly #deleted = new Set<number>();

  /** `sizes`: what the server announces instead of the maildrop's sizes (a persona's miscount). */
  constructor(maildrop: Maildrop, sizes: readonly number[] | undefined, renumber: boolean) {
    this.maildrop = maildrop;
    this.#sizes = sizes;
    this.#renumber = renumber;
  }

  /** Messages not marked as deleted, in order, with their numbers. */
  listing(): MessageLine[] {
    const lines: MessageLine[] = [];
    const total = this.maildrop.messages.length;
    for (let index = 0; index < total; index++) {
      if (this.#deleted.has(index)) continue;
      const msg = this.#renumber ? lines.length + 1 : index + 1;
      lines.push({ msg, index, size: this.sizeOf(index), uid: this.uidOf(index) });
    }
    return lines;
  }

  /** STAT: messages not marked as deleted, and their total size. */
  summary(): { count: number; octets: number } {
    // Counted in place: a listing would make an object per message of a large mailbox.
    let count = 0;
    let octets = 0;
    const total = this.maildrop.messages.length;
    for (let index = 0; index < total; index++) {
      if (this.#deleted.has(index)) continue;
      count += 1;
      octets += this.sizeOf(index);
    }
    return { count, octets };
  }

  find(msg: number): Lookup {
    if (this.#renumber) {
      const visible = this.listing();
      const line = visible[msg - 1];
      return line !== undefined && msg >= 1
        ? { ok: true, index: line.index }
        : { ok: false, reason: 'no-such', count: visible.length };
    }
    const total = this.maildrop.messages.length;
    if (msg < 1 || msg > total) return { ok: false, reason: 'no-such', count: total };
    const index = msg - 1;
    if (this.#deleted.has(index)) return { ok: false, reason: 'deleted', count: total };
    return { ok: true, index };
  }

  sizeOf(index: number): number {
    return this.#sizes?.[index] ?? this.maildrop.messages.size(index) ?? 0;
  }

  uidOf(index: number): string {
    return this.maildrop.messages.uid(index) ?? '';
  }

  mark(index: number): void {
    this.#deleted.add(index);
  }

  /** RSET: unmarks everything; returns the original numbers of the messages restored. */
  reset(): number[] {
    const restored = [...this.#deleted].sort((a, b) => a - b).map((index) => index + 1);
    this.#deleted.clear();
    return restored;
  }

  /** 0-based indexes marked as deleted, for UPDATE. */
  get deleted(): ReadonlySet<number> {
    return this.#deleted;
  }

  /** Messages left once the marked ones are removed. */
  get remaining(): number {
    return this.maildrop.messages.length - this.#deleted.size;
  }
}
