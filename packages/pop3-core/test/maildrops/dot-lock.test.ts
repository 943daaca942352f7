// The dot-lock: one winner, stale locks recovered, nobody else's lock ever removed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDotLock, DotLock } from '../../src';
import { bytes, exists, failingWrites, fsKinds, text, type TestFs } from './helpers';

for (const fsKind of fsKinds) {
  describe(`dot-lock on ${fsKind.name}`, () => {
    let t: TestFs;
    let path: string;
    beforeEach(async () => {
      t = await fsKind.create();
      path = `${t.root}/chris.lock`;
    });
    afterEach(() => t.dispose());

    it('lets exactly one of many simultaneous takers win', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          acquireDotLock(t.fs, path, { staleMs: 60_000, owner: `taker${i}` }),
        ),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const losers = results.filter((r) => !r.ok);
      for (const loser of losers) expect(loser).toMatchObject({ ok: false });
    });

    it('writes its owner and a token into the file, and removes it on release', async () => {
      const result = await acquireDotLock(t.fs, path, { staleMs: 60_000, owner: '4242' });
      if (!result.ok) throw new Error('not taken');
      expect(text(await t.fs.readFile(path))).toBe(`4242 ${result.lock.token}\n`);
      expect(await result.lock.isHeld()).toBe(true);
      await result.lock.release();
      expect(await exists(t.fs, path)).toBe(false);
      await result.lock.release();
    });

    it('reports who holds a fresh lock and leaves it alone', async () => {
      await t.fs.writeFile(path, bytes('other-server zzzzzzzzzzzz\n'));
      const result = await acquireDotLock(t.fs, path, { staleMs: 60_000 });
      expect(result).toEqual({ ok: false, holder: 'other-server' });
      expect(text(await t.fs.readFile(path))).toBe('other-server zzzzzzzzzzzz\n');
    });

    it('breaks a lock older than the stale limit', async () => {
      await t.fs.writeFile(path, bytes('crashed zzzzzzzzzzzz\n'));
      await t.age(path, 120_000);
      const result = await acquireDotLock(t.fs, path, { staleMs: 60_000 });
      expect(result).toMatchObject({ ok: true, brokeStale: true });
      const names = await t.fs.readdir(t.root);
      expect(names).toEqual(['chris.lock']);
    });

    it('breaks an empty lock (it names no owner) after two minutes at most', async () => {
      await t.fs.writeFile(path, new Uint8Array(0));
      await t.age(path, 60_000);
      expect(await acquireDotLock(t.fs, path, { staleMs: 600_000 })).toEqual({
        ok: false,
        holder: '',
      });
      await t.age(path, 3 * 60_000);
      expect(await acquireDotLock(t.fs, path, { staleMs: 600_000 })).toMatchObject({ ok: true });
    });

    it('goes by the liveness check when it has an answer, by age when it has none', async () => {
      await t.fs.writeFile(path, bytes('1234 zzzzzzzzzzzz\n'));
      const dead = await acquireDotLock(t.fs, path, { staleMs: 60_000, isOwnerAlive: () => false });
      expect(dead).toMatchObject({ ok: true, brokeStale: true });
      if (dead.ok) await dead.lock.release();

      await t.fs.writeFile(path, bytes('1234 zzzzzzzzzzzz\n'));
      await t.age(path, 120_000);
      const alive = await acquireDotLock(t.fs, path, { staleMs: 60_000, isOwnerAlive: () => true });
      expect(alive).toEqual({ ok: false, holder: '1234' });
      const unknown = await acquireDotLock(t.fs, path, {
        staleMs: 60_000,
        isOwnerAlive: () => undefined,
      });
      expect(unknown).toMatchObject({ ok: true, brokeStale: true });
    });

    it('neither refreshes nor removes a lock that someone else took over', async () => {
      const result = await acquireDotLock(t.fs, path, { staleMs: 60_000 });
      if (!result.ok) throw new Error('not taken');
      await t.fs.writeFile(path, bytes('usurper yyyyyyyyyyyy\n'));
      expect(await result.lock.isHeld()).toBe(false);
      await result.lock.touch();
      await result.lock.release();
      expect(text(await t.fs.readFile(path))).toBe('usurper yyyyyyyyyyyy\n');
    });

    it('refreshes its own lock so that it does not look stale', async () => {
      const result = await acquireDotLock(t.fs, path, { staleMs: 60_000 });
      if (!result.ok) throw new Error('not taken');
      await t.age(path, 120_000);
      await result.lock.touch();
      const other = await acquireDotLock(t.fs, path, { staleMs: 60_000 });
      expect(other.ok).toBe(false);
      expect(result.lock).toBeInstanceOf(DotLock);
    });

    it('leaves no empty lock behind when it cannot write its name into it', async () => {
      const full = failingWrites(t.fs, (p) => p === path, 0);
      await expect(acquireDotLock(full, path, { staleMs: 60_000 })).rejects.toMatchObject({
        code: 'ENOSPC',
      });
      expect(await exists(t.fs, path)).toBe(false);
    });

    it('reports a missing directory as an error, not as a held lock', async () => {
      await expect(
        acquireDotLock(t.fs, `${t.root}/missing/chris.lock`, { staleMs: 60_000 }),
      ).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
}
