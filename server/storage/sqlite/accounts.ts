import type { AccountStore, UserRow } from '../store.ts';
import { isoNow, type SqliteDatabase } from './database.ts';

interface UserDbRow {
  id: string;
  email: string;
  name: string;
  created_at: string;
  password_hash: string;
}

function toUser(row: UserDbRow): UserRow {
  return { id: row.id, email: row.email, name: row.name, createdAt: row.created_at };
}

export class SqliteAccounts implements AccountStore {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
  }

  async createUser(input: { id: string; email: string; name: string; passwordHash: string }): Promise<UserRow | null> {
    const at = isoNow();
    const result = this.db.run(
      'INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING',
      input.id,
      input.email,
      input.name,
      input.passwordHash,
      at,
    );
    return result.changes === 0 ? null : { id: input.id, email: input.email, name: input.name, createdAt: at };
  }

  async getUser(id: string): Promise<UserRow | null> {
    const row = this.db.get<UserDbRow>('SELECT * FROM users WHERE id = ?', id);
    return row ? toUser(row) : null;
  }

  async findCredentials(email: string): Promise<{ user: UserRow; passwordHash: string } | null> {
    const row = this.db.get<UserDbRow>('SELECT * FROM users WHERE email = ?', email);
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  async createSession(input: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
    this.db.run(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      input.tokenHash,
      input.userId,
      isoNow(),
      input.expiresAt.toISOString(),
    );
  }

  async findSessionUser(tokenHash: string, now: Date): Promise<UserRow | null> {
    const row = this.db.get<UserDbRow>(
      'SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?',
      tokenHash,
      now.toISOString(),
    );
    return row ? toUser(row) : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.db.run('DELETE FROM sessions WHERE token_hash = ?', tokenHash);
  }

  async deleteSessionsOf(userId: string, keepTokenHash?: string): Promise<string[]> {
    return this.db.transaction(() => {
      const ended = this.db
        .all<{ token_hash: string }>('SELECT token_hash FROM sessions WHERE user_id = ? AND token_hash IS NOT ?', userId, keepTokenHash ?? null)
        .map((row) => row.token_hash);
      this.db.run('DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?', userId, keepTokenHash ?? null);
      return ended;
    });
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    this.db.transaction(() => {
      this.db.run('UPDATE users SET password_hash = ? WHERE id = ?', passwordHash, userId);
      // A link asked for before the password changed must not undo the change.
      this.db.run('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL', isoNow(), userId);
    });
  }

  async passwordHashOf(userId: string): Promise<string | null> {
    return this.db.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', userId)?.password_hash ?? null;
  }

  async updateProfile(userId: string, changes: { name?: string; email?: string }): Promise<UserRow | 'email-taken' | null> {
    return this.db.transaction(() => {
      const current = this.db.get<UserDbRow>('SELECT * FROM users WHERE id = ?', userId);
      if (!current) return null;
      // The unique index on users.email decides, inside this write: no window between a check and the change.
      const { changes: changed } = this.db.run(
        'UPDATE OR IGNORE users SET name = ?, email = ? WHERE id = ?',
        changes.name ?? current.name,
        changes.email ?? current.email,
        userId,
      );
      if (changed === 0) return 'email-taken';
      // Reset links sent to the old address stop working with it.
      if (changes.email !== undefined && changes.email !== current.email) {
        this.db.run('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL', isoNow(), userId);
      }
      return toUser({ ...current, name: changes.name ?? current.name, email: changes.email ?? current.email });
    });
  }
}
