import { describe, expect, test } from 'vitest';
import { createMemoryStore } from '../../src';
import { chrisMessages, connect, loggedIn } from './harness';

/** What RETR must send for a message: CRLF line ends (the fixtures are written with LF). */
const crlf = (message: string) => message.replace(/\n/g, '\r\n');
const sizes = chrisMessages.map((message) => new TextEncoder().encode(crlf(message)).length);
const total = sizes.reduce((a, b) => a + b, 0);

describe('STAT (RFC 1939 §5)', () => {
  test('counts messages and CRLF octets', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('STAT')).toBe(`+OK 3 ${total}\r\n`);
  });

  test('leaves out messages marked as deleted', async () => {
    const { driver } = await loggedIn();
    await driver.command('DELE 2');
    expect(await driver.command('STAT')).toBe(`+OK 2 ${total - sizes[1]!}\r\n`);
  });

  test('takes no argument', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('STAT 1')).toBe('-ERR Invalid arguments. Usage: STAT\r\n');
  });
});

describe('LIST (RFC 1939 §5)', () => {
  test('lists every message with its size', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('LIST')).toBe(
      `+OK 3 messages:\r\n1 ${sizes[0]}\r\n2 ${sizes[1]}\r\n3 ${sizes[2]}\r\n.\r\n`,
    );
  });

  test('LIST n gives one scan line', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('LIST 2')).toBe(`+OK 2 ${sizes[1]}\r\n`);
  });

  test('numbers never shift after DELE; the deleted message is left out', async () => {
    const { driver } = await loggedIn();
    await driver.command('DELE 1');
    expect(await driver.command('LIST')).toBe(
      `+OK 2 messages:\r\n2 ${sizes[1]}\r\n3 ${sizes[2]}\r\n.\r\n`,
    );
    expect(await driver.command('LIST 1')).toBe('-ERR Message 1 is marked as deleted.\r\n');
    expect(await driver.command('LIST 3')).toBe(`+OK 3 ${sizes[2]}\r\n`);
  });

  test.each(['0', '4', '99999999999999999999'])('LIST %s is no such message', async (arg) => {
    const { driver } = await loggedIn();
    expect(await driver.command(`LIST ${arg}`)).toBe(`-ERR There is no message ${arg}.\r\n`);
  });

  test.each(['-1', '+1', '1.0', 'one', '0x1'])('LIST %s is not a message number', async (arg) => {
    const { driver } = await loggedIn();
    expect(await driver.command(`LIST ${arg}`)).toBe(
      '-ERR Invalid arguments. Usage: LIST [msg]\r\n',
    );
  });

  test('an empty maildrop lists nothing', async () => {
    const { driver } = await loggedIn({ store: createMemoryStore({ chris: [] }) });
    expect(await driver.command('LIST')).toBe('+OK 0 messages:\r\n.\r\n');
    expect(await driver.command('STAT')).toBe('+OK 0 0\r\n');
    expect(await driver.command('RETR 1')).toBe('-ERR There is no message 1.\r\n');
  });
});

describe('RETR (RFC 1939 §5)', () => {
  test('sends the size, the message with CRLF line ends, and "."', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('RETR 3')).toBe(
      `+OK ${sizes[2]} octets\r\n${crlf(chrisMessages[2]!)}.\r\n`,
    );
  });

  test('byte-stuffs lines that begin with "."', async () => {
    const { driver } = await loggedIn();
    const reply = await driver.command('RETR 2');
    expect(reply).toContain('\r\n..hidden lines start with a dot');
    expect(reply).toContain('\r\n..\r\nRegards,');
    expect(reply.endsWith('guard\r\n.\r\n')).toBe(true);
  });

  test('the size announced is the octets sent before stuffing', async () => {
    const { driver } = await loggedIn();
    const reply = await driver.command('RETR 2');
    const body = reply.slice(reply.indexOf('\r\n') + 2, -'.\r\n'.length).replace(/^\./gm, '');
    expect(reply.startsWith(`+OK ${new TextEncoder().encode(body).length} octets\r\n`)).toBe(true);
  });

  test('refuses a deleted message, a missing one, and a missing argument', async () => {
    const { driver } = await loggedIn();
    await driver.command('DELE 1');
    expect(await driver.command('RETR 1')).toBe('-ERR Message 1 is marked as deleted.\r\n');
    expect(await driver.command('RETR 7')).toBe('-ERR There is no message 7.\r\n');
    expect(await driver.command('RETR')).toBe('-ERR Invalid arguments. Usage: RETR msg\r\n');
  });

  test('a message stored with LF only is sent with CRLF, and sized so', async () => {
    const { driver } = await loggedIn({
      store: createMemoryStore({ chris: ['Subject: a\n\nline\n'] }),
    });
    const sent = 'Subject: a\r\n\r\nline\r\n';
    expect(await driver.command('RETR 1')).toBe(`+OK ${sent.length} octets\r\n${sent}.\r\n`);
  });
});

