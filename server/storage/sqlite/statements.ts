import { statementDocumentName } from '../../../shared/document-name.ts';
import type { Role } from '../../../shared/roles.ts';
import type { ParticipantRow, StatementListRow, StatementRow, StatementStatus, StatementStore } from '../store.ts';
import { isoNow, type SqliteDatabase } from './database.ts';
import type { SqliteDocuments } from './documents.ts';
import { appendOutboxEvents } from './outbox.ts';

interface StatementDbRow {
  id: string;
  title: string;
  lead_org_id: string;
  status: StatementStatus;
  content_hash: string | null;
  published_hash: string | null;
  published_at: string | null;
  signatory_order: string | null;
  signoff_deadline: string | null;
  archived_at: string | null;
  lock_at: string | null;
  lock_requested_by: string | null;
  lock_requested_by_name?: string | null;
  created_at: string;
  updated_at: string;
}

function toStatement(row: StatementDbRow): StatementRow {
  return {
    id: row.id,
    title: row.title,
    leadOrgId: row.lead_org_id,
    status: row.status,
    contentHash: row.content_hash,
    publishedHash: row.published_hash,
    publishedAt: row.published_at,
    signatoryOrder: row.signatory_order === null ? null : (JSON.parse(row.signatory_order) as string[]),
    signoffDeadline: row.signoff_deadline,
    archivedAt: row.archived_at,
    pendingLock:
      row.lock_at && row.lock_requested_by ? { lockAt: row.lock_at, requestedBy: { id: row.lock_requested_by, name: row.lock_requested_by_name ?? '' } } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class SqliteStatements implements StatementStore {
  private readonly db: SqliteDatabase;
  private readonly documents: SqliteDocuments;

  constructor(db: SqliteDatabase, documents: SqliteDocuments) {
    this.db = db;
    this.documents = documents;
  }

  async create(input: { id: string; title: string; leadOrgId: string; initialState: Uint8Array; contentHash: string }): Promise<StatementRow> {
    const at = isoNow();
    this.db.transaction(() => {
      this.db.run(
        'INSERT INTO statements (id, title, lead_org_id, content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        input.id,
        input.title,
        input.leadOrgId,
        input.contentHash,
        at,
        at,
      );
      this.db.run('INSERT INTO statement_participants (statement_id, org_id, required, added_at) VALUES (?, ?, 1, ?)', input.id, input.leadOrgId, at);
      this.documents.writeSnapshotNow(statementDocumentName(input.id), input.initialState, at);
    });
    return (await this.get(input.id))!;
  }

  async get(id: string): Promise<StatementRow | null> {
    const row = this.db.get<StatementDbRow>(
      'SELECT s.*, u.name AS lock_requested_by_name FROM statements s LEFT JOIN users u ON u.id = s.lock_requested_by WHERE s.id = ?',
      id,
    );
    return row ? toStatement(row) : null;
  }

  async listVisibleTo(userId: string): Promise<StatementListRow[]> {
    // Required participants without a sign-off of the text that counts (the published one, else
    // the current one), and whether the user may sign for them (signatory or admin there).
    const waitingOf = new Map<string, { orgId: string; name: string; mine: boolean }[]>();
    for (const row of this.db.all<{ statement_id: string; org_id: string; name: string; mine: number }>(
      `SELECT p.statement_id, p.org_id, o.name,
         EXISTS (SELECT 1 FROM memberships me WHERE me.org_id = p.org_id AND me.user_id = ? AND me.role IN ('signatory', 'admin')) AS mine
       FROM statement_participants p JOIN statements s ON s.id = p.statement_id JOIN organizations o ON o.id = p.org_id
       LEFT JOIN signoffs g ON g.statement_id = p.statement_id AND g.org_id = p.org_id
       WHERE p.required = 1 AND g.content_hash IS NOT COALESCE(s.published_hash, s.content_hash)
         AND EXISTS (SELECT 1 FROM statement_participants vp JOIN memberships vm ON vm.org_id = vp.org_id WHERE vp.statement_id = s.id AND vm.user_id = ?)
       ORDER BY p.statement_id, p.org_id = s.lead_org_id DESC, o.name COLLATE NOCASE, p.org_id`,
      userId,
      userId,
    )) {
      let list = waitingOf.get(row.statement_id);
      if (!list) waitingOf.set(row.statement_id, (list = []));
      list.push({ orgId: row.org_id, name: row.name, mine: Number(row.mine) === 1 });
    }
    // Sign-offs count against the text that counts: the published one, else the current one.
    return this.db
      .all<StatementDbRow & { lead_org_name: string; signed: number; stale: number; total: number; r_signed: number; r_stale: number; r_total: number }>(
        `SELECT s.*, o.name AS lead_org_name, lu.name AS lock_requested_by_name,
           (SELECT COUNT(*) FROM statement_participants p WHERE p.statement_id = s.id) AS total,
           (SELECT COUNT(*) FROM signoffs g JOIN statement_participants p ON p.statement_id = g.statement_id AND p.org_id = g.org_id
             WHERE g.statement_id = s.id AND g.content_hash = COALESCE(s.published_hash, s.content_hash)) AS signed,
           (SELECT COUNT(*) FROM signoffs g JOIN statement_participants p ON p.statement_id = g.statement_id AND p.org_id = g.org_id
             WHERE g.statement_id = s.id AND g.content_hash IS NOT COALESCE(s.published_hash, s.content_hash)) AS stale,
           (SELECT COUNT(*) FROM statement_participants p WHERE p.statement_id = s.id AND p.required = 1) AS r_total,
           (SELECT COUNT(*) FROM signoffs g JOIN statement_participants p ON p.statement_id = g.statement_id AND p.org_id = g.org_id
             WHERE g.statement_id = s.id AND p.required = 1 AND g.content_hash = COALESCE(s.published_hash, s.content_hash)) AS r_signed,
           (SELECT COUNT(*) FROM signoffs g JOIN statement_participants p ON p.statement_id = g.statement_id AND p.org_id = g.org_id
             WHERE g.statement_id = s.id AND p.required = 1 AND g.content_hash IS NOT COALESCE(s.published_hash, s.content_hash)) AS r_stale
         FROM statements s JOIN organizations o ON o.id = s.lead_org_id LEFT JOIN users lu ON lu.id = s.lock_requested_by
         WHERE EXISTS (
           SELECT 1 FROM statement_participants p JOIN memberships m ON m.org_id = p.org_id
           WHERE p.statement_id = s.id AND m.user_id = ?)
         ORDER BY s.updated_at DESC, s.id`,
        userId,
      )
      .map((row) => {
        const waiting = waitingOf.get(row.id) ?? [];
        return {
          ...toStatement(row),
          leadOrgName: row.lead_org_name,
          signoffs: { signed: Number(row.signed), stale: Number(row.stale), total: Number(row.total) },
          requiredSignoffs: { signed: Number(row.r_signed), stale: Number(row.r_stale), total: Number(row.r_total) },
          waitingOn: waiting.map(({ orgId, name }) => ({ orgId, name })),
          needsMySignoff: row.status === 'published' ? [] : waiting.filter((w) => w.mine).map(({ orgId, name }) => ({ orgId, name })),
        };
      });
  }

  async memberIds(statementId: string): Promise<string[]> {
    return this.db
      .all<{ user_id: string }>(
        `SELECT DISTINCT m.user_id FROM statement_participants p JOIN memberships m ON m.org_id = p.org_id WHERE p.statement_id = ?`,
        statementId,
      )
      .map((row) => row.user_id);
  }

  async setSignoffDeadline(id: string, deadline: string | null): Promise<void> {
    this.db.run('UPDATE statements SET signoff_deadline = ?, signoff_deadline_set_at = ? WHERE id = ?', deadline, deadline ? isoNow() : null, id);
  }

  async setArchived(id: string, archived: boolean): Promise<void> {
    this.db.run('UPDATE statements SET archived_at = ? WHERE id = ?', archived ? isoNow() : null, id);
  }

  async setPendingLock(id: string, pending: { lockAt: string; requestedBy: string } | null): Promise<void> {
    this.db.run('UPDATE statements SET lock_at = ?, lock_requested_by = ? WHERE id = ?', pending?.lockAt ?? null, pending?.requestedBy ?? null, id);
  }

  async pendingLocks(): Promise<{ statementId: string; lockAt: string; requestedBy: string }[]> {
    return this.db
      .all<{ id: string; lock_at: string; lock_requested_by: string }>(
        'SELECT id, lock_at, lock_requested_by FROM statements WHERE lock_at IS NOT NULL AND lock_requested_by IS NOT NULL ORDER BY lock_at',
      )
      .map((row) => ({ statementId: row.id, lockAt: row.lock_at, requestedBy: row.lock_requested_by }));
  }

  async recordEdit(id: string, title: string): Promise<void> {
    this.db.run('UPDATE statements SET title = ?, updated_at = ? WHERE id = ?', title, isoNow(), id);
  }

  async participants(statementId: string): Promise<ParticipantRow[]> {
    return this.db
      .all<{ org_id: string; name: string; required: number; added_at: string }>(
        `SELECT p.org_id, o.name, p.required, p.added_at FROM statement_participants p
         JOIN organizations o ON o.id = p.org_id
         JOIN statements s ON s.id = p.statement_id
         WHERE p.statement_id = ?
         ORDER BY (p.org_id = s.lead_org_id) DESC, o.name COLLATE NOCASE, o.id`,
        statementId,
      )
      .map((row) => ({ orgId: row.org_id, name: row.name, required: row.required === 1, addedAt: row.added_at }));
  }

  async upsertParticipant(statementId: string, orgId: string, required: boolean, actorId: string | null = null): Promise<void> {
    this.db.transaction(() => {
      const existed = this.db.get('SELECT 1 AS x FROM statement_participants WHERE statement_id = ? AND org_id = ?', statementId, orgId) !== undefined;
      this.db.run(
        `INSERT INTO statement_participants (statement_id, org_id, required, added_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (statement_id, org_id) DO UPDATE SET required = excluded.required`,
        statementId,
        orgId,
        required ? 1 : 0,
        isoNow(),
      );
      if (!existed) appendOutboxEvents(this.db, [{ kind: 'participant_added', statementId, orgId, actorId }]);
    });
  }

  async removeParticipant(statementId: string, orgId: string): Promise<boolean> {
    return this.db.transaction(() => {
      // A sign-off never outlives the participation: re-added, the organization signs again.
      this.db.run('DELETE FROM signoffs WHERE statement_id = ? AND org_id = ?', statementId, orgId);
      return this.db.run('DELETE FROM statement_participants WHERE statement_id = ? AND org_id = ?', statementId, orgId).changes > 0;
    });
  }

  async rolesOnStatement(statementId: string, userId: string): Promise<{ orgId: string; role: Role }[]> {
    return this.db
      .all<{ org_id: string; role: Role }>(
        `SELECT m.org_id, m.role FROM statement_participants p
         JOIN memberships m ON m.org_id = p.org_id
         WHERE p.statement_id = ? AND m.user_id = ?`,
        statementId,
        userId,
      )
      .map((row) => ({ orgId: row.org_id, role: row.role }));
  }
}
