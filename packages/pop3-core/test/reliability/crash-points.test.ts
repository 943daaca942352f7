/**
 * A crash at every single step of UPDATE, deterministically: the session's file system is
 * killed at its k-th disk-changing operation (a write is torn in half), for k = 1, 2, … until
 * UPDATE completes without reaching k. After each crash the next process must get in (the dead
 * session's lock recovered), find the old or the new set of messages, byte for byte, and no
 * leftovers. Random SIGKILLs of a real process are in test/maildrops/crash.test.ts and, a
 * thousand times over the real server, in `npm run reliability -- crash`.
 */
import { describe, expect, test } from 'vitest';
import { DELETED, everyCrashPoint, NEW } from './support/fault-points';
import type { Disk } from './support/scenario';

describe.each<Disk>(['memfs', 'node'])('a crash at every step of UPDATE, on %s', (disk) => {
  test('mbox: exactly the old or the new mailbox, whole, and the next session gets in', async () => {
    const { points, finished } = await everyCrashPoint('mbox', disk);
    expect(finished.ids).toEqual(NEW);
    for (const point of points) {
      const what = `crash at ${point.k} (${point.operation})`;
      expect(point.refused, what).toBeUndefined();
      expect(['old', 'new'], `${what} left ${point.ids.join(', ')}`).toContain(point.outcome);
      expect(point.leftovers, what).toEqual([]);
    }
    // The rewrite has several steps, with crashes before and after the rename that commits it.
    expect(points.length).toBeGreaterThanOrEqual(4);
    expect(points.some((p) => p.outcome === 'old')).toBe(true);
    expect(points.some((p) => p.outcome === 'new')).toBe(true);
  });

  // Maildir's UPDATE unlinks one file per deleted message; a crash between two unlinks must
  // not leave some deleted and others not: the next session completes the UPDATE.
  test('Maildir: exactly the old or the new set, whole, and the next session gets in', async () => {
    const { points, finished } = await everyCrashPoint('maildir', disk);
    expect(finished.ids).toEqual(NEW);
    for (const point of points) {
      const what = `crash at ${point.k} (${point.operation})`;
      expect(point.refused, what).toBeUndefined();
      expect(['old', 'new'], `${what} left ${point.ids.join(', ')}`).toContain(point.outcome);
      expect(point.leftovers, what).toEqual([]);
    }
    expect(points.length).toBeGreaterThanOrEqual(DELETED.length);
    expect(points.some((p) => p.outcome === 'old')).toBe(true);
    expect(points.some((p) => p.outcome === 'new')).toBe(true);
  });
});
