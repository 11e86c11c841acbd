import { setTimeout as sleep } from 'node:timers/promises';
import { isStorageBusy as isBusy } from '../unavailable.ts';

/**
 * How long one SQLite call may wait for a write lock held by another process (SQLite's
 * `busy_timeout`). SQLite waits on the calling thread, which is the server's only one: every
 * connection, every document and `/healthz` wait with it. So the wait is short, and
 * `retryWhileBusy` waits between attempts without holding the thread.
 */
export const BUSY_TIMEOUT_MS = 25;

/** How long a store method keeps trying while the database is busy before its error is thrown. */
export const BUSY_DEADLINE_MS = 10_000;

/**
 * `target` with every method that returns a promise retried, whole, while SQLite reports the
 * database busy (another process, such as a backup or an operator's `sqlite3` shell, holds the
 * write lock), for up to `deadlineMs`; then the busy error is thrown (a route answers 503
 * STORAGE_UNAVAILABLE; `withRetry` does not try a busy error again, so the durable log then refuses the edit unacknowledged).
 *
 * Retrying whole is safe because every store method is one write unit (one statement, or one
 * `transaction`, which begins IMMEDIATE), and a busy error comes when that unit asks for the
 * lock, before it has changed anything. Methods that return no promise are not retried. Only
 * the outermost call retries: store classes that call each other use the unwrapped objects.
 */
export function retryWhileBusy<T extends object>(target: T, deadlineMs = BUSY_DEADLINE_MS): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const first: unknown = value.apply(object, args);
        if (!(first instanceof Promise)) return first;
        return first.catch((error: unknown) =>
          isBusy(error) ? retry(() => value.apply(object, args) as Promise<unknown>, deadlineMs) : Promise.reject(error),
        );
      };
    },
  });
}

async function retry<R>(work: () => Promise<R>, deadlineMs: number): Promise<R> {
  const deadline = performance.now() + deadlineMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
    await sleep(delay);
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error) || performance.now() >= deadline) throw error;
    }
  }
}
