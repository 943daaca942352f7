import { describe, expect, test } from 'vitest';
import type { Authenticator, MaildropStore } from '../../src';
import { MaildropError, apopDigest, createMemoryStore, staticAuthenticator } from '../../src';
import { chrisMessages, connect, lab, logins } from './harness';

describe('greeting (RFC 1939 §4)', () => {
  test('is +OK with the APOP timestamp <token@hostname>', async () => {
    const { driver } = lab();
    await driver.pull();
    expect(driver.output).toBe('+OK POP3 Lab ready. <1234.5678@lab.example>\r\n');
    expect(driver.session.state).toBe('AUTHORIZATION');
  });

  test('has no timestamp when APOP is switched off', async () => {
    const { driver } = lab({ disabled: ['APOP'] });
    await driver.pull();
    expect(driver.output).toBe('+OK POP3 Lab ready.\r\n');
  });

  test('can be reworded', async () => {
    const { driver } = lab({ greeting: 'Classroom server' });
    await driver.pull();
    expect(driver.output).toBe('+OK Classroom server <1234.5678@lab.example>\r\n');
  });
});

describe('USER and PASS (RFC 1939 §7)', () => {
  test('log in and enter TRANSACTION', async () => {
    const { driver } = await connect();
    expect(await driver.command('user chris')).toBe('+OK\r\n');
    expect(await driver.command('pass epikoi')).toBe('+OK Logged in.\r\n');
    expect(driver.session.state).toBe('TRANSACTION');
    expect(driver.eventsOf('auth')).toEqual([
      { type: 'auth', user: 'chris', mechanism: 'USER', ok: true },
    ]);
    expect(driver.eventsOf('state-changed').map((e) => [e.from, e.to])).toEqual([
      ['AUTHORIZATION', 'TRANSACTION'],
    ]);
  });

  test('USER says +OK even for an unknown name; the failure comes at PASS', async () => {
    const { driver } = await connect();
    expect(await driver.command('USER nobody')).toBe('+OK\r\n');
    expect(await driver.command('PASS guess')).toBe('-ERR [AUTH] Authentication failed.\r\n');
    expect(driver.session.state).toBe('AUTHORIZATION');
  });

  test('a wrong password is refused with [AUTH] and the session stays usable', async () => {
    const { driver } = await connect();
    await driver.command('USER chris');
    expect(await driver.command('PASS wrong')).toBe('-ERR [AUTH] Authentication failed.\r\n');
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toBe('+OK Logged in.\r\n');
  });

  test('the password is the whole rest of the line, spaces included', async () => {
    const store = createMemoryStore({ ann: [] });
    const { driver } = await connect({
      store,
      authenticator: staticAuthenticator({ ann: 'two words' }),
    });
    await driver.command('USER ann');
    expect(await driver.command('PASS two words')).toBe('+OK Logged in.\r\n');
  });

  test('PASS needs a USER immediately before it', async () => {
    const { driver } = await connect();
    expect(await driver.command('PASS epikoi')).toBe(
      '-ERR No user name given: send USER first.\r\n',
    );
    await driver.command('USER chris');
    await driver.command('NOOP');
    expect(await driver.command('PASS epikoi')).toBe(
      '-ERR No user name given: send USER first.\r\n',
    );
  });

  test('USER and PASS need their argument', async () => {
    const { driver } = await connect();
    expect(await driver.command('USER')).toBe('-ERR Invalid arguments. Usage: USER name\r\n');
    await driver.command('USER chris');
    expect(await driver.command('PASS')).toBe('-ERR Invalid arguments. Usage: PASS password\r\n');
  });

  test('the authenticator hears of a failure, and the -ERR waits for it', async () => {
    let release: () => void = () => undefined;
    const failures: (string | undefined)[] = [];
    const authenticator: Authenticator = {
      ...staticAuthenticator(logins),
      failed: (user) => {
        failures.push(user);
        return new Promise((resolve) => (release = resolve));
      },
    };
    const { driver } = await connect({ authenticator });
    await driver.command('USER chris');
    expect(await driver.command('PASS wrong')).toBe('');
    expect(failures).toEqual(['chris']);
    release();
    await driver.pull();
    expect(driver.take()).toBe('-ERR [AUTH] Authentication failed.\r\n');
  });

  test('a successful login is reported to the authenticator', async () => {
    const succeeded: string[] = [];
    const authenticator: Authenticator = {
      ...staticAuthenticator(logins),
      succeeded: (user) => void succeeded.push(user),
    };
    const { driver } = await connect({ authenticator });
    await driver.command('USER chris');
    await driver.command('PASS epikoi');
    expect(succeeded).toEqual(['chris']);
  });

  test('after too many failures the server hangs up, without UPDATE', async () => {
    const { driver } = await connect({ limits: { authFailures: 2 } });
    await driver.command('USER chris');
    expect(await driver.command('PASS a')).toBe('-ERR [AUTH] Authentication failed.\r\n');
    await driver.command('USER chris');
    expect(await driver.command('PASS b')).toBe(
      '-ERR [AUTH] Authentication failed; too many attempts, closing the connection.\r\n',
    );
    expect(driver.closed).toBe(true);
    expect(driver.done).toBe(true);
    expect(driver.eventsOf('session-ended')).toEqual([{ type: 'session-ended', reason: 'limit' }]);
  });

  test('a broken account database is [SYS/TEMP], not a wrong password', async () => {
    const failures: string[] = [];
    const authenticator: Authenticator = {
      secret: () => Promise.reject(new Error('directory unreachable')),
      failed: async (user) => void failures.push(String(user)),
    };
    const { driver } = await connect({ authenticator });
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toBe(
      '-ERR [SYS/TEMP] Authentication is unavailable right now, try again later.\r\n',
    );
    expect(failures).toEqual([]);
    expect(driver.eventsOf('error')[0]).toMatchObject({
      kind: 'storage',
      reason: 'directory unreachable',
    });
  });
});

