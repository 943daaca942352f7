/**
 * What every fuzz case runs against: one mailbox of awkward messages, kept in memory, in an
 * mbox or in a Maildir (both on a memfs volume), and the session settings to try.
 */
import { Volume } from 'memfs';
import { utf8Encode } from '@pop3-lab/protocol';
import {
  createMaildirStore,
  createMboxStore,
  createMemoryStore,
  deliverToMaildir,
  mboxEntry,
  staticAuthenticator,
  type MailFs,
  type MaildropStore,
  type Pop3SessionOptions,
} from '../../../src';

export const USER = 'chris';
export const PASSWORD = 'epikoi';
export const HOSTNAME = 'fuzz.example';
export const GREETING_TOKEN = '4242.1';
/** The APOP timestamp and the first CRAM-MD5 challenge of every session (RFC 1939 §7). */
export const TIMESTAMP = `<${GREETING_TOKEN}@${HOSTNAME}>`;
export const LOGINS = { chris: PASSWORD, empty: 'empty-pw' };

/**
 * The messages exactly as RETR must send them before byte-stuffing (CRLF line ends). Each
 * has something a careless server gets wrong.
 */
export const MESSAGES: readonly Uint8Array[] = [
  crlf(['From: a@lab.example', 'Subject: short', '', 'Hello.']),
  // Lines that need byte-stuffing, and lines an mbox must quote.
  crlf([
    'Subject: dots and froms',
    '',
    '.',
    '..',
    '.leading dot',
    'From the start of a line',
    '>From quoted once',
    '>>From quoted twice',
    '',
    '.',
  ]),
  // Lines far over 512 octets: fine in a message body (RFC 5322 allows 998, and more exists).
  crlf(['Subject: long lines', '', 'x'.repeat(1500), 'y'.repeat(600), 'end']),
  // Raw UTF-8 in the header: refused before UTF8 (RFC 6856 §2.1).
  crlf(['Subject: Réunion à 10 h', 'From: Zoé <zoe@lab.example>', '', 'Ça marche, à demain.']),
  crlf(['Subject: empty body', '']),
  // No blank line at all: TOP sends it whole.
  crlf(['Subject: header only', 'X-Note: nothing follows']),
  // Control bytes and a bare CR inside lines.
  concat(
    utf8Encode('Subject: odd bytes\r\n\r\nbell\x07 nul\x00 del\x7f bare\rCR\r\n'),
    Uint8Array.of(0xff, 0xfe, 0x80, 0x0d, 0x0a),
  ),
];

/** Whether a message's header holds non-ASCII bytes (RETR/TOP need UTF8 first). */
export const NON_ASCII_HEADER: readonly boolean[] = MESSAGES.map((message) => {
  const end = indexOf(message, utf8Encode('\r\n\r\n'));
  const header = message.subarray(0, end < 0 ? message.length : end);
  return header.some((byte) => byte >= 0x80);
});

export type StoreKind = 'memory' | 'mbox' | 'maildir';

export interface ProfileSpec {
  readonly name: string;
  readonly options: Partial<Pop3SessionOptions>;
  /** A teaching persona that breaks a rule on purpose: only the safety checks apply. */
  readonly flawed: boolean;
  /** TRANSACTION commands this persona does not have (RFC 1460 has LAST but no UIDL). */
  readonly missing?: readonly string[];
}

const LIMITS_WIDE = { badCommands: 10_000, authFailures: 10_000 };

export const PROFILES: readonly ProfileSpec[] = [
  {
    name: 'dovecot-plain',
    flawed: false,
    options: { tls: 'unavailable', allowPlaintextAuth: true },
  },
  {
    name: 'dovecot-wide-limits',
    flawed: false,
    options: { tls: 'unavailable', allowPlaintextAuth: true, limits: LIMITS_WIDE },
  },
  { name: 'dovecot-stls', flawed: false, options: { tls: 'available', allowPlaintextAuth: false } },
  { name: 'dovecot-tls', flawed: false, options: { tls: 'active', allowPlaintextAuth: false } },
  {
    name: 'dovecot-send-utf8',
    flawed: false,
    options: { tls: 'active', allowPlaintextAuth: true, nonAsciiHeaders: 'send', language: 'fr' },
  },
  {
    name: 'strict-rfc1939',
    flawed: false,
    missing: ['LAST'],
    options: { persona: 'strict-rfc1939', tls: 'unavailable', allowPlaintextAuth: true },
  },
  {
    name: 'legacy',
    flawed: false,
    missing: ['UIDL'],
    options: {
      persona: 'legacy',
      tls: 'unavailable',
      allowPlaintextAuth: true,
      limits: LIMITS_WIDE,
    },
  },
  {
    name: 'small-limits',
    flawed: false,
    options: {
      tls: 'available',
      allowPlaintextAuth: true,
      limits: { commandLength: 40, saslLineLength: 64, badCommands: 3, pipelinedLines: 5 },
    },
  },
  ...(['no-dot-stuffing', 'lf-sizes', 'renumbering', 'phantom-capability', 'flaky'] as const).map(
    (persona) => ({
      name: persona,
      flawed: true,
      options: { persona, tls: 'available' as const, allowPlaintextAuth: true },
    }),
  ),
];

