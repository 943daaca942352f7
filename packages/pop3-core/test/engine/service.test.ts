import { describe, expect, test } from 'vitest';
import type { ConnectionInfo } from '@pop3-lab/protocol';
import { createMemoryStore, createPop3Service, staticAuthenticator } from '../../src';
import { Driver, chrisMessages, logins } from './harness';

const connection = (change: Partial<ConnectionInfo> = {}): ConnectionInfo => ({
  remoteAddress: '192.0.2.10',
  loopback: false,
  tls: 'available',
  localPort: 110,
  ...change,
});

const service = (extra: Partial<Parameters<typeof createPop3Service>[0]> = {}) =>
  createPop3Service({
    maildrops: createMemoryStore({ chris: chrisMessages }),
    authenticator: staticAuthenticator(logins),
    hostname: 'lab.example',
    ...extra,
  });

async function greet(session: ReturnType<ReturnType<typeof service>['createSession']>) {
  const driver = new Driver(session as never);
  await driver.pull();
  return driver;
}

describe('createPop3Service', () => {
  test('is POP3 on the IANA ports', () => {
    const pop3 = service();
    expect(pop3.name).toBe('pop3');
    expect(pop3.defaultPorts).toEqual({ plain: 110, tls: 995 });
  });

  test('gives every connection its own APOP timestamp', async () => {
    const pop3 = service();
    const a = await greet(pop3.createSession(connection()));
    const b = await greet(pop3.createSession(connection()));
    const stamp = (text: string) => /<[^>]+>/.exec(text)?.[0];
    expect(stamp(a.output)).toMatch(/^<[^<>@ ]+@lab\.example>$/);
    expect(stamp(a.output)).not.toBe(stamp(b.output));
  });

  test('allows plain-text logins by default only from loopback', async () => {
    const pop3 = service();
    const remote = await greet(pop3.createSession(connection()));
    remote.take();
    expect(await remote.command('USER chris')).toMatch(/^-ERR \[AUTH\] Plaintext/);
    const local = await greet(
      pop3.createSession(connection({ loopback: true, remoteAddress: '127.0.0.1' })),
    );
    local.take();
    expect(await local.command('USER chris')).toBe('+OK\r\n');
  });

  test('follows the transport’s TLS state and a custom policy', async () => {
    const pop3 = service({
      allowPlaintextAuth: (c) => c.localPort === 1110,
      greetingToken: () => 'fixed',
    });
    const tls = await greet(pop3.createSession(connection({ tls: 'active', localPort: 995 })));
    expect(tls.output).toBe('+OK POP3 Lab ready. <fixed@lab.example>\r\n');
    tls.take();
    expect(await tls.command('USER chris')).toBe('+OK\r\n');
    const classroom = await greet(
      pop3.createSession(connection({ localPort: 1110, tls: 'unavailable' })),
    );
    classroom.take();
    expect(await classroom.command('USER chris')).toBe('+OK\r\n');
  });

  test('checks the shared options at once', () => {
    expect(() => service({ hostname: 'not a host' })).toThrow(RangeError);
    expect(() => service({ disabled: ['NOPE'] })).toThrow(RangeError);
  });
});
