import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { utf8Encode } from '@pop3-lab/protocol';
import { createMemoryStore } from '../../src';
import { runScript, splitAt, withoutReadNow } from './harness';
import { readReplies } from './wire';

const LOGIN = 'USER chris\r\nPASS epikoi\r\n';

/** Message lines, with plenty that begin with "." or are a lone ".". */
const messageLine = fc.oneof(
  fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ' ')),
  fc.constantFrom('.', '..', '.x', '. ', '...', ''),
  fc.string({ maxLength: 10 }).map((s) => `.${s.replace(/[\r\n]/g, '')}`),
);
const message = fc
  .array(messageLine, { maxLength: 12 })
  .map((lines) => `Subject: t\r\n\r\n${lines.map((l) => `${l}\r\n`).join('')}`);

/** Commands a client might send, right and wrong, in any case. */
const command = fc.oneof(
  fc.constantFrom(
    'STAT',
    'LIST',
    'LIST 1',
    'LIST 2',
    'LIST 9',
    'RETR 1',
    'RETR 2',
    'TOP 1 0',
    'TOP 2 1',
    'DELE 1',
    'DELE 2',
    'RSET',
    'NOOP',
    'UIDL',
    'UIDL 1',
    'CAPA',
    'LANG',
    'LANG fr',
    'LANG en',
    'USER chris',
    'PASS epikoi',
    'PASS nope',
    'AUTH',
    'AUTH PLAIN',
    '*',
    'UTF8',
    'STLS',
    'LAST',
    '',
    'list',
    'stat 1',
    'retr x',
    'top 1',
    'HELO',
    'QUIT',
  ),
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, '')),
);
const script = fc
  .array(command, { maxLength: 25 })
  .map((lines) => lines.map((l) => `${l}\r\n`).join(''));

const options = () => ({
  store: createMemoryStore({ chris: ['Subject: a\n\n.one\n', 'Subject: b\n\ntwo\n..\n'] }),
});

describe('properties of the engine', () => {
  test('byte-stuffing round-trips: RETR then unstuffing gives the message back, whatever its lines', async () => {
    await fc.assert(
      fc.asyncProperty(message, fc.array(fc.nat(), { maxLength: 6 }), async (text, cuts) => {
        const store = createMemoryStore({ chris: [text] }, { chunkSize: 7 });
        const input = utf8Encode(`${LOGIN}RETR 1\r\nQUIT\r\n`);
        const { driver } = await runScript(splitAt(input, cuts), {
          store,
          nonAsciiHeaders: 'send',
        });
        const replies = readReplies(driver.bytes, driver.events);
        const retr = replies[3]!;
        expect(retr.status).toBe(`+OK ${utf8Encode(text).length} octets`);
        expect(retr.body).toEqual(utf8Encode(text));
      }),
      { numRuns: 60 },
    );
  });

  test('RETR and TOP send the same bytes whether the store hands a message over at once or chunk by chunk', async () => {
    const header = fc.constantFrom('Subject: t\r\n', 'Subject: caf\u00e9\r\n', '');
    const anyMessage = fc
      .tuple(header, message)
      .map(([extra, text]) => (extra === '' ? text : `${extra}${text}`));
    const commands = fc.array(
      fc.constantFrom('RETR 1', 'TOP 1 0', 'TOP 1 2', 'TOP 1 99', 'RETR 2'),
      {
        minLength: 1,
        maxLength: 4,
      },
    );
    await fc.assert(
      fc.asyncProperty(fc.boolean(), anyMessage, commands, async (utf8, text, lines) => {
        const input = utf8Encode(
          `${utf8 ? 'UTF8\r\n' : ''}${LOGIN}${lines.map((l) => `${l}\r\n`).join('')}QUIT\r\n`,
        );
        const store = () => createMemoryStore({ chris: [text, 'Subject: x\n\n.\n'] });
        const atOnce = await runScript([input], { store: store() });
        const byChunks = await runScript([input], { maildrops: withoutReadNow(store()) });
        expect(atOnce.output).toBe(byChunks.output);
      }),
      { numRuns: 60 },
    );
  });

  test('any split of the input gives the same output', async () => {
    await fc.assert(
      fc.asyncProperty(script, fc.array(fc.nat(), { maxLength: 10 }), async (text, cuts) => {
        const input = utf8Encode(LOGIN + text);
        const whole = await runScript([input], options());
        const split = await runScript(
          splitAt(
            input,
            cuts.map((c) => c % (input.length + 1)),
          ),
          options(),
        );
        expect(split.output).toBe(whole.output);
      }),
      { numRuns: 60 },
    );
  });

  test('a session without events sends the same bytes, and yields no event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), script, async (login, text) => {
        const input = utf8Encode((login ? LOGIN : '') + text);
        const seen = await runScript([input], options());
        const unseen = await runScript([input], { ...options(), events: false });
        expect(unseen.output).toBe(seen.output);
        expect(unseen.driver.events).toEqual([]);
        expect(seen.driver.events.length).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });

  test('junk never throws and always gets well-formed replies, none over 512 octets', async () => {
    const junk = fc.array(
      fc.oneof(
        fc.uint8Array({ maxLength: 300 }),
        command.map((c) => utf8Encode(`${c}\r\n`)),
        fc.constantFrom(
          utf8Encode('\r\n'),
          utf8Encode('\n'),
          utf8Encode('\r'),
          new Uint8Array([0, 0xff, 0x0a]),
        ),
      ),
      { maxLength: 20 },
    );
    await fc.assert(
      fc.asyncProperty(fc.boolean(), junk, async (login, chunks) => {
        const input = login ? [utf8Encode(LOGIN), ...chunks] : chunks;
        const { driver } = await runScript(input, options());
        const replies = readReplies(driver.bytes, driver.events);
        expect(replies.length).toBeGreaterThan(0);
        for (const event of driver.events) {
          if (event.type !== 'reply' && event.type !== 'error') continue;
          expect(event.explanation.rfc).toMatch(/^RFC \d+ §\d+(\.\d+)*$/);
          expect(event.explanation.en.length).toBeGreaterThan(10);
          expect(event.explanation.fr.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 80 },
    );
  });

  test('every command line gets exactly one reply (outside AUTH exchanges)', async () => {
    const simple = fc.array(
      command.filter((c) => !/^(auth|stls|quit)/i.test(c.trim()) && c !== '*'),
      { maxLength: 15 },
    );
    await fc.assert(
      fc.asyncProperty(simple, async (lines) => {
        const text = lines.map((l) => `${l}\r\n`).join('');
        const { driver } = await runScript([utf8Encode(text)], {
          ...options(),
          limits: { badCommands: 1000 },
        });
        const replies = driver.eventsOf('reply');
        // The greeting, then one reply per line.
        expect(replies.length).toBe(1 + lines.length);
      }),
      { numRuns: 60 },
    );
  });
});