describe('plain-text logins before TLS (RFC 2595 §2.3)', () => {
  test('are refused when not allowed, and USER is not advertised', async () => {
    const { driver } = await connect({ allowPlaintextAuth: false });
    expect(await driver.command('USER chris')).toBe(
      '-ERR [AUTH] Plaintext authentication disallowed on non-secure connections.\r\n',
    );
    expect(await driver.command('PASS epikoi')).toBe(
      '-ERR [AUTH] Plaintext authentication disallowed on non-secure connections.\r\n',
    );
    const capa = await driver.command('CAPA');
    expect(capa).not.toMatch(/\r\nUSER\r\n/);
    expect(capa).toMatch(/\r\nSASL CRAM-MD5\r\n/);
  });

  test('are allowed once TLS is active', async () => {
    const { driver } = await connect({ allowPlaintextAuth: false, tls: 'active' });
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toBe('+OK Logged in.\r\n');
  });

  test('APOP does not send the password, so it works without TLS', async () => {
    const { driver } = await connect({ allowPlaintextAuth: false });
    const digest = apopDigest('<1234.5678@lab.example>', 'epikoi');
    expect(await driver.command(`APOP chris ${digest}`)).toBe('+OK Logged in.\r\n');
  });
});

describe('APOP (RFC 1939 §7)', () => {
  test('accepts the MD5 of the greeting timestamp and the secret, in either case of hex', async () => {
    const { driver } = await connect();
    const digest = apopDigest('<1234.5678@lab.example>', 'epikoi').toUpperCase();
    expect(await driver.command(`APOP chris ${digest}`)).toBe('+OK Logged in.\r\n');
    expect(driver.eventsOf('auth')[0]).toMatchObject({
      user: 'chris',
      mechanism: 'APOP',
      ok: true,
    });
  });

  test('refuses a digest made with another timestamp', async () => {
    const { driver } = await connect();
    const digest = apopDigest('<1896.697170952@dbc.mtview.ca.us>', 'epikoi');
    expect(await driver.command(`APOP chris ${digest}`)).toBe(
      '-ERR [AUTH] Authentication failed.\r\n',
    );
  });

  test('wants a name and 32 hex digits', async () => {
    const { driver } = await connect();
    for (const line of [
      'APOP',
      'APOP chris',
      'APOP chris 1234',
      'APOP chris zz9334bac560ecc979e58001b3e22fb',
    ]) {
      expect(await driver.command(line)).toBe(
        '-ERR Invalid arguments. Usage: APOP name digest (32 hex digits)\r\n',
      );
    }
  });

  test('is an unknown command when switched off', async () => {
    const { driver } = await connect({ disabled: ['APOP'] });
    const digest = apopDigest('<1234.5678@lab.example>', 'epikoi');
    expect(await driver.command(`APOP chris ${digest}`)).toBe('-ERR Unknown command: APOP\r\n');
  });
});

