import type { FailureCount, RateLimitStore } from '../store.ts';
import type { SqliteDatabase } from './database.ts';

/** Fixed-window counters in the database, so every instance sharing it sees the same counts. */
export class SqliteRateLimits implements RateLimitStore {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
  }

  async hit(key: string, windowMs: number, limit: number, now: number): Promise<{ allowed: boolean; retryAfterMs: number }> {
    return this.db.transaction(() => {
      const row = this.db.get<{ window_start: number; count: number }>('SELECT window_start, count FROM rate_limits WHERE key = ?', key);
      const fresh = !row || now - Number(row.window_start) >= windowMs;
      const windowStart = fresh ? now : Number(row.window_start);
      const count = fresh ? 1 : Number(row.count) + 1;
      this.db.run(
        'INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET window_start = excluded.window_start, count = excluded.count',
        key,
        windowStart,
        count,
      );
      return { allowed: count <= limit, retryAfterMs: count <= limit ? 0 : windowStart + windowMs - now };
    });
  }

  async reset(key: string): Promise<void> {
    this.db.run('DELETE FROM rate_limits WHERE key = ?', key);
  }

  async failures(key: string, now: number, forgetAfterMs: number): Promise<FailureCount> {
    const row = this.db.get<{ failures: number; last_failure_at: number }>('SELECT failures, last_failure_at FROM failure_counts WHERE key = ?', key);
    if (!row || now - Number(row.last_failure_at) >= forgetAfterMs) return { failures: 0, lastFailureAt: 0 };
    return { failures: Number(row.failures), lastFailureAt: Number(row.last_failure_at) };
  }

  async recordFailure(key: string, now: number, forgetAfterMs: number): Promise<FailureCount> {
    return this.db.transaction(() => {
      const row = this.db.get<{ failures: number; last_failure_at: number }>('SELECT failures, last_failure_at FROM failure_counts WHERE key = ?', key);
      const failures = !row || now - Number(row.last_failure_at) >= forgetAfterMs ? 1 : Number(row.failures) + 1;
      this.db.run(
        'INSERT INTO failure_counts (key, failures, last_failure_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at',
        key,
        failures,
        now,
      );
      return { failures, lastFailureAt: now };
    });
  }

  async clearFailures(key: string): Promise<void> {
    this.db.run('DELETE FROM failure_counts WHERE key = ?', key);
  }
}
