import { describe, expect, it } from 'vitest';
import {
  createMaildirStore,
  createMboxStore,
  createRoutedStore,
  type MaildropStore,
} from '../../src';
import { memfsKind } from './helpers';

describe('createRoutedStore', () => {
  it('opens each user in the store the route names', async () => {
    const t = await memfsKind.create();
    const mbox = createMboxStore(t.fs, { spoolDir: '/spool' });
    const maildir = createMaildirStore(t.fs, { pathFor: (user) => `/home/${user}/Maildir` });
    const store = createRoutedStore((user) =>
      user === 'alice' ? maildir : user === 'chris' ? mbox : undefined,
    );
    const alice = await store.open('alice');
    const chris = await store.open('chris');
    expect(alice.ok && alice.maildrop.kind).toBe('maildir');
    expect(chris.ok && chris.maildrop.kind).toBe('mbox');
    expect(await store.open('stranger')).toMatchObject({ ok: false, code: 'SYS/PERM' });
  });

  it('refuses a name that is not a plain user name without asking the route', async () => {
    const asked: string[] = [];
    const store = createRoutedStore((user): MaildropStore | undefined => {
      asked.push(user);
      return undefined;
    });
    expect(await store.open('../root')).toMatchObject({ ok: false, code: 'SYS/PERM' });
    expect(asked).toEqual([]);
  });
});
