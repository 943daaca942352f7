/**
 * How long to wait before answering a failed login. Each address's failures are counted, and
 * the wait doubles with each one, up to a ceiling: a student who mistypes waits a second, a
 * password guesser gets slower and slower. The table is bounded and forgets quiet addresses,
 * so many distinct addresses cannot grow memory without limit.
 */
import type { Authenticator } from '@pop3-lab/core';

export interface LoginDelayOptions {
  /** Wait after the first failure from an address. */
  readonly baseMs: number;
  /** Ceiling for any single wait. */
  readonly maxMs: number;
  /** An address with no failure for this long starts again from the base. */
  readonly forgetAfterMs: number;
  /** At most this many addresses remembered; the oldest are forgotten first. */
  readonly maxTracked: number;
}

export const DEFAULT_LOGIN_DELAY: LoginDelayOptions = {
  baseMs: 1_000,
  maxMs: 16_000,
  forgetAfterMs: 15 * 60_000,
  maxTracked: 10_000,
};

interface Entry {
  failures: number;
  last: number;
}

export class FailedLoginTracker {
  readonly #options: LoginDelayOptions;
  readonly #now: () => number;
  /** Insertion order = order of last failure, so the first key is always the oldest. */
  readonly #entries = new Map<string, Entry>();

  constructor(options: LoginDelayOptions = DEFAULT_LOGIN_DELAY, now: () => number = Date.now) {
    for (const [key, value] of Object.entries(options)) {
      if (!Number.isFinite(value) || value < 0)
        throw new RangeError(`${key} must be a number ≥ 0, got ${value}`);
    }
    if (options.maxTracked < 1) throw new RangeError('maxTracked must be at least 1');
    this.#options = options;
    this.#now = now;
  }

  /** Records a failure from `address` and returns how long to wait before answering. */
  recordFailure(address: string): number {
    const now = this.#now();
    const previous = this.#entries.get(address);
    const failures =
      previous && now - previous.last < this.#options.forgetAfterMs ? previous.failures + 1 : 1;
    this.#entries.delete(address);
    this.#entries.set(address, { failures, last: now });
    while (this.#entries.size > this.#options.maxTracked) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return this.delayFor(failures);
  }

  /** A successful login from `address` clears its record. */
  recordSuccess(address: string): void {
    this.#entries.delete(address);
  }

  /** Failures remembered for `address` (0 when forgotten). */
  failures(address: string): number {
    const entry = this.#entries.get(address);
    if (!entry || this.#now() - entry.last >= this.#options.forgetAfterMs) return 0;
    return entry.failures;
  }

  delayFor(failures: number): number {
    if (failures <= 0) return 0;
    const doubled = this.#options.baseMs * 2 ** Math.min(failures - 1, 30);
    return Math.min(doubled, this.#options.maxMs);
  }

  get tracked(): number {
    return this.#entries.size;
  }
}

/**
 * The engine's authenticator, wrapped for one connection: a failure waits as the tracker says
 * before the engine sends its -ERR, a success clears the address's record.
 */
export function delayedAuthenticator(
  inner: Authenticator,
  tracker: FailedLoginTracker,
  address: string,
  sleep: (ms: number) => Promise<void>,
): Authenticator {
  return {
    secret: (user) => inner.secret(user),
    failed: async (user) => {
      await inner.failed?.(user);
      await sleep(tracker.recordFailure(address));
    },
    succeeded: (user) => {
      tracker.recordSuccess(address);
      inner.succeeded?.(user);
    },
  };
}
