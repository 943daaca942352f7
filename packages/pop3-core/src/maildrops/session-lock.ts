/**
 * What an open maildrop holds for its session (RFC 1939 §8): its place in this process's lock
 * table and, when the store uses one, its dot-lock. The dot-lock is touched now and then while
 * the session works (one untouched for `staleMs` is taken for a dead session's), and both are
 * let go together, once.
 */
import type { OpenResult } from '../maildrop';
import type { DotLock } from './dot-lock';

/** Another session of this server has the maildrop (RFC 2449 §8.1.2). */
export const IN_USE_HERE: OpenResult = Object.freeze({
  ok: false,
  code: 'IN-USE',
  reason: 'the maildrop is already in use by another session',
});

/** Another process holds the maildrop's lock file; `holder` is what the file says, if anything. */
export function lockedElsewhere(holder: string): OpenResult {
  return {
    ok: false,
    code: 'IN-USE',
    reason: `the maildrop is locked by another process${holder === '' ? '' : ` (${holder})`}`,
  };
}

export class SessionLock<L extends DotLock | undefined = DotLock | undefined> {
  /** The lock file, when the store takes one. */
  readonly dotLock: L;
  readonly #unlock: () => void;
  readonly #staleMs: number;
  #lastTouch = Date.now();
  #released = false;

  constructor(dotLock: L, unlock: () => void, staleMs: number) {
    this.dotLock = dotLock;
    this.#unlock = unlock;
    this.#staleMs = staleMs;
  }

  get released(): boolean {
    return this.#released;
  }

  /** keepFresh would touch the lock file now: a quarter of the stale delay has passed. */
  get touchDue(): boolean {
    return this.dotLock !== undefined && Date.now() - this.#lastTouch >= this.#staleMs / 4;
  }

  /** Touches the lock file when a quarter of the stale delay has passed since the last time. */
  async keepFresh(): Promise<void> {
    if (this.dotLock === undefined || !this.touchDue) return;
    this.#lastTouch = Date.now();
    await this.dotLock.touch().catch(() => undefined);
  }

  /**
   * Idempotent: marks the session over at once, runs `first` (closing files), then lets the
   * locks go. A lock file that cannot be removed is left to be found stale later.
   */
  async release(first?: () => Promise<void>): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    try {
      await first?.();
      await this.dotLock?.release();
    } catch {
      // stale later; the in-process lock goes now either way
    } finally {
      this.#unlock();
    }
  }
}
