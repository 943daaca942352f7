/**
 * Mailboxes written to a temporary directory, as mbox files (`DIR/<user>`) and Maildirs
 * (`DIR/<user>/{cur,new,tmp}`), with messages chosen to catch wire-format mistakes: a line
 * that is a lone dot, lines starting with dots, a body line starting with "From ", UTF-8 text.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FixtureMessage {
  /** The message as a client must receive it, with LF line ends (CRLF on the wire). */
  readonly text: string;
}

const message = (lines: string[]): FixtureMessage => ({ text: lines.join('\n') + '\n' });

export const fixtureMessages: readonly FixtureMessage[] = [
  message([
    'From: Ana Teacher <ana@school.example>',
    'To: student@school.example',
    'Subject: Lab 1: talking to a mail server',
    'Date: Mon, 03 Mar 2025 09:00:00 +0000',
    'Message-ID: <lab1@school.example>',
    '',
    'Good morning,',
    '',
    'Today you will open a connection by hand and ask the server for your mail.',
    'Try STAT first, then LIST.',
  ]),
  message([
    'From: Bo Tester <bo@school.example>',
    'To: student@school.example',
    'Subject: dots and From lines',
    'Date: Mon, 03 Mar 2025 09:05:00 +0000',
    'Message-ID: <dots@school.example>',
    '',
    'The next line is a single dot:',
    '.',
    '..and this one starts with two dots',
    '.hidden starts with one',
    'From the start of a line, this must survive an mbox.',
    '>From here too, with its quote.',
    'The end.',
  ]),
  message([
    'From: Chloe <chloe@school.example>',
    'To: student@school.example',
    'Subject: accents in the body',
    'Date: Mon, 03 Mar 2025 09:10:00 +0000',
    'Message-ID: <utf8@school.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Café crème, naïve façade : ça marche, même en UTF-8.',
    'Ünïcödé ends here.',
  ]),
];

/** The message as it travels: CRLF line ends (RFC 1939 §3). */
export function wireText(m: FixtureMessage): string {
  return m.text.replace(/\n/g, '\r\n');
}

/** mboxrd: a body line matching /^>*From / gets one more ">" (RFC 4155 §A). */
export async function writeMbox(
  dir: string,
  user: string,
  messages: readonly FixtureMessage[],
): Promise<string> {
  const parts = messages.map((m, i) => {
    const body = m.text.replace(/^(>*From )/gm, '>$1');
    return `From sender@school.example Mon Mar  3 09:0${i}:00 2025\n${body}\n`;
  });
  const file = join(dir, user);
  await writeFile(file, parts.join(''));
  return file;
}

export async function writeMaildir(
  dir: string,
  user: string,
  messages: readonly FixtureMessage[],
): Promise<string> {
  const root = join(dir, user);
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(root, sub), { recursive: true });
  for (const [i, m] of messages.entries()) {
    // The first message was seen already (cur/ with flags), the others are new.
    const base = `17410000${String(i).padStart(2, '0')}.M${i}P1000Q${i}.lab`;
    const file = i === 0 ? join(root, 'cur', `${base}:2,S`) : join(root, 'new', base);
    await writeFile(file, m.text);
  }
  return root;
}
