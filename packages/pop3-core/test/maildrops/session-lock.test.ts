// A session keeps its lock file fresh while it works, and lets every lock go once at its end.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acquireDotLock, DEFAULT_LOCK_STALE_MS, type Maildrop } from '../../src';
import { fsKinds, readAll, type TestFs } from './helpers';
import { maildropKinds } from './kinds';

const lockFile = { mbox: 'spool/chris.lock', maildir: 'home/chris/Maildir/.pop3.lock' };

for (const fsKind of fsKinds) {
  for (const kind of maildropKinds) {
    describe(`the ${kind.name} session lock on ${fsKind.name}`, () => {
      let t: TestFs;
      let maildrop: Maildrop;
      beforeEach(async () => {
        t = await fsKind.create();
        await kind.deliver(t.fs, t.root, 'chris', ['Subject: hi\n\nhello\n']);
        const opened = await kind.store(t.fs, t.root).open('chris');
        if (!opened.ok) throw new Error(opened.reason);
        maildrop = opened.maildrop;
      });
      afterEach(async () => {
        vi.useRealTimers();
        await maildrop.release();
        await t.dispose();
      });

      it('is touched by a read once a quarter of the stale delay has passed', async () => {
        const path = `${t.root}/${lockFile[kind.name]}`;
        // An hour-long session: without a touch, its lock would look abandoned by now.
        await t.age(path, 2 * DEFAULT_LOCK_STALE_MS);
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(Date.now() + DEFAULT_LOCK_STALE_MS / 4 + 1000);
        await readAll(maildrop, 0);
        const other = await acquireDotLock(t.fs, path, { staleMs: DEFAULT_LOCK_STALE_MS });
        expect(other.ok).toBe(false);
      });

      it('lets the lock file and the in-process lock go once, however often it is released', async () => {
        await Promise.all([maildrop.release(), maildrop.release()]);
        await maildrop.release();
        const path = `${t.root}/${lockFile[kind.name]}`;
        const names = await t.fs.readdir(path.slice(0, path.lastIndexOf('/')));
        expect(names).not.toContain(path.slice(path.lastIndexOf('/') + 1));
        const again = await kind.store(t.fs, t.root).open('chris');
        expect(again.ok).toBe(true);
        if (again.ok) await again.maildrop.release();
      });
    });
  }
}
