import type { Store } from '../store.ts';
import { SqliteAccounts } from './accounts.ts';
import { retryWhileBusy } from './busy-retry.ts';
import { SqliteClientIds } from './client-ids.ts';
import { SqliteDatabase, type SqliteOptions } from './database.ts';
import { SqliteDocuments } from './documents.ts';
import { SqliteOrgs } from './orgs.ts';
import { SqliteRateLimits } from './rate-limits.ts';
import { SqliteStatements } from './statements.ts';
import { SqliteWorkflow } from './workflow.ts';
import { SqliteNotifications } from './notifications.ts';
import { SqlitePasswordResets } from './password-resets.ts';
import { SqliteStatementInvites } from './statement-invites.ts';

/**
 * The embedded default store: one SQLite file under DATA_DIR, on Node's built-in `node:sqlite`.
 * Every part is wrapped in `retryWhileBusy`: a write lock held by another process delays the
 * writes that need it, asynchronously, and never stalls the server's thread for more than
 * a moment (see ./busy-retry.ts).
 */
export class SqliteStore implements Store {
  readonly documents: SqliteDocuments;
  readonly statements: SqliteStatements;
  readonly accounts: SqliteAccounts;
  readonly orgs: SqliteOrgs;
  readonly rateLimits: SqliteRateLimits;
  readonly workflow: SqliteWorkflow;
  readonly clientIds: SqliteClientIds;
  readonly statementInvites: SqliteStatementInvites;
  readonly notifications: SqliteNotifications;
  readonly passwordResets: SqlitePasswordResets;
  private readonly db: SqliteDatabase;

  constructor(options: SqliteOptions) {
    this.db = new SqliteDatabase(options);
    const documents = new SqliteDocuments(this.db);
    // Statements write documents inside their own transactions: they get the unwrapped part.
    this.documents = retryWhileBusy(documents);
    this.statements = retryWhileBusy(new SqliteStatements(this.db, documents));
    this.accounts = retryWhileBusy(new SqliteAccounts(this.db));
    this.orgs = retryWhileBusy(new SqliteOrgs(this.db));
    this.rateLimits = retryWhileBusy(new SqliteRateLimits(this.db));
    this.workflow = retryWhileBusy(new SqliteWorkflow(this.db));
    this.clientIds = retryWhileBusy(new SqliteClientIds(this.db));
    this.statementInvites = retryWhileBusy(new SqliteStatementInvites(this.db));
    this.notifications = retryWhileBusy(new SqliteNotifications(this.db));
    this.passwordResets = retryWhileBusy(new SqlitePasswordResets(this.db));
  }

  accessVersion(): string {
    return this.db.accessVersion();
  }

  async close(): Promise<void> {
    this.documents.flushAppends();
    this.db.close();
  }
}
