import { setTimeout as sleep } from 'node:timers/promises';
import { isStorageBusy } from './unavailable.ts';

export interface RetryOptions {
  attempts: number;
  /** Delay before the second attempt; doubles after each failure. */
  initialDelayMs: number;
  onRetry?: (error: unknown, attempt: number) => void;
}

export const STORE_RETRY: RetryOptions = { attempts: 5, initialDelayMs: 25 };

/**
 * Runs `work` until it succeeds or `attempts` runs have failed; rethrows the last error. A busy
 * database is not tried again here: the store already waited for its lock up to its deadline
 * (server/storage/sqlite/busy-retry.ts), and waiting that long again per attempt would hold an
 * edit unanswered for minutes.
 */
export async function withRetry<T>(work: () => Promise<T>, options: RetryOptions = STORE_RETRY): Promise<T> {
  let delay = options.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= options.attempts || isStorageBusy(error)) throw error;
      options.onRetry?.(error, attempt);
      await sleep(delay);
      delay *= 2;
    }
  }
}
