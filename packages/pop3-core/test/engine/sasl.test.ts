import { describe, expect, test } from 'vitest';
import {
  createMemoryStore,
  cramMd5Digest,
  decodeBase64,
  encodeBase64,
  staticAuthenticator,
} from '../../src';
import { connect } from './harness';

const b64 = (text: string) => encodeBase64(new TextEncoder().encode(text));

/** The store and logins of the RFC examples: test/test (RFC 5034), tim (RFC 2195, RFC 4616). */
const rfcLab = (extra: Parameters<typeof connect>[0] = {}) =>
  connect({
    store: createMemoryStore({ test: ['Subject: hi\r\n\r\nhello\r\n'], tim: [] }),
    authenticator: staticAuthenticator({
      test: 'test',
      tim: 'tanstaaftanstaaf',
      Kurt: 'xipj3plmq',
    }),
    ...extra,
  });

describe('AUTH PLAIN (RFC 5034 §6, RFC 4616)', () => {
  test('with an initial response, as in the RFC 5034 example', async () => {
    const { driver } = await rfcLab();
    expect(await driver.command('AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=')).toBe('+OK Logged in.\r\n');
    expect(driver.eventsOf('auth')).toEqual([
      { type: 'auth', user: 'test', mechanism: 'PLAIN', ok: true },
    ]);
    expect(driver.eventsOf('command')[0]?.line).toBe('AUTH PLAIN ****');
  });

  test('without one: the server sends an empty challenge "+ " and reads the response', async () => {
    const { driver } = await rfcLab();
    expect(await driver.command('AUTH PLAIN')).toBe('+ \r\n');
    expect(await driver.command('dGVzdAB0ZXN0AHRlc3Q=')).toBe('+OK Logged in.\r\n');
    expect(driver.eventsOf('sasl-response')).toEqual([{ type: 'sasl-response', line: '****' }]);
  });

  test('the RFC 4616 example: no authorization identity, user tim', async () => {
    const { driver } = await rfcLab();
    expect(await driver.command(`AUTH PLAIN ${b64('\0tim\0tanstaaftanstaaf')}`)).toBe(
      '+OK Logged in.\r\n',
    );
  });

  test('the RFC 4616 example of acting as another user is refused', async () => {
    const { driver } = await rfcLab();
    expect(await driver.command(`AUTH PLAIN ${b64('Ursel\0Kurt\0xipj3plmq')}`)).toBe(
      '-ERR [AUTH] Authentication failed.\r\n',
    );
  });

  test('a wrong password is [AUTH]; the session may try again', async () => {
    const { driver } = await rfcLab();
    expect(await driver.command(`AUTH PLAIN ${b64('\0test\0nope')}`)).toBe(
      '-ERR [AUTH] Authentication failed.\r\n',
    );
    expect(await driver.command('AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=')).toBe('+OK Logged in.\r\n');
  });

  test('a message without its two NULs is malformed, and "=" is an empty one', async () => {
    const { driver } = await rfcLab();
    expect(await driver.command(`AUTH PLAIN ${b64('test test')}`)).toBe(
      '-ERR Malformed authentication data.\r\n',
    );
    expect(await driver.command('AUTH PLAIN =')).toBe('-ERR Malformed authentication data.\r\n');
  });

  test('"*" cancels the exchange', async () => {
    const { driver } = await rfcLab();
    await driver.command('AUTH PLAIN');
    expect(await driver.command('*')).toBe('-ERR Authentication cancelled.\r\n');
    expect(driver.session.state).toBe('AUTHORIZATION');
    expect(await driver.command('NOOP')).toBe(
      '-ERR Log in first: NOOP is only valid in the TRANSACTION state.\r\n',
    );
  });

  test.each(['=AAA', 'AAA=BBB', 'dGVzdAB0ZXN0AHRlc3Q', 'dGVzd!B0ZXN0AHRlc3Q='])(
    'base64 "%s" is rejected, never half-read (RFC 5034 §4)',
    async (bad) => {
      const { driver } = await rfcLab();
      expect(await driver.command(`AUTH PLAIN ${bad}`)).toBe('-ERR Invalid base64 data.\r\n');
      await driver.command('AUTH PLAIN');
      expect(await driver.command(bad)).toBe('-ERR Invalid base64 data.\r\n');
    },
  );

  test('is refused before TLS when plain-text logins are not allowed', async () => {
    const { driver } = await rfcLab({ allowPlaintextAuth: false });
    expect(await driver.command('AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=')).toBe(
      '-ERR [AUTH] Plaintext authentication disallowed on non-secure connections.\r\n',
    );
  });

  test('a response line over the AUTH limit cancels the exchange', async () => {
    const { driver } = await rfcLab({ limits: { saslLineLength: 300 } });
    await driver.command('AUTH PLAIN');
    expect(await driver.command('A'.repeat(400))).toBe(
      '-ERR Authentication response too long.\r\n',
    );
  });

  test('a response may be longer than a command line (RFC 5034 §4)', async () => {
    const store = createMemoryStore({ test: [] });
    const long = 'p'.repeat(250);
    const { driver } = await connect({ store, authenticator: staticAuthenticator({ test: long }) });
    await driver.command('AUTH PLAIN');
    expect(await driver.command(b64(`\0test\0${long}`))).toBe('+OK Logged in.\r\n');
  });
});

