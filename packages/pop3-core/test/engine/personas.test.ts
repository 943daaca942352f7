import { describe, expect, test } from 'vitest';
import type { PersonaName } from '../../src';
import { apopDigest, defaultPersona, personas } from '../../src';
import { chrisMessages, connect, loggedIn } from './harness';

const crlfSize = (message: string) =>
  new TextEncoder().encode(message.replace(/\n/g, '\r\n')).length;
const lineCount = (message: string) => message.split('\n').length - 1;

describe('the persona list', () => {
  test('the default behaves', () => {
    expect(defaultPersona).toBe('dovecot-like');
    expect(personas[defaultPersona].breaks).toBeNull();
  });

  test.each(Object.values(personas))('$name describes itself in English and French', (info) => {
    expect(info.summary.en.length).toBeGreaterThan(10);
    expect(info.summary.fr.length).toBeGreaterThan(10);
    expect(info.rfc).toMatch(/^RFC \d+/);
    if (info.breaks !== null) {
      expect(info.breaks.en.length).toBeGreaterThan(10);
      expect(info.breaks.fr.length).toBeGreaterThan(10);
    }
  });

  test('the teaching personas each say what they break', () => {
    const misbehaving: PersonaName[] = [
      'no-dot-stuffing',
      'lf-sizes',
      'renumbering',
      'phantom-capability',
      'flaky',
    ];
    for (const name of misbehaving) expect(personas[name].breaks).not.toBeNull();
    for (const name of ['dovecot-like', 'strict-rfc1939', 'legacy'] as const)
      expect(personas[name].breaks).toBeNull();
  });
});

describe('strict-rfc1939', () => {
  test('offers RFC 1939 only, worded as its examples, without response codes', async () => {
    const { driver } = await connect({ persona: 'strict-rfc1939' });
    expect(driver.output).toBe('+OK POP3 server ready <1234.5678@lab.example>\r\n');
    for (const line of ['CAPA', 'AUTH PLAIN', 'STLS', 'UTF8', 'LANG fr']) {
      expect(await driver.command(line)).toMatch(/^-ERR Unknown command: /);
    }
    await driver.command('USER chris');
    expect(await driver.command('PASS wrong')).toBe('-ERR invalid password\r\n');
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toMatch(
      /^\+OK chris's maildrop has 3 messages \(\d+ octets\)\r\n$/,
    );
    expect(await driver.command('DELE 1')).toBe('+OK message 1 deleted\r\n');
    expect(await driver.command('DELE 1')).toBe('-ERR message 1 already deleted\r\n');
    expect(await driver.command('RETR 9')).toBe('-ERR no such message\r\n');
    expect(await driver.command('QUIT')).toBe(
      '+OK lab.example POP3 server signing off (2 messages left)\r\n',
    );
  });
});

describe('legacy', () => {
  test('has LAST but neither CAPA nor UIDL', async () => {
    const { driver } = await loggedIn({ persona: 'legacy' });
    expect(await driver.command('LAST')).toBe('+OK 0\r\n');
    expect(await driver.command('UIDL')).toBe('-ERR Unknown command: UIDL\r\n');
    expect(await driver.command('CAPA')).toBe('-ERR Unknown command: CAPA\r\n');
    expect(await driver.command('TOP 1 0')).toMatch(/^\+OK top of message follows\r\n/);
  });
});

describe('no-dot-stuffing', () => {
  test('sends lines that begin with "." as they are', async () => {
    const { driver } = await loggedIn({ persona: 'no-dot-stuffing' });
    const reply = await driver.command('RETR 2');
    expect(reply).toContain('\r\n.hidden lines');
    expect(reply).not.toContain('..hidden');
    // A client stops at the lone "." inside the message: everything after it looks like junk.
    expect(reply.indexOf('\r\n.\r\n')).toBeLessThan(reply.indexOf('Regards,'));
    expect(driver.eventsOf('reply').at(-1)!.explanation.en).toMatch(/does not byte-stuff/);
  });
});

describe('lf-sizes', () => {
  test('announces sizes short by one octet per line', async () => {
    const { driver } = await loggedIn({ persona: 'lf-sizes' });
    const expected = chrisMessages.map((m) => crlfSize(m) - lineCount(m));
    expect(await driver.command('LIST')).toBe(
      `+OK 3 messages:\r\n1 ${expected[0]}\r\n2 ${expected[1]}\r\n3 ${expected[2]}\r\n.\r\n`,
    );
    const reply = await driver.command('RETR 3');
    expect(reply.startsWith(`+OK ${expected[2]} octets\r\n`)).toBe(true);
    expect(reply.length - reply.indexOf('\r\n') - 2 - '.\r\n'.length).toBe(
      crlfSize(chrisMessages[2]!),
    );
  });
});

describe('renumbering', () => {
  test('shifts the numbers after DELE, so the next DELE hits the wrong message', async () => {
    const { driver, store } = await loggedIn({ persona: 'renumbering' });
    await driver.command('DELE 1');
    expect(await driver.command('LIST')).toBe(
      `+OK 2 messages:\r\n1 ${crlfSize(chrisMessages[1]!)}\r\n2 ${crlfSize(chrisMessages[2]!)}\r\n.\r\n`,
    );
    await driver.command('DELE 2');
    await driver.command('QUIT');
    const left = store.contents('chris').map((m) => new TextDecoder().decode(m));
    expect(left).toHaveLength(1);
    expect(left[0]).toContain('[guard]');
  });
});

describe('phantom-capability', () => {
  test('lists UIDL in CAPA but has no UIDL command', async () => {
    const { driver } = await loggedIn({ persona: 'phantom-capability' });
    expect(await driver.command('CAPA')).toMatch(/\r\nUIDL\r\n/);
    expect(await driver.command('UIDL')).toBe('-ERR Unknown command: UIDL\r\n');
    expect(driver.eventsOf('reply').at(-1)!.explanation.en).toMatch(/lists UIDL in CAPA although/);
  });
});

describe('flaky', () => {
  test('fails every fifth command with [SYS/TEMP], without running it', async () => {
    const { driver } = await connect({ persona: 'flaky' });
    const digest = apopDigest('<1234.5678@lab.example>', 'epikoi');
    const replies: string[] = [];
    for (const line of [
      'NOOP',
      'CAPA',
      'USER chris',
      'PASS wrong',
      `APOP chris ${digest}`,
      `APOP chris ${digest}`,
    ]) {
      replies.push((await driver.command(line)).split('\r\n')[0]!);
    }
    expect(replies[4]).toBe('-ERR [SYS/TEMP] Temporary failure, please try again.');
    expect(replies[5]).toBe('+OK Logged in.');
    expect(driver.eventsOf('error').at(-1)).toMatchObject({ kind: 'persona-flaw' });
  });
});
