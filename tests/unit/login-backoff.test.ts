import { describe, expect, it } from 'vitest';
import { ACCOUNT_BACKOFF, backoffDelayMs, PAIR_BACKOFF, waitMs } from '../../server/auth/login-throttle.ts';

describe('login backoff', () => {
  it('costs nothing within the free failures, then doubles from the base delay', () => {
    expect([0, 1, 2].map((f) => backoffDelayMs(f, PAIR_BACKOFF))).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6].map((f) => backoffDelayMs(f, PAIR_BACKOFF))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never waits longer than its cap, however many failures (15 min per address, 5 s per account)', () => {
    expect(backoffDelayMs(1_000_000, PAIR_BACKOFF)).toBe(15 * 60 * 1000);
    expect(backoffDelayMs(1_000_000, ACCOUNT_BACKOFF)).toBe(5_000);
    expect(Math.max(...Array.from({ length: 200 }, (_, f) => backoffDelayMs(f, ACCOUNT_BACKOFF)))).toBe(5_000);
  });

  it('counts the wait from the last failure', () => {
    expect(waitMs({ failures: 4, lastFailureAt: 10_000 }, PAIR_BACKOFF, 10_500)).toBe(1_500);
    expect(waitMs({ failures: 4, lastFailureAt: 10_000 }, PAIR_BACKOFF, 13_000)).toBe(0);
    expect(waitMs({ failures: 0, lastFailureAt: 0 }, PAIR_BACKOFF, 1)).toBe(0);
  });
});
