/**
 * Mailboxes for the harnesses, written the way a delivery agent leaves them: mbox files in a
 * spool (`DIR/<user>`, mboxrd quoting, LF line ends) or Maildirs (`DIR/<user>/{cur,new,tmp}`),
 * with a users file beside them. Every message is numbered and deterministic, so a check can
 * say which message is which and whether its bytes are intact.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Format = 'mbox' | 'maildir';

/**
 * Message `n` of `user` with LF line ends, about `size` octets: a dot line, a line an mbox must
 * quote, and a body that says who and which, so that a wrong or damaged message is caught.
 */
export function messageText(user: string, n: number, size = 600): string {
  const head = [
    `Message-ID: <${n}.${user}@reliability.example>`,
    `From: Harness <harness@reliability.example>`,
    `To: ${user}@reliability.example`,
    `Subject: ${user} message ${n}`,
    '',
    `This is message ${n} for ${user}.`,
    '.',
    '..a line that starts with two dots',
    'From the start of a line: an mbox quotes this one.',
  ];
  const lines = [...head];
  let length = head.join('\n').length;
  for (let i = 0; length < size; i++) {
    const line = `${user}/${n}/${i} ${'abcdefghijklmnopqrstuvwxyz'.repeat(2)}`;
    lines.push(line);
    length += line.length + 1;
  }
  lines.push(`End of message ${n} for ${user}.`);
  return `${lines.join('\n')}\n`;
}

/** What RETR must send for it (before byte-stuffing): CRLF line ends. */
export const wireBytes = (text: string): Buffer => Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');

/** Which message a RETR returned: [user, n], or undefined. */
export function whichMessage(body: Buffer | string): [string, number] | undefined {
  const match = /^Subject: (\S+) message (\d+)\r?$/m.exec(body.toString());
  return match ? [match[1]!, Number(match[2])] : undefined;
}

function mboxEntry(text: string, n: number): string {
  const quoted = text.replace(/^(>*From )/gm, '>$1');
  const day = String(1 + (n % 28)).padStart(2, ' ');
  return `From harness@reliability.example Mon Mar ${day} 09:00:00 2026\n${quoted}\n`;
}

export async function writeMailbox(
  format: Format,
  dir: string,
  user: string,
  numbers: readonly number[],
  size?: number,
): Promise<void> {
  if (format === 'mbox') {
    await writeFile(
      join(dir, user),
      numbers.map((n) => mboxEntry(messageText(user, n, size), n)).join(''),
    );
    return;
  }
  const root = join(dir, user);
  await rm(root, { recursive: true, force: true });
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(root, sub), { recursive: true });
  await Promise.all(
    numbers.map((n) => {
      const text = messageText(user, n, size);
      const octets = Buffer.byteLength(text);
      const name = `${1_772_000_000 + n}.M${n}P1.reliability,S=${octets},W=${wireBytes(text).length}:2,S`;
      return writeFile(join(root, 'cur', name), text);
    }),
  );
}

/** Appends message n as a delivery agent would, after the mailbox's last message. */
export function mboxAppendText(user: string, n: number, size?: number): string {
  return mboxEntry(messageText(user, n, size), n);
}

export interface Spool {
  readonly dir: string;
  readonly usersFile: string;
  readonly format: Format;
  /** `--mail mbox:DIR` or `--mail maildir:DIR`. */
  readonly mailArg: string;
  dispose(): Promise<void>;
}

/**
 * The command line of a server on `spool` as the suites start it: an ephemeral plain port, no
 * TLS port, no session logs, then `extra` (limits, timeouts).
 */
export function spoolServerArgs(spool: Spool, ...extra: string[]): string[] {
  return [
    '--port',
    '0',
    '--tls-port',
    'off',
    '--quiet',
    '--mail',
    spool.mailArg,
    '--users',
    spool.usersFile,
    ...extra,
  ];
}

/** A fresh spool with `users` (name → message numbers) and a users file (password `<name>-pw`). */
export async function makeSpool(
  format: Format,
  users: ReadonlyMap<string, readonly number[]>,
  size?: number,
): Promise<Spool> {
  const base = await mkdtemp(join(tmpdir(), `pop3-reliability-${format}-`));
  const dir = join(base, 'mail');
  await mkdir(dir);
  const usersFile = join(base, 'users');
  await writeFile(usersFile, [...users.keys()].map((user) => `${user}:${user}-pw\n`).join(''), {
    mode: 0o600,
  });
  for (const [user, numbers] of users) await writeMailbox(format, dir, user, numbers, size);
  return {
    dir,
    usersFile,
    format,
    mailArg: `${format}:${dir}`,
    dispose: () => rm(base, { recursive: true, force: true }),
  };
}

export const numbersUpTo = (count: number): number[] =>
  Array.from({ length: count }, (_, i) => i + 1);