describe('opening the maildrop (RFC 1939 §4, RFC 2449 §8.1, RFC 3206 §4)', () => {
  test('a maildrop locked by another session is [IN-USE] and the session can try again', async () => {
    const store = createMemoryStore({ chris: chrisMessages });
    const first = await connect({ store });
    await first.driver.command('USER chris');
    await first.driver.command('PASS epikoi');

    const second = await connect({ store });
    await second.driver.command('USER chris');
    expect(await second.driver.command('PASS epikoi')).toBe(
      '-ERR [IN-USE] Mailbox is locked by another POP3 session.\r\n',
    );
    expect(second.driver.session.state).toBe('AUTHORIZATION');

    await first.driver.command('QUIT');
    await second.driver.command('USER chris');
    expect(await second.driver.command('PASS epikoi')).toBe('+OK Logged in.\r\n');
  });

  test.each([
    ['SYS/TEMP', '-ERR [SYS/TEMP] Cannot open the mailbox right now.\r\n'],
    ['SYS/PERM', '-ERR [SYS/PERM] Cannot open the mailbox.\r\n'],
  ] as const)('a store that answers %s', async (code, reply) => {
    const maildrops: MaildropStore = {
      open: async () => ({ ok: false, code, reason: 'disk trouble' }),
    };
    const { driver } = await connect({ maildrops });
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toBe(reply);
  });

  test('a store that throws is [SYS/TEMP], or what its MaildropError says', async () => {
    const failing = (error: unknown): MaildropStore => ({ open: () => Promise.reject(error) });
    let { driver } = await connect({ maildrops: failing(new Error('boom')) });
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toBe(
      '-ERR [SYS/TEMP] Cannot open the mailbox right now.\r\n',
    );
    ({ driver } = await connect({ maildrops: failing(new MaildropError('SYS/PERM', 'corrupt')) }));
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toBe(
      '-ERR [SYS/PERM] Cannot open the mailbox.\r\n',
    );
  });

  test('LOGIN-DELAY is announced and enforced through the driver’s clock (RFC 2449 §6.5)', async () => {
    const asked: string[] = [];
    const loginDelay = { seconds: 300, allow: (user: string) => (asked.push(user), false) };
    const { driver } = await connect({ loginDelay });
    expect(await driver.command('CAPA')).toMatch(/\r\nLOGIN-DELAY 300\r\n/);
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toBe(
      '-ERR [LOGIN-DELAY] Logged in too recently; wait 300 seconds between logins.\r\n',
    );
    expect(asked).toEqual(['chris']);
  });
});

describe('QUIT in AUTHORIZATION (RFC 1939 §4)', () => {
  test('says goodbye and closes without entering UPDATE', async () => {
    const { driver } = await connect();
    expect(await driver.command('QUIT')).toBe('+OK Logging out.\r\n');
    expect(driver.closed).toBe(true);
    expect(driver.done).toBe(true);
    expect(driver.eventsOf('state-changed')).toEqual([]);
    expect(driver.eventsOf('update')).toEqual([]);
  });
});