/** A file system that counts its operations in flight, so a driver can tell when all is quiet. */
export interface CountingFs {
  readonly fs: MailFs;
  readonly inFlight: () => number;
}

export interface Fixture {
  readonly kind: StoreKind;
  readonly store: MaildropStore;
  /** A second view of the same storage, as another process would open it. */
  readonly reopen: () => MaildropStore;
  readonly inFlight: () => number;
  readonly options: (profile: ProfileSpec) => Pop3SessionOptions;
}

export async function makeFixture(kind: StoreKind): Promise<Fixture> {
  const authenticator = staticAuthenticator(LOGINS);
  const base = (store: MaildropStore, inFlight: () => number) => ({
    kind,
    store,
    inFlight,
    options: (profile: ProfileSpec): Pop3SessionOptions => ({
      maildrops: store,
      authenticator,
      hostname: HOSTNAME,
      greetingToken: GREETING_TOKEN,
      tls: 'unavailable',
      allowPlaintextAuth: true,
      ...profile.options,
    }),
  });
  if (kind === 'memory') {
    const store = createMemoryStore({ chris: MESSAGES, empty: [] }, { chunkSize: 700 });
    return { ...base(store, () => 0), reopen: () => store };
  }
  const volume = new Volume();
  const counting = countOperations(volume.promises as unknown as MailFs);
  const date = new Date(Date.UTC(2026, 2, 2, 6, 0, 0));
  if (kind === 'mbox') {
    const file = concat(
      ...MESSAGES.map((message) =>
        mboxEntry(toLf(message), { sender: 'sender@lab.example', date }, 'mboxrd'),
      ),
    );
    await counting.fs.mkdir('/spool', { recursive: true });
    await counting.fs.writeFile('/spool/chris', file);
    const open = () => createMboxStore(counting.fs, { spoolDir: '/spool', blockSize: 512 });
    return { ...base(open(), counting.inFlight), reopen: open };
  }
  for (const [i, message] of MESSAGES.entries()) {
    await deliverToMaildir(counting.fs, '/home/chris/Maildir', toLf(message), {
      unique: `1772431200.M${i}P1.fuzz`,
    });
  }
  const open = () =>
    createMaildirStore(counting.fs, { pathFor: (user) => `/home/${user}/Maildir`, blockSize: 512 });
  return { ...base(open(), counting.inFlight), reopen: open };
}

function countOperations(inner: MailFs): CountingFs {
  let inFlight = 0;
  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight++;
    return promise.finally(() => {
      inFlight--;
    });
  };
  const fs: MailFs = {
    open: async (path, flags, mode) => {
      const handle = await track(inner.open(path, flags, mode));
      return {
        read: (buffer, offset, length, position) =>
          track(handle.read(buffer, offset, length, position)),
        write: (buffer, offset, length, position) =>
          track(handle.write(buffer, offset, length, position)),
        stat: () => track(handle.stat()),
        sync: () => track(handle.sync()),
        close: () => track(handle.close()),
      };
    },
    readFile: (path) => track(inner.readFile(path)),
    writeFile: (path, data, options) => track(inner.writeFile(path, data, options)),
    readdir: (path) => track(inner.readdir(path)),
    stat: (path) => track(inner.stat(path)),
    rename: (from, to) => track(inner.rename(from, to)),
    unlink: (path) => track(inner.unlink(path)),
    mkdir: (path, options) => track(inner.mkdir(path, options)),
  };
  return { fs, inFlight: () => inFlight };
}

function crlf(lines: readonly string[]): Uint8Array {
  return utf8Encode(lines.map((line) => `${line}\r\n`).join(''));
}

/** The same message as a delivery agent stores it: LF line ends. */
function toLf(message: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < message.length; i++) {
    if (message[i] === 0x0d && message[i + 1] === 0x0a) continue;
    out.push(message[i]!);
  }
  return Uint8Array.from(out);
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
