import type { StatementInviteStore } from '../statement-invite-store.ts';
import type { SqliteDatabase } from './database.ts';

export class SqliteStatementInvites implements StatementInviteStore {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
  }
}
