import type { Store } from '../store.ts';
import { SqliteAccounts } from './accounts.ts';
import { SqliteClientIds } from './client-ids.ts';
import { SqliteDatabase, type SqliteOptions } from './database.ts';
import { SqliteDocuments } from './documents.ts';
import { SqliteOrgs } from './orgs.ts';
import { SqliteRateLimits } from './rate-limits.ts';
import { SqliteStatements } from './statements.ts';
import { SqliteWorkflow } from './workflow.ts';

/** The embedded default store: one SQLite file under DATA_DIR, on Node's built-in `node:sqlite`. */
export class SqliteStore implements Store {
  readonly documents: SqliteDocuments;
  readonly statements: SqliteStatements;
  readonly accounts: SqliteAccounts;
  readonly orgs: SqliteOrgs;
  readonly rateLimits: SqliteRateLimits;
  readonly workflow: SqliteWorkflow;
  readonly clientIds: SqliteClientIds;
  private readonly db: SqliteDatabase;

  constructor(options: SqliteOptions) {
    this.db = new SqliteDatabase(options);
    this.documents = new SqliteDocuments(this.db);
    this.statements = new SqliteStatements(this.db, this.documents);
    this.accounts = new SqliteAccounts(this.db);
    this.orgs = new SqliteOrgs(this.db);
    this.rateLimits = new SqliteRateLimits(this.db);
    this.workflow = new SqliteWorkflow(this.db);
    this.clientIds = new SqliteClientIds(this.db);
  }

  accessVersion(): string {
    return this.db.accessVersion();
  }

  async close(): Promise<void> {
    this.documents.flushAppends();
    this.db.close();
  }
}
