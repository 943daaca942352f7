/**
 * Walks every fault point of one UPDATE (or one login): the file system fails at its k-th
 * disk-changing operation, for k = 1, 2, … until the work finishes without reaching k. Used by
 * the tests (which assert on the tallies) and by `npm run reliability -- crash-points` (which
 * reports them).
 */
import {
  identify,
  inspect,
  logIn,
  makeMailbox,
  MESSAGE_COUNT,
  range,
  type Disk,
  type Format,
} from './scenario';

export const DELETED = [2, 3, 7];
export const OLD = range(1, MESSAGE_COUNT);
export const NEW = OLD.filter((n) => !DELETED.includes(n));

export type Outcome = 'old' | 'new' | 'partial' | 'lost';

export interface CrashPoint {
  readonly k: number;
  /** The operation the process died at. */
  readonly operation: string;
  readonly outcome: Outcome;
  readonly ids: readonly number[];
  /** What the next process found that should not be there (temporary files, locks). */
  readonly leftovers: readonly string[];
  /** The next process could not open the mailbox. */
  readonly refused: string | undefined;
}

/**
 * old, new, or — some of the deleted messages gone and all the others there — partial;
 * 'lost' for anything else (a message missing that was not deleted, or one changed).
 */
export function classify(ids: readonly number[] | string): Outcome {
  if (typeof ids === 'string') return 'lost';
  if (ids.join() === OLD.join()) return 'old';
  if (ids.join() === NEW.join()) return 'new';
  const kept = new Set(ids);
  return NEW.every((n) => kept.has(n)) && ids.every((n) => OLD.includes(n)) ? 'partial' : 'lost';
}

/** Logs in, marks DELETED, arms a crash at operation k, sends QUIT; then looks as the next process. */
async function crashAt(
  format: Format,
  disk: Disk,
  k: number,
): Promise<CrashPoint & { crashed: boolean }> {
  const mailbox = await makeMailbox(format, disk);
  try {
    const client = await logIn(mailbox);
    const [pass] = await client.command('PASS epikoi');
    if (!pass?.startsWith('+OK')) throw new Error(`login failed: ${pass}`);
    for (const n of DELETED) {
      const [reply] = await client.command(`DELE ${n}`);
      if (!reply?.startsWith('+OK')) throw new Error(`DELE ${n}: ${reply}`);
    }
    mailbox.faulty.arm({ at: k, kind: 'crash' });
    await client.command('QUIT');
    await client.hangUp();
    await mailbox.faulty.reap();
    const operation = mailbox.faulty.log.at(-1) ?? '';
    const after = await inspect(mailbox);
    const names = await mailbox.raw.readdir(mailbox.dir);
    const leftovers =
      format === 'mbox'
        ? names.filter((name) => name !== 'chris')
        : [
            ...names.filter((name) => name.startsWith('.')),
            ...(await mailbox.raw.readdir(`${mailbox.dir}/tmp`)),
          ];
    if ('refused' in after) {
      return {
        k,
        operation,
        outcome: 'lost',
        ids: [],
        leftovers,
        refused: after.refused,
        crashed: mailbox.faulty.crashed,
      };
    }
    const ids = identify(after.messages);
    return {
      k,
      operation,
      outcome: classify(ids),
      ids: typeof ids === 'string' ? [] : ids,
      leftovers,
      refused: undefined,
      crashed: mailbox.faulty.crashed,
    };
  } finally {
    await mailbox.dispose();
  }
}

export interface CrashWalk {
  readonly points: CrashPoint[];
  /** What the uncrashed UPDATE left (must be NEW). */
  readonly finished: CrashPoint;
}

export async function everyCrashPoint(format: Format, disk: Disk): Promise<CrashWalk> {
  const points: CrashPoint[] = [];
  for (let k = 1; k <= 500; k++) {
    const { crashed, ...point } = await crashAt(format, disk, k);
    if (!crashed) return { points, finished: point };
    points.push(point);
  }
  throw new Error('UPDATE never finished');
}

export interface FullDiskPoint {
  readonly k: number;
  /** The reply to QUIT (or to PASS when the disk filled at login). */
  readonly reply: string;
  readonly outcome: Outcome;
  readonly leftovers: readonly string[];
  /** The same process could open the mailbox again once there was room. */
  readonly reopened: boolean;
}

/** The disk fills up at the k-th disk-changing operation of QUIT's UPDATE, or of the login. */
async function fullDiskAt(format: Format, k: number, during: 'login' | 'update', torn: boolean) {
  const mailbox = await makeMailbox(format);
  try {
    const client = await logIn(mailbox);
    // A lock file is a few dozen octets: a full disk usually refuses its write whole.
    if (during === 'login') mailbox.faulty.arm({ at: k, kind: 'enospc', torn });
    const [pass = ''] = await client.command('PASS epikoi');
    let reply = pass;
    if (pass.startsWith('+OK')) {
      for (const n of DELETED) await client.command(`DELE ${n}`);
      if (during === 'update') mailbox.faulty.arm({ at: k, kind: 'enospc' });
      [reply = ''] = await client.command('QUIT');
    }
    await client.hangUp();
    const reached = mailbox.faulty.operations >= k;
    mailbox.faulty.disarm();
    // The same process (same file system object, so its in-process locks count) gets back in.
    const again = await mailbox.store(mailbox.faulty, true).open('chris');
    if (again.ok) await again.maildrop.release();
    const after = await inspect(mailbox);
    const names = await mailbox.raw.readdir(mailbox.dir);
    const leftovers =
      format === 'mbox'
        ? names.filter((name) => name !== 'chris')
        : names.filter((name) => name.startsWith('.'));
    const outcome = 'refused' in after ? 'lost' : classify(identify(after.messages));
    return { reached, point: { k, reply, outcome, leftovers, reopened: again.ok } };
  } finally {
    await mailbox.dispose();
  }
}

export async function everyFullDiskPoint(
  format: Format,
  during: 'login' | 'update',
  options: { tornLockWrites?: boolean } = {},
): Promise<FullDiskPoint[]> {
  const points: FullDiskPoint[] = [];
  for (let k = 1; k <= 500; k++) {
    const { reached, point } = await fullDiskAt(format, k, during, options.tornLockWrites ?? false);
    if (!reached) return points;
    points.push(point);
  }
  throw new Error('never got past the full disk');
}
