import { statementDocumentName } from '../../../shared/document-name.ts';
import type { Role } from '../../../shared/roles.ts';
import type { ParticipantRow, StatementListRow, StatementRow, StatementStatus, StatementStore } from '../store.ts';
import { isoNow, type SqliteDatabase } from './database.ts';
import type { SqliteDocuments } from './documents.ts';

interface StatementDbRow {
  id: string;
  title: string;
  lead_org_id: string;
  status: StatementStatus;
  content_hash: string | null;
  published_hash: string | null;
  published_at: string | null;
  signatory_order: string | null;
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
    const row = this.db.get<StatementDbRow>('SELECT * FROM statements WHERE id = ?', id);
    return row ? toStatement(row) : null;
  }

  async listVisibleTo(userId: string): Promise<StatementListRow[]> {
    // Sign-offs count against the text that counts: the published one, else the current one.
    return this.db
      .all<StatementDbRow & { lead_org_name: string; signed: number; stale: number; total: number }>(
        `SELECT s.*, o.name AS lead_org_name,
           (SELECT COUNT(*) FROM statement_participants p WHERE p.statement_id = s.id) AS total,
           (SELECT COUNT(*) FROM signoffs g JOIN statement_participants p ON p.statement_id = g.statement_id AND p.org_id = g.org_id
             WHERE g.statement_id = s.id AND g.content_hash = COALESCE(s.published_hash, s.content_hash)) AS signed,
           (SELECT COUNT(*) FROM signoffs g JOIN statement_participants p ON p.statement_id = g.statement_id AND p.org_id = g.org_id
             WHERE g.statement_id = s.id AND g.content_hash IS NOT COALESCE(s.published_hash, s.content_hash)) AS stale
         FROM statements s JOIN organizations o ON o.id = s.lead_org_id
         WHERE EXISTS (
           SELECT 1 FROM statement_participants p JOIN memberships m ON m.org_id = p.org_id
           WHERE p.statement_id = s.id AND m.user_id = ?)
         ORDER BY s.updated_at DESC, s.id`,
        userId,
      )
      .map((row) => ({
        ...toStatement(row),
        leadOrgName: row.lead_org_name,
        signoffs: { signed: Number(row.signed), stale: Number(row.stale), total: Number(row.total) },
      }));
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

  async upsertParticipant(statementId: string, orgId: string, required: boolean): Promise<void> {
    this.db.run(
      `INSERT INTO statement_participants (statement_id, org_id, required, added_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (statement_id, org_id) DO UPDATE SET required = excluded.required`,
      statementId,
      orgId,
      required ? 1 : 0,
      isoNow(),
    );
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
