import { describe, expect, test } from 'vitest';
import { MaildropError, createMemoryStore } from '../../src';
import { chrisMessages, loggedIn } from './harness';
import { instrument } from './instrumented-store';

const crlf = (message: string) => new TextEncoder().encode(message.replace(/\n/g, '\r\n'));

describe('QUIT in TRANSACTION enters UPDATE (RFC 1939 §6)', () => {
  test('removes the messages marked as deleted and closes', async () => {
    const store = createMemoryStore({ chris: chrisMessages });
    const { driver } = await loggedIn({ store });
    await driver.command('DELE 1');
    await driver.command('DELE 3');
    expect(await driver.command('QUIT')).toBe('+OK Logging out, messages deleted.\r\n');
    expect(driver.closed).toBe(true);
    expect(driver.done).toBe(true);
    expect(store.contents('chris')).toEqual([crlf(chrisMessages[1]!)]);
    expect(store.locked('chris')).toBe(false);
    expect(driver.eventsOf('update')).toEqual([{ type: 'update', deleted: [1, 3], ok: true }]);
    expect(driver.eventsOf('state-changed').map((e) => e.to)).toEqual(['TRANSACTION', 'UPDATE']);
    expect(driver.eventsOf('session-ended')).toEqual([{ type: 'session-ended', reason: 'quit' }]);
  });

  test('with nothing marked, the maildrop is unchanged', async () => {
    const store = createMemoryStore({ chris: chrisMessages });
    const { driver } = await loggedIn({ store });
    await driver.command('RETR 1');
    expect(await driver.command('QUIT')).toBe('+OK Logging out.\r\n');
    expect(store.contents('chris')).toHaveLength(3);
  });

  test('keeps mail delivered during the session', async () => {
    const store = createMemoryStore({ chris: chrisMessages });
    const { driver } = await loggedIn({ store });
    store.deliver('chris', 'Subject: late\n\narrived during the session\n');
    expect(await driver.command('STAT')).toMatch(/^\+OK 3 /);
    await driver.command('DELE 1');
    await driver.command('QUIT');
    expect(store.contents('chris')).toHaveLength(3);
    expect(new TextDecoder().decode(store.contents('chris')[2])).toContain('Subject: late');
  });

  test('a failed removal is -ERR [SYS/TEMP], and the server still closes', async () => {
    const memory = createMemoryStore({ chris: chrisMessages });
    const { store, probe } = instrument(memory);
    probe.commitError = new MaildropError('SYS/TEMP', 'disk full');
    const { driver } = await loggedIn({ maildrops: store });
    await driver.command('DELE 2');
    expect(await driver.command('QUIT')).toBe(
      '-ERR [SYS/TEMP] Some deleted messages were not removed.\r\n',
    );
    expect(driver.closed).toBe(true);
    expect(driver.eventsOf('update')).toEqual([
      { type: 'update', deleted: [2], ok: false, reason: 'disk full' },
    ]);
    expect(memory.contents('chris')).toHaveLength(3);
    expect(memory.locked('chris')).toBe(false);
  });

  test('a permanent failure says [SYS/PERM]', async () => {
    const { store, probe } = instrument(createMemoryStore({ chris: chrisMessages }));
    probe.commitError = new MaildropError('SYS/PERM', 'mailbox damaged');
    const { driver } = await loggedIn({ maildrops: store });
    await driver.command('DELE 2');
    expect(await driver.command('QUIT')).toBe(
      '-ERR [SYS/PERM] Some deleted messages were not removed.\r\n',
    );
  });

  test('`committing` is true while the maildrop works, and ending the transport lets it finish', async () => {
    const memory = createMemoryStore({ chris: chrisMessages });
    const { store, probe } = instrument(memory);
    let open: () => void = () => undefined;
    probe.commitGate = new Promise((resolve) => (open = resolve));
    const { driver } = await loggedIn({ maildrops: store });
    await driver.command('DELE 1');
    expect(await driver.command('QUIT')).toBe('');
    expect(driver.session.committing).toBe(true);
    driver.session.end('closed');
    open();
    await driver.pull();
    expect(driver.session.committing).toBe(false);
    expect(driver.done).toBe(true);
    expect(memory.contents('chris')).toHaveLength(2);
    expect(memory.locked('chris')).toBe(false);
  });
});

describe('a connection that drops never enters UPDATE (RFC 1939 §6)', () => {
  test('marked messages stay, and the lock is released', async () => {
    const store = createMemoryStore({ chris: chrisMessages });
    const { driver } = await loggedIn({ store });
    await driver.command('DELE 1');
    await driver.hangUp();
    expect(driver.done).toBe(true);
    expect(store.contents('chris')).toHaveLength(3);
    expect(store.locked('chris')).toBe(false);
    expect(driver.eventsOf('update')).toEqual([]);
    expect(driver.eventsOf('session-ended')).toEqual([{ type: 'session-ended', reason: 'closed' }]);
  });
});
