import { describe, expect, test } from 'vitest';
import { connect, loggedIn } from './harness';

describe('command length (RFC 2449 §4)', () => {
  test('255 octets with the CRLF are accepted', async () => {
    const { driver } = await connect();
    const line = `USER ${'c'.repeat(255 - 'USER '.length - 2)}`;
    expect(line.length + 2).toBe(255);
    expect(await driver.command(line)).toBe('+OK\r\n');
  });

  test('one octet more is refused, and the session stays usable', async () => {
    const { driver } = await connect();
    const line = `USER ${'c'.repeat(256 - 'USER '.length - 2)}`;
    expect(await driver.command(line)).toBe(
      '-ERR Line too long: 256 octets discarded, the limit is 255.\r\n',
    );
    expect(driver.eventsOf('error')).toMatchObject([{ kind: 'line-too-long' }]);
    expect(driver.eventsOf('command')).toEqual([]);
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toBe('+OK Logged in.\r\n');
  });

  test('a huge line costs one reply, with the count of what was thrown away', async () => {
    const { driver } = await connect();
    const reply = await driver.command('X'.repeat(100_000));
    expect(reply).toBe('-ERR Line too long: 100002 octets discarded, the limit is 255.\r\n');
  });

  test('the limit can be set per session', async () => {
    const { driver } = await connect({ limits: { commandLength: 20 } });
    expect(await driver.command('USER abcdefghijklmn')).toBe(
      '-ERR Line too long: 21 octets discarded, the limit is 20.\r\n',
    );
  });
});

describe('line ends', () => {
  test('a bare LF is accepted for people typing in a terminal', async () => {
    const { driver } = await connect();
    expect(await driver.send('user chris\npass epikoi\n')).toBe('+OK\r\n+OK Logged in.\r\n');
  });

  test('replies always end with CRLF', async () => {
    const { driver } = await loggedIn();
    const reply = await driver.send('list\n');
    expect(reply.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('pipelining (RFC 2449 §6.6)', () => {
  test('commands sent together are answered in order', async () => {
    const { driver } = await connect();
    const reply = await driver.send(
      'USER chris\r\nPASS epikoi\r\nSTAT\r\nNOOP\r\nDELE 1\r\nDELE 1\r\n',
    );
    const statuses = reply.split('\r\n').filter((line) => /^(\+OK|-ERR)/.test(line));
    expect(statuses).toEqual([
      '+OK',
      '+OK Logged in.',
      expect.stringMatching(/^\+OK 3 \d+$/),
      '+OK',
      '+OK Marked to be deleted.',
      '-ERR Message 1 is marked as deleted.',
    ]);
  });

  test('a client that sends far more than it reads is cut off, without UPDATE', async () => {
    const { driver, store } = await loggedIn({ limits: { pipelinedLines: 5 } });
    expect(await driver.send('DELE 1\r\n'.repeat(3) + 'NOOP\r\n'.repeat(10) + 'QUIT\r\n')).toBe(
      '-ERR Too many commands waiting, closing the connection.\r\n',
    );
    expect(driver.closed).toBe(true);
    expect(store.contents('chris')).toHaveLength(3);
    expect(store.locked('chris')).toBe(false);
  });
});

describe('invalid commands', () => {
  test('after too many, the server hangs up', async () => {
    const { driver } = await connect({ limits: { badCommands: 3 } });
    await driver.command('FOO');
    await driver.command('STAT');
    expect(await driver.command('USER')).toBe(
      '-ERR Invalid arguments. Usage: USER name\r\n-ERR Too many invalid commands, closing the connection.\r\n',
    );
    expect(driver.closed).toBe(true);
  });

  test('once closed, the session ignores further input', async () => {
    const { driver } = await connect();
    await driver.command('QUIT');
    expect(await driver.command('NOOP')).toBe('');
  });
});

describe('no reply line over 512 octets (RFC 1939 §3)', () => {
  const long = 'é'.repeat(120);

  test.each([
    `LANG ${long}`,
    `${'Z'.repeat(200)}`,
    `APOP ${'a'.repeat(200)} 0123456789abcdef0123456789abcdef`,
    `AUTH ${'M'.repeat(240)}`,
  ])('even echoing a long argument: %s', async (line) => {
    const { driver } = await connect();
    await driver.command('LANG fr');
    const reply = await driver.command(line);
    for (const l of reply.split('\r\n'))
      expect(new TextEncoder().encode(l).length + 2).toBeLessThanOrEqual(512);
  });

  test('a long argument in TRANSACTION', async () => {
    const { driver } = await loggedIn();
    const reply = await driver.command(`RETR ${'9'.repeat(240)}`);
    expect(reply.length).toBeLessThanOrEqual(512);
    expect(reply).toMatch(/^-ERR There is no message 9+\.\.\.\.\r\n$/);
  });
});
