/**
 * A mailbox of eight numbered messages in an mbox or a Maildir on a memfs volume (or a real
 * directory), the engine session that works on it, and a look at what a later process finds
 * there. The session's lock names a process that tests declare alive or dead.
 */
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Volume } from 'memfs';
import { utf8Encode } from '@pop3-lab/protocol';
import {
  createMaildirStore,
  createMboxStore,
  createPop3Session,
  deliverToMaildir,
  mboxEntry,
  staticAuthenticator,
  type MailFs,
  type MaildropStore,
} from '../../../src';
import { Conversation } from '../fuzz/drive';
import { FaultyFs } from './faulty-fs';

export type Format = 'mbox' | 'maildir';
export type Disk = 'memfs' | 'node';

/** The lock owner a crashed "server" leaves behind. */
export const OWNER = 'pop3-lab.4242@reliability-test';
export const MESSAGE_COUNT = 8;

/** Message n: distinct, with a dot line and a "From " line to make storage work. */
export function message(n: number): Uint8Array {
  return utf8Encode(
    [
      `Message-ID: <m${n}@reliability.example>`,
      `Subject: message number ${n}`,
      '',
      `Body of message ${n}.`,
      '.',
      'From here on, a line an mbox must quote.',
      'x'.repeat(40 * n),
      '',
    ].join('\r\n'),
  );
}

function lf(bytes: Uint8Array): Uint8Array {
  return bytes.filter((byte, i) => !(byte === 0x0d && bytes[i + 1] === 0x0a));
}

export interface Mailbox {
  readonly format: Format;
  /** The file system as it is, for later processes. */
  readonly raw: MailFs;
  /** The file system the session under test uses. */
  readonly faulty: FaultyFs;
  /** Where the mailbox lives. */
  readonly dir: string;
  /** A store as a process sees it; `ownerAlive` answers for the test's lock owner. */
  store(fs: MailFs, ownerAlive: boolean): MaildropStore;
  dispose(): Promise<void>;
}

export async function makeMailbox(format: Format, disk: Disk = 'memfs'): Promise<Mailbox> {
  let raw: MailFs;
  let base: string;
  let dispose = async () => {};
  if (disk === 'memfs') {
    raw = new Volume().promises as unknown as MailFs;
    base = '/mail';
  } else {
    raw = nodeFs as unknown as MailFs;
    base = await nodeFs.mkdtemp(join(tmpdir(), 'pop3-reliability-'));
    dispose = () => nodeFs.rm(base, { recursive: true, force: true });
  }
  const date = new Date(Date.UTC(2026, 2, 2, 8, 0, 0));
  const dir = format === 'mbox' ? `${base}/spool` : `${base}/home/chris/Maildir`;
  if (format === 'mbox') {
    await raw.mkdir(dir, { recursive: true });
    const entries = Array.from({ length: MESSAGE_COUNT }, (_, i) =>
      mboxEntry(lf(message(i + 1)), { sender: 'sender@lab.example', date }),
    );
    await raw.writeFile(`${dir}/chris`, concat(entries));
  } else {
    // Six already seen (cur/), the last two waiting in new/.
    for (let n = 1; n <= MESSAGE_COUNT; n++) {
      await deliverToMaildir(raw, dir, lf(message(n)), {
        unique: `17724312${String(n).padStart(2, '0')}.M${n}P1.reliability`,
        ...(n <= 6 ? { folder: 'cur' as const, flags: 'S' } : {}),
      });
    }
  }
  const store = (fs: MailFs, ownerAlive: boolean): MaildropStore => {
    const locking = {
      lockOwner: OWNER,
      isLockOwnerAlive: (owner: string) => (owner === OWNER ? ownerAlive : undefined),
    };
    return format === 'mbox'
      ? createMboxStore(fs, { spoolDir: dir, ...locking })
      : createMaildirStore(fs, { pathFor: () => dir, ...locking });
  };
  return { format, raw, faulty: new FaultyFs(raw), dir, store, dispose };
}

/** A logged-in session of chris on the faulty file system, the lock owner alive. */
export async function logIn(mailbox: Mailbox): Promise<Conversation> {
  const session = createPop3Session({
    maildrops: mailbox.store(mailbox.faulty, true),
    authenticator: staticAuthenticator({ chris: 'epikoi' }),
    hostname: 'reliability.example',
    greetingToken: '1.1',
    tls: 'unavailable',
    allowPlaintextAuth: true,
  });
  const conversation = new Conversation(session, { inFlight: mailbox.faulty.inFlight });
  await conversation.quiet();
  await conversation.command('USER chris');
  return conversation;
}

/**
 * What the next process finds: it opens the mailbox (the test's lock owner now dead), reads
 * every message and leaves. `undefined` messages when it cannot open, with the reason.
 */
export async function inspect(
  mailbox: Mailbox,
): Promise<{ messages: Uint8Array[] } | { refused: string }> {
  const opened = await mailbox.store(mailbox.raw, false).open('chris');
  if (!opened.ok) return { refused: `[${opened.code}] ${opened.reason}` };
  const messages: Uint8Array[] = [];
  try {
    for (let i = 0; i < opened.maildrop.messages.length; i++) {
      const parts: Uint8Array[] = [];
      for await (const chunk of opened.maildrop.read(i)) parts.push(chunk.slice());
      messages.push(concat(parts));
    }
  } finally {
    await opened.maildrop.release();
  }
  return { messages };
}

/** Which numbered messages these are, or a description of what is wrong with them. */
export function identify(messages: readonly Uint8Array[]): number[] | string {
  const numbers: number[] = [];
  for (const got of messages) {
    const n = Number(/message number (\d+)/.exec(new TextDecoder().decode(got))?.[1]);
    if (!(n >= 1 && n <= MESSAGE_COUNT + 10)) return `an unknown message of ${got.length} octets`;
    if (!same(got, message(n))) return `message ${n} differs from what was delivered`;
    numbers.push(n);
  }
  return numbers;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
