import { describe, expect, test } from 'vitest';
import type { DriverAction } from '@pop3-lab/protocol';
import type { Pop3Event } from '../../src';
import {
  MaildropError,
  createMemoryStore,
  createPop3Session,
  staticAuthenticator,
} from '../../src';
import { Driver, chrisMessages, connect, lab, logins, loggedIn } from './harness';
import { instrument } from './instrumented-store';

const bigMessage = `Subject: big\n\n${'a line of text for the test\n'.repeat(200)}`;

function bigLab(chunkSize = 64) {
  const memory = createMemoryStore({ chris: [bigMessage, 'Subject: small\n\nx\n'] }, { chunkSize });
  const { store, probe } = instrument(memory);
  return { memory, probe, maildrops: store };
}

const sends = (actions: readonly DriverAction<Pop3Event>[]) =>
  actions.filter((a) => a.type === 'send').length;

describe('back-pressure: RETR reads as the driver pulls', () => {
  test('never reads more than one chunk ahead of what was sent', async () => {
    const { probe, maildrops } = bigLab();
    const { driver } = await loggedIn({ maildrops, nonAsciiHeaders: 'send' });
    const sentBefore = sends(driver.actions);
    driver.session.receive(new TextEncoder().encode('RETR 1\r\n'));
    while (!driver.output.endsWith('\r\n.\r\n')) {
      await driver.pull(1);
      // The first chunk is read before the status line; one more per chunk sent.
      const chunksSent = Math.max(0, sends(driver.actions) - sentBefore - 1);
      expect(probe.chunksRead).toBeLessThanOrEqual(chunksSent + 1);
    }
    expect(probe.chunksRead).toBe(
      Math.ceil(new TextEncoder().encode(bigMessage.replace(/\n/g, '\r\n')).length / 64),
    );
  });
});

describe('end() (RFC 1939 §6: no UPDATE without QUIT)', () => {
  test('while the session waits for input, the pending pull finishes the iteration', async () => {
    const { driver } = await loggedIn();
    await driver.pull();
    driver.session.end('timeout');
    await driver.pull();
    expect(driver.done).toBe(true);
    expect(driver.eventsOf('session-ended')).toEqual([
      { type: 'session-ended', reason: 'timeout' },
    ]);
  });

  test('in the middle of a RETR, with no further pull: the reader closes, the lock goes, nothing is deleted', async () => {
    const { memory, probe, maildrops } = bigLab(16);
    const { driver } = await loggedIn({ maildrops, nonAsciiHeaders: 'send' });
    await driver.command('DELE 2');
    driver.session.receive(new TextEncoder().encode('RETR 1\r\n'));
    await driver.pull(6);
    expect(memory.locked('chris')).toBe(true);
    driver.session.end('closed');
    // No more pulls: end() alone must release what the session holds.
    await new Promise((resolve) => setImmediate(resolve));
    expect(probe.readersClosed).toBe(1);
    expect(memory.locked('chris')).toBe(false);
    expect(probe.commits).toEqual([]);
    expect(memory.contents('chris')).toHaveLength(2);
    await driver.pull();
    expect(driver.done).toBe(true);
  });

  test('is idempotent and ignores input that arrives after it', async () => {
    const { driver } = await connect();
    driver.session.end('closed');
    driver.session.end('error');
    driver.session.receive(new TextEncoder().encode('USER chris\r\n'));
    await driver.pull();
    expect(driver.done).toBe(true);
    expect(driver.take()).toBe('');
  });

  test('before the first pull, the session produces nothing', async () => {
    const { driver } = lab();
    driver.session.end('shutdown');
    await driver.pull();
    expect(driver.done).toBe(true);
    expect(driver.actions).toEqual([]);
  });
});

describe('storage failures while reading', () => {
  test('before the status line: -ERR [SYS/TEMP] and the session goes on', async () => {
    const { probe, maildrops } = bigLab();
    probe.readFailsAfter = { chunks: 0, error: new MaildropError('SYS/TEMP', 'read error') };
    const { driver } = await loggedIn({ maildrops, nonAsciiHeaders: 'send' });
    expect(await driver.command('RETR 1')).toBe(
      '-ERR [SYS/TEMP] Cannot read message 1 right now.\r\n',
    );
    probe.readFailsAfter = undefined;
    expect(await driver.command('NOOP')).toBe('+OK\r\n');
  });

  test('halfway through: the connection is closed, since no reply can follow', async () => {
    const { memory, probe, maildrops } = bigLab();
    probe.readFailsAfter = { chunks: 3, error: new Error('disk vanished') };
    const { driver } = await loggedIn({ maildrops, nonAsciiHeaders: 'send' });
    const partial = await driver.command('RETR 1');
    expect(partial.startsWith('+OK')).toBe(true);
    expect(partial.endsWith('\r\n.\r\n')).toBe(false);
    expect(driver.closed).toBe(true);
    expect(driver.eventsOf('error').at(-1)).toMatchObject({
      kind: 'storage',
      reason: 'disk vanished',
    });
    expect(memory.locked('chris')).toBe(false);
  });
});

