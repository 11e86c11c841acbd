import type { PasswordResetStore } from '../password-reset-store.ts';
import type { SqliteDatabase } from './database.ts';

/** Expired links are kept this long (then forgotten at the next `create`): enough to tell "expired" from "never existed" in a log. */
const KEEP_EXPIRED_MS = 24 * 60 * 60 * 1000;

export class SqlitePasswordResets implements PasswordResetStore {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
  }

  async create(input: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
    const now = Date.now();
    this.db.transaction(() => {
      this.db.run('DELETE FROM password_resets WHERE expires_at < ?', new Date(now - KEEP_EXPIRED_MS).toISOString());
      this.db.run(
        'INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
        input.tokenHash,
        input.userId,
        new Date(now).toISOString(),
        input.expiresAt.toISOString(),
      );
    });
  }

  async findUsable(tokenHash: string, now: Date): Promise<string | null> {
    const row = this.db.get<{ user_id: string }>(
      'SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
      tokenHash,
      now.toISOString(),
    );
    return row?.user_id ?? null;
  }

  async redeem(tokenHash: string, passwordHash: string, now: Date): Promise<{ userId: string; endedSessions: string[] } | null> {
    const at = now.toISOString();
    return this.db.transaction(() => {
      // Claiming the link is the first write: of two racing requests, only one changes the row.
      const claimed = this.db.get<{ user_id: string }>(
        'UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id',
        at,
        tokenHash,
        at,
      );
      if (!claimed) return null;
      const userId = claimed.user_id;
      this.db.run('UPDATE users SET password_hash = ? WHERE id = ?', passwordHash, userId);
      this.db.run('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL', at, userId);
      const endedSessions = this.db.all<{ token_hash: string }>('SELECT token_hash FROM sessions WHERE user_id = ?', userId).map((row) => row.token_hash);
      this.db.run('DELETE FROM sessions WHERE user_id = ?', userId);
      return { userId, endedSessions };
    });
  }
}
