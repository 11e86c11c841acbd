import type { PasswordResetStore } from '../password-reset-store.ts';
import type { SqliteDatabase } from './database.ts';

export class SqlitePasswordResets implements PasswordResetStore {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
  }
}
