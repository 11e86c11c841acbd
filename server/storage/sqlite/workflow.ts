import type {
  AuditEventRow,
  AuditInput,
  SignatoryOrderInput,
  SignoffInput,
  SignoffRow,
  StatusChange,
  StatementStatus,
  StoredVersion,
  VersionInput,
  VersionRow,
  WorkflowStore,
} from '../store.ts';
import { isoNow, type SqliteDatabase } from './database.ts';
import { appendOutboxEvents, type OutboxEventInput } from './outbox.ts';

interface VersionDbRow {
  id: number;
  content_hash: string;
  reason: string;
  created_at: string;
  user_id: string | null;
  user_name: string | null;
}

function toVersion(row: VersionDbRow): VersionRow {
  return {
    id: Number(row.id),
    contentHash: row.content_hash,
    reason: row.reason,
    createdAt: row.created_at,
    createdBy: row.user_id ? { id: row.user_id, name: row.user_name ?? '' } : null,
  };
}

export class SqliteWorkflow implements WorkflowStore {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
  }

  async setContentHash(statementId: string, contentHash: string): Promise<void> {
    this.db.transaction(() => {
      const before = this.db.get<{ content_hash: string | null; status: StatementStatus }>(
        'SELECT content_hash, status FROM statements WHERE id = ?',
        statementId,
      );
      if (!before || before.content_hash === contentHash) return;
      this.db.run('UPDATE statements SET content_hash = ? WHERE id = ?', contentHash, statementId);
      // Sign-offs of the text as it was until now go stale with this change: each organization is told once.
      const staled = this.db.all<{ org_id: string }>(
        'SELECT org_id FROM signoffs WHERE statement_id = ? AND content_hash = ? ORDER BY org_id',
        statementId,
        before.content_hash ?? '',
      );
      appendOutboxEvents(
        this.db,
        staled.map((row) => ({ kind: 'signoff_stale', statementId, orgId: row.org_id })),
      );
    });
  }

  async signoffs(statementId: string): Promise<SignoffRow[]> {
    return this.db
      .all<{ org_id: string; content_hash: string; signed_by: string; name: string; signed_at: string; signer_title: string | null }>(
        `SELECT s.org_id, s.content_hash, s.signed_by, u.name, s.signed_at, s.signer_title FROM signoffs s JOIN users u ON u.id = s.signed_by
         WHERE s.statement_id = ?`,
        statementId,
      )
      .map((row) => ({
        orgId: row.org_id,
        contentHash: row.content_hash,
        signedBy: { id: row.signed_by, name: row.name },
        signedAt: row.signed_at,
        signerTitle: row.signer_title,
      }));
  }

  async recordSignoff(input: SignoffInput): Promise<void> {
    this.db.transaction(() => {
      const at = isoNow();
      const earlier = this.db.get<{ content_hash: string }>(
        'SELECT content_hash FROM signoffs WHERE statement_id = ? AND org_id = ?',
        input.statementId,
        input.orgId,
      );
      this.keepVersion(input.statementId, input.version, 'sign-off', input.userId, at);
      this.db.run(
        `INSERT INTO signoffs (statement_id, org_id, content_hash, signed_by, signed_at, signer_title) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (statement_id, org_id) DO UPDATE SET content_hash = excluded.content_hash, signed_by = excluded.signed_by,
           signed_at = excluded.signed_at, signer_title = excluded.signer_title`,
        input.statementId,
        input.orgId,
        input.version.contentHash,
        input.userId,
        at,
        input.signerTitle ?? null,
      );
      this.appendAudit(
        {
          statementId: input.statementId,
          userId: input.userId,
          orgId: input.orgId,
          action: 'signed',
          contentHash: input.version.contentHash,
          ...(input.signerTitle ? { details: { signerTitle: input.signerTitle } } : {}),
        },
        at,
      );
      // Signing the same text again (a new title) announces nothing new.
      if (earlier?.content_hash === input.version.contentHash) return;
      const events: OutboxEventInput[] = [{ kind: 'signed', statementId: input.statementId, orgId: input.orgId, actorId: input.userId }];
      if (this.unsignedRequired(input.statementId, input.version.contentHash) === 0) {
        events.push({ kind: 'all_signed', statementId: input.statementId, actorId: input.userId });
      }
      appendOutboxEvents(this.db, events);
    });
  }

  /** Required participants without a sign-off of exactly `contentHash`. */
  private unsignedRequired(statementId: string, contentHash: string): number {
    return Number(
      this.db.get<{ n: number }>(
        `SELECT count(*) AS n FROM statement_participants p
         LEFT JOIN signoffs s ON s.statement_id = p.statement_id AND s.org_id = p.org_id
         WHERE p.statement_id = ? AND p.required = 1 AND (s.content_hash IS NULL OR s.content_hash <> ?)`,
        statementId,
        contentHash,
      )!.n,
    );
  }

  async withdrawSignoff(input: Omit<SignoffInput, 'version'>): Promise<boolean> {
    return this.db.transaction(() => {
      const existing = this.db.get<{ content_hash: string }>(
        'SELECT content_hash FROM signoffs WHERE statement_id = ? AND org_id = ?',
        input.statementId,
        input.orgId,
      );
      if (!existing) return false;
      this.db.run('DELETE FROM signoffs WHERE statement_id = ? AND org_id = ?', input.statementId, input.orgId);
      this.appendAudit(
        { statementId: input.statementId, userId: input.userId, orgId: input.orgId, action: 'withdrew sign-off', contentHash: existing.content_hash },
        isoNow(),
      );
      return true;
    });
  }

  async changeStatus(input: StatusChange): Promise<boolean> {
    return this.db.transaction(() => {
      const current = this.db.get<{ status: StatementStatus }>('SELECT status FROM statements WHERE id = ?', input.statementId);
      if (!current || !input.expected.includes(current.status)) return false;
      if (input.requireAllSigned && this.unsignedRequired(input.statementId, input.version.contentHash) > 0) return false;
      const at = isoNow();
      this.keepVersion(input.statementId, input.version, input.action, input.userId, at);
      if (input.status === 'published') {
        this.db.run(
          "UPDATE statements SET status = 'published', published_hash = ?, published_at = ?, content_hash = ?, lock_at = NULL, lock_requested_by = NULL WHERE id = ?",
          input.version.contentHash,
          at,
          input.version.contentHash,
          input.statementId,
        );
      } else {
        // A status change settles any scheduled lock (it fired, or the statement moved on).
        this.db.run(
          'UPDATE statements SET status = ?, content_hash = ?, lock_at = NULL, lock_requested_by = NULL WHERE id = ?',
          input.status,
          input.version.contentHash,
          input.statementId,
        );
      }
      this.appendAudit(
        {
          statementId: input.statementId,
          userId: input.userId,
          orgId: input.orgId,
          action: input.action,
          contentHash: input.version.contentHash,
          ...(input.details === undefined ? {} : { details: input.details }),
        },
        at,
      );
      const announced = input.status === 'locked' ? 'signoff_requested' : input.status === 'published' ? 'published' : null;
      if (announced) appendOutboxEvents(this.db, [{ kind: announced, statementId: input.statementId, actorId: input.userId }]);
      return true;
    });
  }

  async setSignatoryOrder(input: SignatoryOrderInput): Promise<void> {
    this.db.transaction(() => {
      this.db.run('UPDATE statements SET signatory_order = ? WHERE id = ?', input.orgIds ? JSON.stringify(input.orgIds) : null, input.statementId);
      this.appendAudit(
        { statementId: input.statementId, userId: input.userId, orgId: null, action: 'set signatory order', contentHash: null, details: input.orgIds },
        isoNow(),
      );
    });
  }

  async versions(statementId: string): Promise<VersionRow[]> {
    return this.db
      .all<VersionDbRow>(
        `SELECT v.id, v.content_hash, v.reason, v.created_at, v.created_by AS user_id, u.name AS user_name
         FROM versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.statement_id = ? ORDER BY v.id`,
        statementId,
      )
      .map(toVersion);
  }

  async version(statementId: string, contentHash: string): Promise<StoredVersion | null> {
    const row = this.db.get<VersionDbRow & { document_json: string; yjs_snapshot: Uint8Array; yjs_state: Uint8Array }>(
      `SELECT v.*, v.created_by AS user_id, u.name AS user_name FROM versions v LEFT JOIN users u ON u.id = v.created_by
       WHERE v.statement_id = ? AND v.content_hash = ?`,
      statementId,
      contentHash,
    );
    return row ? { ...toVersion(row), documentJson: row.document_json, yjsSnapshot: row.yjs_snapshot, yjsState: row.yjs_state } : null;
  }

  async audit(input: AuditInput): Promise<void> {
    this.appendAudit(input, isoNow());
  }

  async appendDueDeadlineReminders(now: Date): Promise<number> {
    return this.db.transaction(() => {
      const hour = 60 * 60 * 1000;
      const candidates = this.db.all<{ id: string; signoff_deadline: string; set_at: string | null; hash: string | null }>(
        `SELECT id, signoff_deadline, signoff_deadline_set_at AS set_at, content_hash AS hash FROM statements
         WHERE signoff_deadline IS NOT NULL AND status <> 'published' AND archived_at IS NULL AND signoff_deadline > ? AND signoff_deadline <= ?`,
        now.toISOString(),
        new Date(now.getTime() + 24 * hour).toISOString(),
      );
      const events: OutboxEventInput[] = [];
      for (const row of candidates) {
        if (this.unsignedRequired(row.id, row.hash ?? '') === 0) continue;
        const deadline = Date.parse(row.signoff_deadline);
        const kind = deadline - now.getTime() <= hour ? 'deadline_hour' : 'deadline_day';
        // "A day before" only for a deadline set more than a day ahead, "an hour before" for one set more than an hour ahead.
        const span = deadline - Date.parse(row.set_at ?? row.signoff_deadline);
        if (span <= (kind === 'deadline_day' ? 24 * hour : hour)) continue;
        const details = JSON.stringify({ deadline: row.signoff_deadline });
        const written = this.db.get('SELECT 1 AS x FROM outbox_events WHERE kind = ? AND statement_id = ? AND details = ?', kind, row.id, details);
        if (!written) events.push({ kind, statementId: row.id, details: { deadline: row.signoff_deadline } });
      }
      appendOutboxEvents(this.db, events);
      return events.length;
    });
  }

  async auditTrail(statementId: string): Promise<AuditEventRow[]> {
    return this.db
      .all<{
        id: number;
        at: string;
        user_id: string | null;
        name: string | null;
        org_id: string | null;
        action: string;
        content_hash: string | null;
        details: string | null;
      }>(`SELECT a.*, u.name FROM audit_events a LEFT JOIN users u ON u.id = a.user_id WHERE a.statement_id = ? ORDER BY a.id`, statementId)
      .map((row) => ({
        id: Number(row.id),
        at: row.at,
        user: row.user_id ? { id: row.user_id, name: row.name ?? '' } : null,
        orgId: row.org_id,
        action: row.action,
        contentHash: row.content_hash,
        details: row.details === null ? null : JSON.parse(row.details),
      }));
  }

  /** Inside a transaction: the version for this hash, created once (the first reason is kept). */
  private keepVersion(statementId: string, version: VersionInput, reason: string, userId: string, at: string): void {
    this.db.run(
      `INSERT INTO versions (statement_id, content_hash, document_json, yjs_snapshot, yjs_state, reason, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (statement_id, content_hash) DO NOTHING`,
      statementId,
      version.contentHash,
      version.documentJson,
      version.yjsSnapshot,
      version.yjsState,
      reason,
      userId,
      at,
    );
  }

  private appendAudit(input: AuditInput, at: string): void {
    this.db.run(
      'INSERT INTO audit_events (statement_id, at, user_id, org_id, action, content_hash, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
      input.statementId,
      at,
      input.userId,
      input.orgId,
      input.action,
      input.contentHash,
      input.details === undefined ? null : JSON.stringify(input.details),
    );
  }
}
