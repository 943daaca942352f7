/** Lock settings shared by the mbox and Maildir stores. */
export interface LockOptions {
  /**
   * A lock file unchanged for this long is taken as left behind by a crashed process and
   * broken. Default 10 minutes: RFC 1939 §3 lets a client idle that long, and a session
   * refreshes its lock whenever it reads or commits.
   */
  readonly lockStaleMs?: number;
  /** Written into lock files so a human (or `isLockOwnerAlive`) knows who holds them. */
  readonly lockOwner?: string;
  /**
   * Is the owner named in a lock file still running? true: the lock is never broken; false:
   * it is broken at once (a crashed session's lock recovered without waiting); undefined (an
   * owner this check does not understand): the lock goes stale by age. A server that writes
   * its process id as `lockOwner` can check it here.
   */
  readonly isLockOwnerAlive?: (owner: string) => boolean | undefined;
}

export const DEFAULT_LOCK_STALE_MS = 10 * 60 * 1000;

export function lockStaleMs(options: LockOptions): number {
  const value = options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS;
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`lockStaleMs must be a number of milliseconds >= 0, not ${value}`);
  }
  return value;
}

export function checkBlockSize(value: number | undefined, fallback: number): number {
  const size = value ?? fallback;
  if (!(Number.isInteger(size) && size >= 1)) {
    throw new RangeError(`blockSize must be a positive integer, not ${size}`);
  }
  return size;
}

export function checkLockOwner(owner: string | undefined): string | undefined {
  if (owner !== undefined && !/^[\x21-\x7e]{1,100}$/.test(owner)) {
    throw new RangeError('lockOwner must be 1-100 printable characters without spaces');
  }
  return owner;
}
