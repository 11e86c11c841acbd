import type {
  NewStatementInvite,
  StatementInviteAcceptance,
  StatementInviteDetails,
  StatementInviteOutcome,
  StatementInviteRow,
  StatementInviteStore,
} from '../statement-invite-store.ts';
import { isoNow, type SqliteDatabase } from './database.ts';
import { appendOutboxEvents } from './outbox.ts';

interface InviteDbRow {
  id: string;
  statement_id: string;
  required: number;
  email: string | null;
  created_by: string;
  created_by_name: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_org_id: string | null;
  revoked_at: string | null;
}

const INVITE_SELECT = `SELECT i.id, i.statement_id, i.required, i.email, i.created_by, u.name AS created_by_name, i.created_at, i.expires_at,
    i.accepted_at, i.accepted_org_id, i.revoked_at
  FROM statement_invites i JOIN users u ON u.id = i.created_by`;

function toInvite(row: InviteDbRow): StatementInviteRow {
  return {
    id: row.id,
    statementId: row.statement_id,
    required: Number(row.required) === 1,
    email: row.email,
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    acceptedOrgId: row.accepted_org_id,
    revokedAt: row.revoked_at,
  };
}

/** Open: not used, not revoked, not expired at `now` (the creator's standing is the route's to check, by the statement policy). */
const OPEN = 'i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?';

export class SqliteStatementInvites implements StatementInviteStore {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
  }

  async create(input: NewStatementInvite): Promise<StatementInviteRow> {
    this.db.run(
      `INSERT INTO statement_invites (id, token_hash, statement_id, required, email, created_by, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      input.id,
      input.tokenHash,
      input.statementId,
      input.required ? 1 : 0,
      input.email,
      input.createdBy,
      isoNow(),
      input.expiresAt.toISOString(),
    );
    return toInvite(this.db.get<InviteDbRow>(`${INVITE_SELECT} WHERE i.id = ?`, input.id)!);
  }

  async find(tokenHash: string): Promise<StatementInviteDetails | null> {
    const row = this.db.get<InviteDbRow & { statement_title: string; lead_org_name: string }>(
      `SELECT i.id, i.statement_id, i.required, i.email, i.created_by, u.name AS created_by_name, i.created_at, i.expires_at,
         i.accepted_at, i.accepted_org_id, i.revoked_at, s.title AS statement_title, o.name AS lead_org_name
       FROM statement_invites i JOIN users u ON u.id = i.created_by
         JOIN statements s ON s.id = i.statement_id JOIN organizations o ON o.id = s.lead_org_id
       WHERE i.token_hash = ?`,
      tokenHash,
    );
    if (!row) return null;
    return { ...toInvite(row), statementTitle: row.statement_title, leadOrgName: row.lead_org_name };
  }

  async openInvites(statementId: string, now: Date): Promise<StatementInviteRow[]> {
    return this.db
      .all<InviteDbRow>(`${INVITE_SELECT} WHERE i.statement_id = ? AND ${OPEN} ORDER BY i.created_at, i.id`, statementId, now.toISOString())
      .map(toInvite);
  }

  async revoke(statementId: string, inviteId: string, now: Date): Promise<boolean> {
    const result = this.db.run(
      'UPDATE statement_invites SET revoked_at = ? WHERE statement_id = ? AND id = ? AND accepted_at IS NULL AND revoked_at IS NULL',
      now.toISOString(),
      statementId,
      inviteId,
    );
    return result.changes > 0;
  }

  async accept({ tokenHash, userId, orgId, now }: StatementInviteAcceptance): Promise<StatementInviteOutcome> {
    const at = now.toISOString();
    return this.db.transaction((): StatementInviteOutcome => {
      // One IMMEDIATE transaction on the only connection: nothing comes between these checks and the writes.
      const invite = this.db.get<{ id: string; statement_id: string; required: number; status: string }>(
        `SELECT i.id, i.statement_id, i.required, s.status FROM statement_invites i JOIN statements s ON s.id = i.statement_id
         WHERE i.token_hash = ? AND ${OPEN}`,
        tokenHash,
        at,
      );
      if (!invite) return { refused: 'unusable' };
      if (invite.status === 'published') return { refused: 'published' };
      const role = this.db.get<{ role: string }>('SELECT role FROM memberships WHERE org_id = ? AND user_id = ?', orgId, userId)?.role;
      if (role !== 'admin') return { refused: 'not-admin' };
      const statementId = invite.statement_id;
      if (this.db.get('SELECT 1 AS taking FROM statement_participants WHERE statement_id = ? AND org_id = ?', statementId, orgId)) {
        return { refused: 'already-participant' };
      }
      const required = Number(invite.required) === 1;
      this.db.run(
        'INSERT INTO statement_participants (statement_id, org_id, required, added_at) VALUES (?, ?, ?, ?)',
        statementId,
        orgId,
        required ? 1 : 0,
        at,
      );
      this.db.run('UPDATE statement_invites SET accepted_by = ?, accepted_org_id = ?, accepted_at = ? WHERE id = ?', userId, orgId, at, invite.id);
      // The history's words for an added participant (client/history/activity-text.ts), saying it came by invitation.
      this.db.run(
        'INSERT INTO audit_events (statement_id, at, user_id, org_id, action, content_hash, details) VALUES (?, ?, ?, ?, ?, NULL, ?)',
        statementId,
        at,
        userId,
        orgId,
        required ? 'added required participant' : 'added optional participant',
        JSON.stringify({ event: 'participant_added', invitationId: invite.id }),
      );
      appendOutboxEvents(this.db, [{ kind: 'participant_added', statementId, orgId, actorId: userId }]);
      return { accepted: { statementId, orgId, required } };
    });
  }
}
