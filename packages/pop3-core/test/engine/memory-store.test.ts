import { describe, expect, test } from 'vitest';
import { MaildropError, createMemoryStore } from '../../src';
import type { Maildrop } from '../../src';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function readAll(maildrop: Maildrop, index: number, bodyLines?: number): Promise<string> {
  let out = '';
  for await (const chunk of maildrop.read(index, bodyLines === undefined ? {} : { bodyLines }))
    out += text(chunk);
  return out;
}

async function open(store: ReturnType<typeof createMemoryStore>, user: string): Promise<Maildrop> {
  const opened = await store.open(user);
  if (!opened.ok) throw new Error(opened.reason);
  return opened.maildrop;
}

describe('createMemoryStore', () => {
  test('keeps messages with CRLF line ends and sizes them so', async () => {
    const store = createMemoryStore({
      ann: ['Subject: x\n\nbody', new TextEncoder().encode('A: b\r\n\r\nc\r\n')],
    });
    const maildrop = await open(store, 'ann');
    expect(await readAll(maildrop, 0)).toBe('Subject: x\r\n\r\nbody\r\n');
    expect([...maildrop.messages].map((m) => m.size)).toEqual([
      'Subject: x\r\n\r\nbody\r\n'.length,
      'A: b\r\n\r\nc\r\n'.length,
    ]);
    expect(maildrop.kind).toBe('memory');
  });

  test('a user without a mailbox gets an empty maildrop', async () => {
    const maildrop = await open(createMemoryStore({}), 'nobody');
    expect([...maildrop.messages]).toEqual([]);
  });

  test('one session at a time per user: IN-USE until release', async () => {
    const store = createMemoryStore({ ann: ['a\n'] });
    const first = await open(store, 'ann');
    expect(await store.open('ann')).toMatchObject({ ok: false, code: 'IN-USE' });
    expect((await store.open('bob')).ok).toBe(true);
    await first.release();
    await first.release();
    expect(store.locked('ann')).toBe(false);
    expect((await store.open('ann')).ok).toBe(true);
  });

  test('a released maildrop can no longer be read, and its release does not free a later lock', async () => {
    const store = createMemoryStore({ ann: ['a\n'] });
    const first = await open(store, 'ann');
    await first.release();
    await expect(readAll(first, 0)).rejects.toBeInstanceOf(MaildropError);
    await open(store, 'ann');
    await first.release();
    expect(store.locked('ann')).toBe(true);
  });

  test('commit removes the marked messages, keeps mail delivered meanwhile, and unlocks', async () => {
    const store = createMemoryStore({ ann: ['one\n', 'two\n', 'three\n'] });
    const maildrop = await open(store, 'ann');
    store.deliver('ann', 'four\n');
    await maildrop.commit(new Set([0, 2]));
    expect(store.contents('ann').map(text)).toEqual(['two\r\n', 'four\r\n']);
    expect(store.locked('ann')).toBe(false);
    await maildrop.release();
  });

  test('reads in chunks of the given size', async () => {
    const store = createMemoryStore({ ann: ['0123456789\n'] }, { chunkSize: 4 });
    const maildrop = await open(store, 'ann');
    const chunks: string[] = [];
    for await (const chunk of maildrop.read(0)) chunks.push(text(chunk));
    expect(chunks).toEqual(['0123', '4567', '89\r\n']);
  });

  test.each([
    [0, 'A: 1\r\nB: 2\r\n\r\n'],
    [1, 'A: 1\r\nB: 2\r\n\r\nfirst\r\n'],
    [2, 'A: 1\r\nB: 2\r\n\r\nfirst\r\n\r\n'],
    [99, 'A: 1\r\nB: 2\r\n\r\nfirst\r\n\r\nthird\r\n'],
  ])('TOP with %i body lines', async (lines, expected) => {
    const maildrop = await open(
      createMemoryStore({ ann: ['A: 1\nB: 2\n\nfirst\n\nthird\n'] }),
      'ann',
    );
    expect(await readAll(maildrop, 0, lines)).toBe(expected);
  });

  test('TOP of a message without a blank line sends it all; one starting with a blank line sends the blank line', async () => {
    const maildrop = await open(createMemoryStore({ ann: ['A: 1\nB: 2\n', '\nbody\n'] }), 'ann');
    expect(await readAll(maildrop, 0, 0)).toBe('A: 1\r\nB: 2\r\n');
    expect(await readAll(maildrop, 1, 0)).toBe('\r\n');
  });

  test('unique ids: 1–70 printable characters, distinct even for equal messages, stable across sessions', async () => {
    const store = createMemoryStore({ ann: ['same\n', 'same\n', 'other\n'] });
    const first = await open(store, 'ann');
    const uids = [...first.messages].map((m) => m.uid);
    for (const uid of uids) expect(uid).toMatch(/^[\x21-\x7e]{1,70}$/);
    expect(new Set(uids).size).toBe(3);
    await first.commit(new Set([0]));
    const second = await open(store, 'ann');
    expect([...second.messages].map((m) => m.uid)).toEqual(uids.slice(1));
  });

  test('rejects a chunk size that would not work', () => {
    expect(() => createMemoryStore({}, { chunkSize: 0 })).toThrow(RangeError);
  });
});