describe('the iteration', () => {
  test('happens once per session', () => {
    const { driver } = lab();
    expect(() => driver.session[Symbol.asyncIterator]()).toThrow(/once/);
  });

  test('starts with session-started and the greeting event before its bytes', async () => {
    const { driver } = lab();
    await driver.pull();
    expect(driver.actions.map((a) => a.type)).toEqual(['event', 'event', 'send']);
    expect(driver.events[0]).toEqual({
      type: 'session-started',
      persona: 'dovecot-like',
      state: 'AUTHORIZATION',
    });
    expect(driver.events[1]).toMatchObject({ type: 'reply', ok: true, multiline: false });
  });

  test('two sessions on one store do not share state', async () => {
    const store = createMemoryStore({ chris: chrisMessages, mrose: [] });
    const a = await loggedIn({ store });
    const b = await connect({ store });
    await b.driver.command('USER mrose');
    await b.driver.command('PASS tanstaaf');
    await a.driver.command('DELE 1');
    expect(await b.driver.command('STAT')).toBe('+OK 0 0\r\n');
  });
});

describe('options are checked when the session is created', () => {
  const base = {
    maildrops: createMemoryStore({}),
    authenticator: staticAuthenticator(logins),
    hostname: 'lab.example',
    greetingToken: '1.2',
    tls: 'unavailable' as const,
    allowPlaintextAuth: true,
  };

  test.each([
    [{ hostname: 'two words' }, /hostname/],
    [{ hostname: 'a@b' }, /hostname/],
    [{ greetingToken: '<x>' }, /greetingToken/],
    [{ persona: 'nobody' as never }, /persona/],
    [{ disabled: ['FETCH'] }, /Unknown command or capability/],
    [{ limits: { commandLength: 0 } }, /commandLength/],
    [{ limits: { authFailures: Number.NaN } }, /authFailures/],
    [{ limits: { commandLength: 512, saslLineLength: 300 } }, /saslLineLength/],
    [{ expire: -1 }, /expire/],
    [{ greeting: 'has <angle> brackets' }, /greeting/],
  ])('%o is refused', (change, message) => {
    expect(() => createPop3Session({ ...base, ...change })).toThrow(message);
  });

  test('names of commands and capabilities are case-insensitive, AUTH meaning SASL', async () => {
    const driver = new Driver(createPop3Session({ ...base, disabled: ['auth', 'top'] }));
    await driver.pull();
    driver.take();
    const capa = await driver.command('CAPA');
    expect(capa).not.toMatch(/SASL|TOP/);
  });
});

describe('faults of the callbacks the engine is given', () => {
  test('a store whose maildrop breaks its contract closes the session instead of rejecting the pull', async () => {
    let reads = 0;
    const maildrops = {
      open: async () => ({
        ok: true as const,
        maildrop: {
          kind: 'memory' as const,
          // An index that cannot be read: a contract no store may break, and the engine must survive.
          get messages(): never {
            reads += 1;
            throw new Error('index lost');
          },
          read: () => (async function* () {})(),
          commit: async () => undefined,
          release: async () => undefined,
        },
      }),
    };
    const { driver } = await connect({ maildrops });
    await driver.command('USER chris');
    await driver.command('PASS epikoi');
    expect(driver.closed).toBe(true);
    expect(driver.done).toBe(true);
    expect(driver.eventsOf('error').at(-1)).toMatchObject({
      kind: 'internal',
      reason: 'index lost',
    });
    expect(reads).toBeGreaterThan(0);
  });

  test('a succeeded() hook that throws does not undo the login', async () => {
    const authenticator = {
      ...staticAuthenticator(logins),
      succeeded: () => {
        throw new Error('counter full');
      },
    };
    const { driver } = await connect({ authenticator });
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toBe('+OK Logged in.\r\n');
  });
});