describe('TOP (RFC 1939 §7)', () => {
  const header = (message: string) => crlf(message.slice(0, message.indexOf('\n\n') + 2));

  test('TOP n 0 sends the header and the blank line', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('TOP 1 0')).toBe(`+OK\r\n${header(chrisMessages[0]!)}.\r\n`);
  });

  test('TOP n m adds the first m lines of the body', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('TOP 3 1')).toBe(
      `+OK\r\n${header(chrisMessages[2]!)}Just to show how messages sit\r\n.\r\n`,
    );
  });

  test('asking for more lines than the body has sends the whole message', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('TOP 3 500')).toBe(`+OK\r\n${crlf(chrisMessages[2]!)}.\r\n`);
  });

  test('is byte-stuffed too', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('TOP 2 5')).toContain('\r\n..hidden');
  });

  test('needs a message number and a line count', async () => {
    const { driver } = await loggedIn();
    for (const line of ['TOP', 'TOP 1', 'TOP 1 x', 'TOP 1 -1', 'TOP 1 2 3']) {
      expect(await driver.command(line)).toBe('-ERR Invalid arguments. Usage: TOP msg lines\r\n');
    }
  });
});

describe('DELE and RSET (RFC 1939 §5)', () => {
  test('DELE marks; a second DELE of the same message is refused', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('DELE 3')).toBe('+OK Marked to be deleted.\r\n');
    expect(await driver.command('DELE 3')).toBe('-ERR Message 3 is marked as deleted.\r\n');
    expect(driver.eventsOf('marked-deleted')).toEqual([{ type: 'marked-deleted', msg: 3 }]);
  });

  test('RSET unmarks everything', async () => {
    const { driver } = await loggedIn();
    await driver.command('DELE 1');
    await driver.command('DELE 3');
    expect(await driver.command('RSET')).toBe('+OK\r\n');
    expect(driver.eventsOf('reset')).toEqual([{ type: 'reset', restored: [1, 3] }]);
    expect(await driver.command('STAT')).toBe(`+OK 3 ${total}\r\n`);
  });

  test('DELE needs exactly one message number', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('DELE')).toBe('-ERR Invalid arguments. Usage: DELE msg\r\n');
    expect(await driver.command('DELE 1 2')).toBe('-ERR Invalid arguments. Usage: DELE msg\r\n');
  });
});

describe('UIDL (RFC 1939 §7)', () => {
  test('gives each message a unique id of 1 to 70 printable characters', async () => {
    const { driver } = await loggedIn();
    const reply = await driver.command('UIDL');
    const lines = reply.split('\r\n').slice(1, -2);
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['1', '2', '3']);
    const uids = lines.map((line) => line.split(' ')[1]!);
    expect(new Set(uids).size).toBe(3);
    for (const uid of uids) expect(uid).toMatch(/^[\x21-\x7e]{1,70}$/);
  });

  test('ids are the same in the next session', async () => {
    const store = createMemoryStore({ chris: chrisMessages });
    const first = await loggedIn({ store });
    const before = await first.driver.command('UIDL');
    await first.driver.command('QUIT');
    const second = await loggedIn({ store });
    expect(await second.driver.command('UIDL')).toBe(before);
  });

  test('UIDL n, and deleted messages are left out', async () => {
    const { driver } = await loggedIn();
    const all = (await driver.command('UIDL')).split('\r\n');
    expect(await driver.command('UIDL 2')).toBe(`+OK ${all[2]}\r\n`);
    await driver.command('DELE 2');
    expect(await driver.command('UIDL')).toBe(`+OK\r\n${all[1]}\r\n${all[3]}\r\n.\r\n`);
    expect(await driver.command('UIDL 2')).toBe('-ERR Message 2 is marked as deleted.\r\n');
  });

  test('ids stay with their message when earlier ones are gone', async () => {
    const store = createMemoryStore({ chris: chrisMessages });
    const first = await loggedIn({ store });
    const third = (await first.driver.command('UIDL 3')).split(' ')[2];
    await first.driver.command('DELE 1');
    await first.driver.command('QUIT');
    const second = await loggedIn({ store });
    expect((await second.driver.command('UIDL 2')).split(' ')[2]).toBe(third);
  });
});

