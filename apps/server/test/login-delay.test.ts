import { describe, expect, it } from 'vitest';
import { staticAuthenticator } from '@pop3-lab/core';
import { delayedAuthenticator, FailedLoginTracker } from '../src/login-delay';

const options = { baseMs: 100, maxMs: 1_000, forgetAfterMs: 60_000, maxTracked: 3 };

describe('FailedLoginTracker', () => {
  it('doubles the wait with each failure from one address, up to the ceiling', () => {
    const tracker = new FailedLoginTracker(options, () => 0);
    const waits = Array.from({ length: 6 }, () => tracker.recordFailure('10.0.0.1'));
    expect(waits).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('counts each address on its own', () => {
    const tracker = new FailedLoginTracker(options, () => 0);
    tracker.recordFailure('10.0.0.1');
    tracker.recordFailure('10.0.0.1');
    expect(tracker.recordFailure('10.0.0.2')).toBe(100);
  });

  it('starts again after a success, or after a quiet period', () => {
    let now = 0;
    const tracker = new FailedLoginTracker(options, () => now);
    tracker.recordFailure('a');
    tracker.recordFailure('a');
    tracker.recordSuccess('a');
    expect(tracker.recordFailure('a')).toBe(100);
    now += options.forgetAfterMs;
    expect(tracker.failures('a')).toBe(0);
    expect(tracker.recordFailure('a')).toBe(100);
  });

  it('remembers a bounded number of addresses, forgetting the oldest', () => {
    const tracker = new FailedLoginTracker(options, () => 0);
    for (const address of ['a', 'b', 'c', 'd']) tracker.recordFailure(address);
    expect(tracker.tracked).toBe(3);
    expect(tracker.failures('a')).toBe(0);
    expect(tracker.failures('d')).toBe(1);
  });

  it('rejects limits that are not numbers instead of dropping them', () => {
    expect(() => new FailedLoginTracker({ ...options, maxMs: Number.NaN })).toThrow(RangeError);
    expect(() => new FailedLoginTracker({ ...options, maxTracked: 0 })).toThrow(RangeError);
  });
});

describe('delayedAuthenticator', () => {
  it('waits as the tracker says after a failure, and clears the record on success', async () => {
    const tracker = new FailedLoginTracker(options, () => 0);
    const slept: number[] = [];
    const auth = delayedAuthenticator(
      staticAuthenticator({ chris: 'epikoi' }),
      tracker,
      '192.0.2.7',
      async (ms) => {
        slept.push(ms);
      },
    );
    expect(await auth.secret('chris')).toBe('epikoi');
    expect(await auth.secret('nobody')).toBeUndefined();
    await auth.failed?.('chris');
    await auth.failed?.(undefined);
    expect(slept).toEqual([100, 200]);
    auth.succeeded?.('chris');
    expect(tracker.failures('192.0.2.7')).toBe(0);
  });
});
