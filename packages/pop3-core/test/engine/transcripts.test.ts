/**
 * Whole conversations, checked line for line: the example session of RFC 1939 §10, and the
 * telnet session of the French tutorial on chris's mailbox (our own messages stand in for his).
 * Each is fed in one piece, one byte at a time, and cut at random places: the server must
 * answer exactly the same way every time.
 */
import { describe, expect, test } from 'vitest';
import { utf8Encode } from '@pop3-lab/protocol';
import { createMemoryStore, staticAuthenticator } from '../../src';
import type { LabOptions } from './harness';
import { chrisMessages, runScript, splitAt } from './harness';

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

/** A message of exactly `size` octets once sent with CRLF line ends. */
function messageOfSize(size: number, subject: string): string {
  const head = `Subject: ${subject}\r\n\r\n`;
  const filler = size - head.length - 2;
  if (filler < 0) throw new Error('message too small for its header');
  return `${head}${'x'.repeat(filler)}\r\n`;
}

/** Deterministic cut points, so a failure can be replayed. */
function randomCuts(length: number, seed: number, count: number): number[] {
  let state = seed;
  const cuts: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    cuts.push(state % (length + 1));
  }
  return cuts;
}

/** Runs the script whole, byte by byte, and cut at random, and checks all give `expected`. */
async function expectTranscript(
  script: string,
  expected: string,
  options: () => LabOptions,
): Promise<void> {
  const bytes = utf8Encode(script);
  const whole = await runScript([bytes], options());
  expect(whole.output).toBe(expected);
  const byByte = await runScript(splitAt(bytes, [...bytes.keys()]), options());
  expect(byByte.output).toBe(expected);
  for (const seed of [1, 2, 3, 4, 5]) {
    const cut = await runScript(splitAt(bytes, randomCuts(bytes.length, seed, 12)), options());
    expect(cut.output).toBe(expected);
  }
  // And a client that waits for each reply before sending the next command.
  const lines = script.split(/(?<=\n)/).map(utf8Encode);
  const patient = await runScript(lines, options());
  expect(patient.output).toBe(expected);
}

describe('RFC 1939 §10: the example session', () => {
  const first = messageOfSize(120, 'first');
  const second = messageOfSize(200, 'second');
  const options = (): LabOptions => ({
    persona: 'strict-rfc1939',
    greetingToken: '1896.697170952',
    hostname: 'dbc.mtview.ca.us',
    store: createMemoryStore({ mrose: [first, second] }),
    authenticator: staticAuthenticator({ mrose: 'tanstaaf' }),
  });

  test('the fixture has the sizes of the example', () => {
    expect([first.length, second.length]).toEqual([120, 200]);
  });

  test('runs as in the RFC', async () => {
    const script = [
      'APOP mrose c4c9334bac560ecc979e58001b3e22fb',
      'STAT',
      'LIST',
      'RETR 1',
      'DELE 1',
      'RETR 2',
      'DELE 2',
      'QUIT',
      '',
    ].join('\r\n');
    const expected = [
      '+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n',
      "+OK mrose's maildrop has 2 messages (320 octets)\r\n",
      '+OK 2 320\r\n',
      '+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n',
      `+OK 120 octets\r\n${first}.\r\n`,
      '+OK message 1 deleted\r\n',
      `+OK 200 octets\r\n${second}.\r\n`,
      '+OK message 2 deleted\r\n',
      // The RFC's server calls itself "dewey"; ours signs off with its host name.
      '+OK dbc.mtview.ca.us POP3 server signing off (maildrop empty)\r\n',
    ].join('');
    await expectTranscript(script, expected, options);
  });

  test('and the maildrop is empty afterwards', async () => {
    const opts = options();
    await runScript(
      [utf8Encode('APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\nDELE 1\r\nDELE 2\r\nQUIT\r\n')],
      opts,
    );
    expect(opts.store!.contents('mrose')).toEqual([]);
  });
});

describe('the tutorial session on chris’s mailbox', () => {
  const messages = chrisMessages.map(crlf);
  const sizes = messages.map((m) => utf8Encode(m).length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const stuff = (m: string) => m.replace(/^\./gm, '..');
  /** The header, the blank line, and `lines` body lines, as TOP must send them. */
  const top = (m: string, lines: number) => {
    const [head, body] = [
      m.slice(0, m.indexOf('\r\n\r\n') + 4),
      m.slice(m.indexOf('\r\n\r\n') + 4),
    ];
    return stuff(
      head +
        body
          .split(/(?<=\r\n)/)
          .slice(0, lines)
          .join(''),
    );
  };
  const list = (numbers: number[]) =>
    `+OK ${numbers.length} messages:\r\n${numbers.map((n) => `${n} ${sizes[n - 1]}\r\n`).join('')}.\r\n`;

  test('stat, list, top, dele, list, rset, list, retr, quit', async () => {
    const store = createMemoryStore({ chris: chrisMessages });
    const script = [
      'user chris',
      'pass epikoi',
      'stat',
      'list',
      'top 1 1',
      'top 2 1',
      'top 3 1',
      'dele 3',
      'list',
      'rset',
      'list',
      'retr 3',
      'quit',
      '',
    ].join('\n');
    const expected = [
      '+OK POP3 Lab ready. <1234.5678@lab.example>\r\n',
      '+OK\r\n',
      '+OK Logged in.\r\n',
      `+OK 3 ${total}\r\n`,
      list([1, 2, 3]),
      `+OK\r\n${top(messages[0]!, 1)}.\r\n`,
      `+OK\r\n${top(messages[1]!, 1)}.\r\n`,
      `+OK\r\n${top(messages[2]!, 1)}.\r\n`,
      '+OK Marked to be deleted.\r\n',
      list([1, 2]),
      '+OK\r\n',
      list([1, 2, 3]),
      `+OK ${sizes[2]} octets\r\n${stuff(messages[2]!)}.\r\n`,
      '+OK Logging out.\r\n',
    ].join('');
    await expectTranscript(script, expected, () => ({ store }));

    // "Que retrouverions-nous sur le serveur ?" — the same three messages: nothing was deleted.
    const again = await runScript([utf8Encode('user chris\r\npass epikoi\r\nlist\r\nquit\r\n')], {
      store,
    });
    expect(again.output).toBe(
      `+OK POP3 Lab ready. <1234.5678@lab.example>\r\n+OK\r\n+OK Logged in.\r\n${list([1, 2, 3])}+OK Logging out.\r\n`,
    );
  });

  test('RETR of the message with dot lines, byte-stuffed', async () => {
    const script = 'user chris\r\npass epikoi\r\nretr 2\r\nquit\r\n';
    const expected = [
      '+OK POP3 Lab ready. <1234.5678@lab.example>\r\n',
      '+OK\r\n',
      '+OK Logged in.\r\n',
      `+OK ${sizes[1]} octets\r\n${stuff(messages[1]!)}.\r\n`,
      '+OK Logging out.\r\n',
    ].join('');
    await expectTranscript(script, expected, () => ({}));
  });
});