describe('AUTH LOGIN', () => {
  test('asks for the user name, then the password, in base64', async () => {
    const { driver } = await rfcLab();
    const asked = await driver.command('AUTH LOGIN');
    expect(asked).toBe(`+ ${b64('Username:')}\r\n`);
    expect(await driver.command(b64('test'))).toBe(`+ ${b64('Password:')}\r\n`);
    expect(await driver.command(b64('test'))).toBe('+OK Logged in.\r\n');
    expect(driver.eventsOf('sasl-challenge').map((e) => e.decoded)).toEqual([
      'Username:',
      'Password:',
    ]);
  });

  test('takes the user name as an initial response', async () => {
    const { driver } = await rfcLab();
    expect(await driver.command(`AUTH LOGIN ${b64('test')}`)).toBe(`+ ${b64('Password:')}\r\n`);
    expect(await driver.command(b64('wrong'))).toBe('-ERR [AUTH] Authentication failed.\r\n');
  });
});

describe('AUTH CRAM-MD5 (RFC 2195)', () => {
  test('the RFC example, byte for byte', async () => {
    const { driver } = await rfcLab({
      greetingToken: '1896.697170952',
      hostname: 'postoffice.reston.mci.net',
    });
    expect(await driver.command('AUTH CRAM-MD5')).toBe(
      '+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n',
    );
    expect(await driver.command('dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw')).toBe(
      '+OK Logged in.\r\n',
    );
  });

  test('each challenge of a session is new', async () => {
    const { driver } = await rfcLab();
    const challenges: string[] = [];
    for (let i = 0; i < 2; i++) {
      const line = await driver.command('AUTH CRAM-MD5');
      challenges.push(new TextDecoder().decode(decodeBase64(line.slice(2, -2))));
      await driver.command('*');
    }
    expect(challenges[0]).toBe('<1234.5678@lab.example>');
    expect(challenges[1]).not.toBe(challenges[0]);
    expect(challenges[1]).toMatch(/^<[^<>@ ]+@lab\.example>$/);
  });

  test('a digest computed on a later challenge logs in', async () => {
    const { driver } = await rfcLab();
    await driver.command('AUTH CRAM-MD5');
    await driver.command('*');
    const line = await driver.command('AUTH CRAM-MD5');
    const challenge = new TextDecoder().decode(decodeBase64(line.slice(2, -2)));
    const response = b64(`tim ${cramMd5Digest(challenge, 'tanstaaftanstaaf')}`);
    expect(await driver.command(response)).toBe('+OK Logged in.\r\n');
  });

  test('is allowed before TLS, since the password never crosses the network', async () => {
    const { driver } = await rfcLab({ allowPlaintextAuth: false });
    expect(await driver.command('AUTH CRAM-MD5')).toMatch(/^\+ [A-Za-z0-9+/=]+\r\n$/);
  });

  test('refuses an initial response and a malformed answer', async () => {
    const { driver } = await rfcLab();
    expect(await driver.command('AUTH CRAM-MD5 dGlt')).toBe(
      '-ERR CRAM-MD5 does not take an initial response.\r\n',
    );
    await driver.command('AUTH CRAM-MD5');
    expect(await driver.command(b64('tim not-a-digest'))).toBe(
      '-ERR Malformed authentication data.\r\n',
    );
  });
});

describe('AUTH in general (RFC 5034 §4)', () => {
  test('without a mechanism, lists the usable ones', async () => {
    const { driver } = await rfcLab();
    expect(await driver.command('AUTH')).toBe(
      '+OK Supported SASL mechanisms follow\r\nPLAIN\r\nLOGIN\r\nCRAM-MD5\r\n.\r\n',
    );
  });

  test('an unknown or switched-off mechanism is refused', async () => {
    const { driver } = await rfcLab({ disabled: ['LOGIN'] });
    expect(await driver.command('AUTH GSSAPI')).toBe(
      '-ERR Unsupported authentication mechanism: GSSAPI\r\n',
    );
    expect(await driver.command('AUTH LOGIN')).toBe(
      '-ERR Unsupported authentication mechanism: LOGIN\r\n',
    );
    expect(await driver.command('CAPA')).toMatch(/\r\nSASL PLAIN CRAM-MD5\r\n/);
  });

  test('mechanism names are case-insensitive', async () => {
    const { driver } = await rfcLab();
    expect(await driver.command('auth plain dGVzdAB0ZXN0AHRlc3Q=')).toBe('+OK Logged in.\r\n');
  });

  test('is not allowed after login', async () => {
    const { driver } = await rfcLab();
    await driver.command('AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=');
    expect(await driver.command('AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=')).toBe(
      '-ERR Already logged in: AUTH is only valid in the AUTHORIZATION state.\r\n',
    );
  });

  test('the transport ending in the middle of an exchange ends the session quietly', async () => {
    const { driver } = await rfcLab();
    await driver.command('AUTH LOGIN');
    await driver.hangUp();
    expect(driver.done).toBe(true);
    expect(driver.take()).toBe('');
  });
});
