/**
 * A full disk (ENOSPC, injected through the MailFs interface) at every step that needs space:
 * the client gets -ERR [SYS/TEMP] (RFC 3206 §4: try again later), nothing is lost, nothing is
 * left behind, and once there is room again the same server process serves the mailbox.
 */
import { describe, expect, test } from 'vitest';
import { everyFullDiskPoint } from './support/fault-points';
import type { Format } from './support/scenario';

describe.each<Format>(['mbox', 'maildir'])('%s on a full disk', (format) => {
  test('during UPDATE: -ERR [SYS/TEMP] and every message kept, at each step that needs space', async () => {
    const points = await everyFullDiskPoint(format, 'update');
    for (const point of points) {
      const what = `full at ${point.k}: ${point.reply}`;
      if (point.reply.startsWith('+OK')) expect(point.outcome, what).toBe('new');
      else {
        expect(point.reply, what).toMatch(/^-ERR \[SYS\/TEMP\] /);
        expect(point.outcome, what).toBe('old');
      }
      expect(point.leftovers, what).toEqual([]);
      expect(point.reopened, what).toBe(true);
    }
    // An mbox rewrite writes a new file: a full disk stops it. Maildir only unlinks.
    if (format === 'mbox') expect(points.some((p) => p.reply.startsWith('-ERR'))).toBe(true);
  });

  test('at login: -ERR [SYS/TEMP], nothing changed, and the next login works', async () => {
    // everyFullDiskPoint refuses lock writes whole; a disk that takes half of one is below.
    const points = await everyFullDiskPoint(format, 'login');
    for (const point of points) {
      const what = `full at ${point.k}: ${point.reply}`;
      if (!point.reply.startsWith('+OK')) {
        expect(point.reply, what).toMatch(/^-ERR \[SYS\/TEMP\] /);
        expect(point.outcome, what).toBe('old');
      }
      expect(point.reopened, what).toBe(true);
    }
    // Taking the lock writes a file: a full disk refuses the login rather than risk the mail.
    expect(points.some((p) => p.reply.startsWith('-ERR'))).toBe(true);
  });
});

describe('a lock file written only in part', () => {
  // A full disk can take part of a write and report a short count. A lock file holding only
  // part of its owner and token is nobody's: its session could not commit and would leave it
  // behind, blocking the mailbox until it went stale.
  test.each<Format>(['mbox', 'maildir'])(
    '%s: the login is refused and leaves no lock',
    async (format) => {
      const points = await everyFullDiskPoint(format, 'login', { tornLockWrites: true });
      for (const point of points) {
        const what = `full at ${point.k}: ${point.reply}`;
        expect(point.reopened, what).toBe(true);
        if (!point.reply.startsWith('+OK'))
          expect(point.reply, what).toMatch(/^-ERR \[SYS\/TEMP\] /);
        expect(point.outcome, what).not.toBe('lost');
      }
    },
  );
});
