/**
 * The dot-lock convention of mail spools: `<mailbox>.lock`, created with O_EXCL so that exactly
 * one process wins, removed when done. Delivery agents (Postfix local(8), procmail, mail.local)
 * honour it, so while we hold it nobody who plays by the rules appends to the mailbox.
 *
 * A lock left behind by a crashed process is broken at once when `isOwnerAlive` says its
 * owner is gone, or, when that cannot be told, once its file has not changed for `staleMs`. The file holds
 * "<owner> <token>\n": the owner for humans and for `isOwnerAlive` (a process id, say), the
 * token so that we only ever refresh or remove a lock that is still ours.
 */
import { errorCode, type MailFs } from '../mail-fs';
import { latin1Decode, utf8Encode } from '@pop3-lab/protocol';
import { randomToken } from './token';

export interface DotLockOptions {
  /** A lock whose file is older than this (by mtime) is considered abandoned. */
  readonly staleMs: number;
  /** Written into the lock file for whoever finds it (default "pop3"). No spaces. */
  readonly owner?: string;
  /** Is the owner named in a lock file still running? undefined: cannot tell, go by age. */
  readonly isOwnerAlive?: (owner: string) => boolean | undefined;
}

export type DotLockResult =
  | { readonly ok: true; readonly lock: DotLock; readonly brokeStale: boolean }
  | { readonly ok: false; readonly holder: string };

interface LockInfo {
  readonly owner: string;
  readonly token: string;
  readonly mtimeMs: number;
}

const MAX_ATTEMPTS = 4;

export class DotLock {
  readonly #fs: MailFs;
  readonly #content: Uint8Array;

  constructor(
    fs: MailFs,
    readonly path: string,
    readonly token: string,
    owner: string,
  ) {
    this.#fs = fs;
    this.#content = utf8Encode(`${owner} ${token}\n`);
  }

  /** True while the lock file still carries our token (nobody broke it as stale). */
  async isHeld(): Promise<boolean> {
    const info = await readLockInfo(this.#fs, this.path);
    return info?.token === this.token;
  }

  /** Rewrites the lock file so that its mtime says we are alive (long rewrites, long sessions). */
  async touch(): Promise<void> {
    if (await this.isHeld()) await this.#fs.writeFile(this.path, this.#content, { flag: 'w' });
  }

  /** Removes the lock if it is still ours; safe to call more than once. */
  async release(): Promise<void> {
    if (!(await this.isHeld())) return;
    try {
      await this.#fs.unlink(this.path);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }

  /** @internal Creates the file; throws EEXIST when someone holds it. */
  async create(): Promise<void> {
    const handle = await this.#fs.open(this.path, 'wx', 0o644);
    try {
      // A full disk may take part of the write: a lock without our whole token is nobody's.
      for (let done = 0; done < this.#content.length;) {
        const { bytesWritten } = await handle.write(
          this.#content,
          done,
          this.#content.length - done,
          done,
        );
        if (bytesWritten <= 0) throw new Error('the lock file could not be written');
        done += bytesWritten;
      }
    } catch (error) {
      // A full disk: do not leave an empty lock behind to block everyone until it is stale.
      await handle.close().catch(() => undefined);
      await this.#fs.unlink(this.path).catch(() => undefined);
      throw error;
    }
    await handle.close();
  }
}

/**
 * Takes `path` as a dot-lock, breaking it first if it is stale. Throws the fs error when the
 * lock cannot even be tried (ENOENT for a missing directory, EACCES, EROFS, ...).
 */
export async function acquireDotLock(
  fs: MailFs,
  path: string,
  options: DotLockOptions,
): Promise<DotLockResult> {
  const owner = options.owner ?? 'pop3';
  let brokeStale = false;
  let holder = '';
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const lock = new DotLock(fs, path, randomToken(), owner);
    try {
      await lock.create();
      return { ok: true, lock, brokeStale };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    const info = await readLockInfo(fs, path);
    if (info === undefined) continue; // released between our two calls: try again
    holder = info.owner;
    if (!isStale(info, options)) return { ok: false, holder };
    // Move the stale lock aside under a name of our own before deleting it: if two processes
    // break the same lock, only one rename succeeds, and a fresh lock that took its place in
    // the meantime is recognised (not stale) and put back.
    const aside = `${path}.${lock.token}.stale`;
    try {
      await fs.rename(path, aside);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue;
      throw error;
    }
    const moved = await readLockInfo(fs, aside);
    if (moved === undefined || isStale(moved, options)) {
      await unlinkQuietly(fs, aside);
      brokeStale = true;
      continue;
    }
    await restoreLock(fs, aside, path);
    return { ok: false, holder: moved.owner };
  }
  return { ok: false, holder };
}

/**
 * An empty lock file names no owner: a delivery agent's (they hold theirs for seconds), or
 * ours if a process died between creating the file and writing its name. Like Dovecot's
 * mbox_dotlock_change_timeout, such a lock goes stale after two minutes at most.
 */
export const EMPTY_LOCK_STALE_MS = 2 * 60 * 1000;

/** A lock is stale when its owner is known to be gone, or, if that cannot be told, when old. */
function isStale(info: LockInfo, options: DotLockOptions): boolean {
  const alive = info.owner === '' ? undefined : options.isOwnerAlive?.(info.owner);
  if (alive !== undefined) return !alive;
  const limit =
    info.owner === '' ? Math.min(options.staleMs, EMPTY_LOCK_STALE_MS) : options.staleMs;
  return Date.now() - info.mtimeMs > limit;
}

async function readLockInfo(fs: MailFs, path: string): Promise<LockInfo | undefined> {
  try {
    const stats = await fs.stat(path);
    const text = latin1Decode(await fs.readFile(path));
    const [owner = '', token = ''] = text.trim().split(/\s+/);
    return { owner, token, mtimeMs: stats.mtimeMs };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

async function restoreLock(fs: MailFs, aside: string, path: string): Promise<void> {
  try {
    const content = await fs.readFile(aside);
    await fs.writeFile(path, content, { flag: 'wx', mode: 0o644 });
  } catch {
    // Someone took the lock meanwhile; the owner of the moved lock will find it lost
    // (DotLock.isHeld) and give up its rewrite rather than risk the mailbox.
  }
  await unlinkQuietly(fs, aside);
}

async function unlinkQuietly(fs: MailFs, path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}
