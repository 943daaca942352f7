/**
 * An in-memory MaildropStore, for tests and demonstrations: the same contract as the mbox and
 * Maildir stores (one exclusive lock per user, deletions only on commit, mail delivered during
 * a session kept), with none of their I/O.
 */
import { DotStuffer } from '@pop3-lab/protocol';
import { md5 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Maildrop, MaildropStore, OpenResult, ReadOptions } from '../maildrop';
import { MaildropError, messageList } from '../maildrop';
import { toCrlf, topLength } from './message-text';

export interface MemoryStoreOptions {
  /** Largest chunk `read` yields, in octets. Default 64 KiB. */
  readonly chunkSize?: number;
}

export interface MemoryStore extends MaildropStore {
  /** Adds a message at the end of a user's maildrop, as a delivery would (even while locked). */
  deliver(user: string, message: Uint8Array | string): void;
  /** A user's messages as they are now, with CRLF line ends. */
  contents(user: string): Uint8Array[];
  /** Whether a session holds the user's lock. */
  locked(user: string): boolean;
}

interface StoredMessage {
  readonly content: Uint8Array;
  readonly uid: string;
}

interface Mailbox {
  messages: StoredMessage[];
  holder: object | undefined;
}

export function createMemoryStore(
  mailboxes: Record<string, readonly (Uint8Array | string)[]>,
  options: MemoryStoreOptions = {},
): MemoryStore {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`chunkSize must be a whole number ≥ 1, got ${chunkSize}`);
  }
  const boxes = new Map<string, Mailbox>();
  let delivered = 0;

  const store = (message: Uint8Array | string): StoredMessage => {
    const content = toCrlf(message);
    delivered += 1;
    // RFC 1939 §7: 1–70 characters in 0x21–0x7E, unique in the maildrop, stable across
    // sessions: a delivery counter makes it unique, the digest makes it recognisable.
    const uid = `${delivered}.${bytesToHex(md5(content)).slice(0, 16)}`;
    return { content, uid };
  };
  const box = (user: string): Mailbox => {
    let found = boxes.get(user);
    if (found === undefined) {
      found = { messages: [], holder: undefined };
      boxes.set(user, found);
    }
    return found;
  };
  for (const [user, messages] of Object.entries(mailboxes)) {
    box(user).messages = messages.map(store);
  }

  return {
    open(user: string): Promise<OpenResult> {
      const mailbox = box(user);
      if (mailbox.holder !== undefined) {
        return Promise.resolve({
          ok: false,
          code: 'IN-USE',
          reason: `the maildrop of ${user} is locked by another session`,
        });
      }
      const holder = {};
      mailbox.holder = holder;
      return Promise.resolve({ ok: true, maildrop: openMaildrop(mailbox, holder, chunkSize) });
    },
    deliver(user, message) {
      box(user).messages.push(store(message));
    },
    contents(user) {
      return (boxes.get(user)?.messages ?? []).map((message) => message.content);
    },
    locked(user) {
      return boxes.get(user)?.holder !== undefined;
    },
  };
}

function openMaildrop(mailbox: Mailbox, holder: object, chunkSize: number): Maildrop {
  const snapshot = [...mailbox.messages];
  let open = true;
  const unlock = () => {
    open = false;
    if (mailbox.holder === holder) mailbox.holder = undefined;
  };
  const contentOf = (index: number): Uint8Array => {
    const message = snapshot[index];
    if (!open) throw new MaildropError('SYS/TEMP', 'the maildrop was released');
    if (message === undefined) throw new RangeError(`no message at index ${index}`);
    return message.content;
  };
  return {
    kind: 'memory',
    messages: messageList(
      snapshot.map((message) => ({ size: message.content.length, uid: message.uid })),
    ),
    async *read(index: number, options: ReadOptions = {}) {
      const content = contentOf(index);
      const end = viewEnd(content, options);
      const stuffer = options.dotStuffed === true ? new DotStuffer() : undefined;
      for (let start = 0; start < end; start += chunkSize) {
        if (!open) throw new MaildropError('SYS/TEMP', 'the maildrop was released');
        const chunk = content.subarray(start, Math.min(end, start + chunkSize));
        yield stuffer === undefined ? chunk : stuffer.transform(chunk);
      }
    },
    // A message that fits in one chunk comes at once; larger ones only through read.
    readNow(index: number, options: ReadOptions = {}) {
      const content = contentOf(index);
      const end = viewEnd(content, options);
      if (end > chunkSize) return undefined;
      const view = content.subarray(0, end);
      return [options.dotStuffed === true ? new DotStuffer().transform(view) : view];
    },
    commit(deleted: ReadonlySet<number>) {
      if (open) {
        // Remove by identity: messages delivered during the session are kept.
        const gone = new Set([...deleted].map((index) => snapshot[index]));
        mailbox.messages = mailbox.messages.filter((message) => !gone.has(message));
      }
      unlock();
      return Promise.resolve();
    },
    release() {
      unlock();
      return Promise.resolve();
    },
  };
}

/** Where RETR (all of it) or TOP (header, blank line, `bodyLines` lines) stops. */
function viewEnd(content: Uint8Array, options: ReadOptions): number {
  return options.bodyLines === undefined ? content.length : topLength(content, options.bodyLines);
}
