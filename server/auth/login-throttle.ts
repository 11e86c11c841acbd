import type { AccountLimits } from '../config.ts';
import type { FailureCount, RateLimitStore } from '../storage/store.ts';

/**
 * Login throttling that slows guessing down and never locks anyone out.
 *
 * - Per (account, client address) pair: the first `freeFailures` wrong passwords cost
 *   nothing; after that each further attempt from that pair waits twice as long as the
 *   one before (1 s, 2 s, 4 s … up to 15 min). A correct password clears the pair.
 * - Per account, over all addresses: after `freeFailures` wrong passwords in a row, an
 *   attempt from a pair that has itself failed waits up to `maxAccountDelayMs` (5 s). A
 *   pair without failures (the owner at their usual address) is never held by other
 *   people's failures, and an owner who mistyped waits a few seconds at most.
 * - Per client address, over all accounts: `loginFailuresPerAddress` failures (credential
 *   stuffing from one machine), forgotten after a quiet window.
 *
 * Attempts that are told to wait do not check the password and count as nothing.
 */
export const PAIR_BACKOFF = { freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 15 * 60 * 1000, forgetAfterMs: 60 * 60 * 1000 } as const;
export const ACCOUNT_BACKOFF = { freeFailures: 10, baseDelayMs: 250, maxDelayMs: 5_000, forgetAfterMs: 60 * 60 * 1000 } as const;

export interface Backoff {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** How long after the last failure the next attempt may come: 0 within the free failures, then doubling up to the cap. */
export function backoffDelayMs(failures: number, backoff: Backoff): number {
  if (failures < backoff.freeFailures) return 0;
  const doublings = Math.min(failures - backoff.freeFailures, 40);
  return Math.min(backoff.baseDelayMs * 2 ** doublings, backoff.maxDelayMs);
}

/** Milliseconds still to wait before an attempt is allowed (0: go ahead). */
export function waitMs(count: FailureCount, backoff: Backoff, now: number): number {
  if (count.failures === 0) return 0;
  return Math.max(0, count.lastFailureAt + backoffDelayMs(count.failures, backoff) - now);
}

export type LoginVerdict = { allowed: true } | { allowed: false; retryAfterMs: number; reason: 'pair' | 'account' | 'address' };

export class LoginThrottle {
  private readonly store: RateLimitStore;
  private readonly limits: AccountLimits;

  constructor(store: RateLimitStore, limits: AccountLimits) {
    this.store = store;
    this.limits = limits;
  }

  /** Whether an attempt for `account` (a normalized e-mail address or a user id) from `address` may check a password now. */
  async check(account: string, address: string, now = Date.now()): Promise<LoginVerdict> {
    const [pair, whole, fromAddress] = await Promise.all([
      this.store.failures(pairKey(account, address), now, PAIR_BACKOFF.forgetAfterMs),
      this.store.failures(accountKey(account), now, ACCOUNT_BACKOFF.forgetAfterMs),
      this.store.failures(addressKey(address), now, this.limits.loginWindowMs),
    ]);
    if (fromAddress.failures >= this.limits.loginFailuresPerAddress) {
      return { allowed: false, reason: 'address', retryAfterMs: fromAddress.lastFailureAt + this.limits.loginWindowMs - now };
    }
    const pairWait = waitMs(pair, PAIR_BACKOFF, now);
    if (pairWait > 0) return { allowed: false, reason: 'pair', retryAfterMs: pairWait };
    const accountWait = pair.failures > 0 ? waitMs(whole, ACCOUNT_BACKOFF, now) : 0;
    if (accountWait > 0) return { allowed: false, reason: 'account', retryAfterMs: accountWait };
    return { allowed: true };
  }

  async recordFailure(account: string, address: string, now = Date.now()): Promise<void> {
    await this.store.recordFailure(pairKey(account, address), now, PAIR_BACKOFF.forgetAfterMs);
    await this.store.recordFailure(accountKey(account), now, ACCOUNT_BACKOFF.forgetAfterMs);
    await this.store.recordFailure(addressKey(address), now, this.limits.loginWindowMs);
  }

  /** A correct password clears its pair (the account's count decays by itself, so an owner's login does not hand a guesser a fresh budget). */
  async recordSuccess(account: string, address: string): Promise<void> {
    await this.store.clearFailures(pairKey(account, address));
  }
}

const pairKey = (account: string, address: string) => `login:pair:${account}:${address}`;
const accountKey = (account: string) => `login:account:${account}`;
const addressKey = (address: string) => `login:address:${address}`;
