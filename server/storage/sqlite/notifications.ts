import type { NotificationStore } from '../notification-store.ts';
import type { SqliteDatabase } from './database.ts';

export class SqliteNotifications implements NotificationStore {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
  }
}