describe('NOOP (RFC 1939 §5)', () => {
  test('answers +OK and changes nothing', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('NOOP')).toBe('+OK\r\n');
    expect(await driver.command('NOOP now')).toBe('-ERR Invalid arguments. Usage: NOOP\r\n');
  });
});

describe('commands in the wrong state (RFC 1939 §3)', () => {
  test.each(['STAT', 'LIST', 'RETR 1', 'TOP 1 1', 'DELE 1', 'NOOP', 'RSET', 'UIDL'])(
    '%s before login',
    async (line) => {
      const { driver } = await connect();
      const keyword = line.split(' ')[0]!;
      expect(await driver.command(line)).toBe(
        `-ERR Log in first: ${keyword} is only valid in the TRANSACTION state.\r\n`,
      );
      expect(driver.eventsOf('error')[0]).toMatchObject({ kind: 'wrong-state' });
    },
  );

  test.each([
    'USER chris',
    'PASS epikoi',
    'APOP chris 0123456789abcdef0123456789abcdef',
    'AUTH PLAIN',
    'STLS',
    'UTF8',
  ])('%s after login', async (line) => {
    const { driver } = await loggedIn({ tls: 'available' });
    const keyword = line.split(' ')[0]!;
    expect(await driver.command(line)).toBe(
      `-ERR Already logged in: ${keyword} is only valid in the AUTHORIZATION state.\r\n`,
    );
  });

  test('LAST is off unless the persona or the options turn it on', async () => {
    const { driver } = await loggedIn();
    expect(await driver.command('LAST')).toBe('-ERR Unknown command: LAST\r\n');
  });

  test('an unknown command in any state', async () => {
    const { driver } = await connect();
    expect(await driver.command('HELO there')).toBe('-ERR Unknown command: HELO\r\n');
    expect(await driver.command('')).toBe('-ERR Empty command.\r\n');
  });
});

describe('LAST (RFC 1460 §5)', () => {
  test('reports the highest message touched by RETR or DELE, and 0 after RSET', async () => {
    const { driver } = await loggedIn({ enabled: ['LAST'] });
    expect(await driver.command('LAST')).toBe('+OK 0\r\n');
    await driver.command('RETR 2');
    expect(await driver.command('LAST')).toBe('+OK 2\r\n');
    await driver.command('DELE 1');
    expect(await driver.command('LAST')).toBe('+OK 2\r\n');
    await driver.command('RSET');
    expect(await driver.command('LAST')).toBe('+OK 0\r\n');
  });
});

describe('arguments each command refuses (RFC 1939 §3)', () => {
  test.each([
    ['CAPA x', 'CAPA'],
    ['LANG en fr', 'LANG [language-range]'],
    ['AUTH PLAIN a b', 'AUTH mechanism [initial-response]'],
    ['STLS now', 'STLS'],
  ])('before login, "%s"', async (line, usage) => {
    const { driver } = await connect({ tls: 'available' });
    expect(await driver.command(line)).toBe(`-ERR Invalid arguments. Usage: ${usage}\r\n`);
    expect(driver.eventsOf('error')).toMatchObject([{ kind: 'syntax' }]);
  });

  test.each([
    ['LIST 1 2', 'LIST [msg]'],
    ['UIDL 1 2', 'UIDL [msg]'],
    ['UIDL x', 'UIDL [msg]'],
    ['RSET 1', 'RSET'],
    ['RETR 1 2', 'RETR msg'],
    ['CAPA x', 'CAPA'],
  ])('after login, "%s"', async (line, usage) => {
    const { driver } = await loggedIn();
    expect(await driver.command(line)).toBe(`-ERR Invalid arguments. Usage: ${usage}\r\n`);
  });

  test('LAST takes no argument', async () => {
    const { driver } = await loggedIn({ persona: 'legacy' });
    expect(await driver.command('LAST 1')).toBe('-ERR Invalid arguments. Usage: LAST\r\n');
  });
});
