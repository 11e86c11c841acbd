import type { Role } from '../../../shared/roles.ts';
import { strongerRole } from '../../../shared/roles.ts';
import { orgNameKey } from '../../../shared/org-name.ts';
import type { DirectoryOrgRow, InviteRow, MemberRow, MembershipChangeRefusal, OrgCreation, OrgRow, OrgStore } from '../store.ts';
import { isoNow, type SqliteDatabase } from './database.ts';

interface OrgDbRow {
  id: string;
  name: string;
  created_at: string;
}

function toOrg(row: OrgDbRow): OrgRow {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

export class SqliteOrgs implements OrgStore {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
  }

  async create(input: { id: string; name: string; creatorId: string }): Promise<OrgCreation> {
    const at = isoNow();
    const nameKey = orgNameKey(input.name);
    return this.db.transaction(() => {
      // In one synchronous transaction on the only connection, nothing can come between the
      // check and the insert; the unique index stands behind it for other writers.
      const taken = this.db.get<OrgDbRow>('SELECT * FROM organizations WHERE name_key = ?', nameKey);
      if (taken) return { nameTakenBy: toOrg(taken) };
      this.db.run('INSERT INTO organizations (id, name, name_key, created_at) VALUES (?, ?, ?, ?)', input.id, input.name, nameKey, at);
      this.db.run("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, 'admin', ?)", input.id, input.creatorId, at);
      return { created: { id: input.id, name: input.name, createdAt: at } };
    });
  }

  async get(id: string): Promise<OrgRow | null> {
    const row = this.db.get<OrgDbRow>('SELECT * FROM organizations WHERE id = ?', id);
    return row ? toOrg(row) : null;
  }

  async list(userId: string): Promise<DirectoryOrgRow[]> {
    return this.db
      .all<OrgDbRow & { admin_domains: string | null }>(
        `SELECT o.*, (SELECT group_concat(domain, ' ') FROM (
            SELECT DISTINCT lower(substr(u.email, instr(u.email, '@') + 1)) AS domain
            FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.org_id = o.id AND m.role = 'admin' ORDER BY domain)) AS admin_domains
         FROM organizations o
         WHERE o.id IN (
           SELECT org_id FROM memberships WHERE user_id = ?
           UNION
           SELECT partner.org_id FROM memberships m
             JOIN statement_participants mine ON mine.org_id = m.org_id
             JOIN statement_participants partner ON partner.statement_id = mine.statement_id
           WHERE m.user_id = ?)
         ORDER BY o.name COLLATE NOCASE, o.id`,
        userId,
        userId,
      )
      .map((row) => ({ ...toOrg(row), adminDomains: row.admin_domains ? row.admin_domains.split(' ') : [] }));
  }

  async members(orgId: string): Promise<MemberRow[]> {
    return this.db
      .all<{ user_id: string; name: string; email: string; role: Role; created_at: string }>(
        `SELECT m.user_id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.org_id = ? ORDER BY u.name COLLATE NOCASE, u.id`,
        orgId,
      )
      .map((row) => ({ userId: row.user_id, name: row.name, email: row.email, role: row.role, joinedAt: row.created_at }));
  }

  async roleOf(orgId: string, userId: string): Promise<Role | null> {
    return this.roleNow(orgId, userId);
  }

  private roleNow(orgId: string, userId: string): Role | null {
    return this.db.get<{ role: Role }>('SELECT role FROM memberships WHERE org_id = ? AND user_id = ?', orgId, userId)?.role ?? null;
  }

  async membershipsOf(userId: string): Promise<{ org: OrgRow; role: Role }[]> {
    return this.db
      .all<OrgDbRow & { role: Role }>(
        `SELECT o.*, m.role FROM memberships m JOIN organizations o ON o.id = m.org_id
         WHERE m.user_id = ? ORDER BY o.name COLLATE NOCASE, o.id`,
        userId,
      )
      .map((row) => ({ org: toOrg(row), role: row.role }));
  }

  async setRole(orgId: string, userId: string, role: Role): Promise<MembershipChangeRefusal | null> {
    return this.db.transaction(() => {
      const refusal = this.refuseLosingLastAdmin(orgId, userId, role);
      if (refusal) return refusal;
      this.db.run('UPDATE memberships SET role = ? WHERE org_id = ? AND user_id = ?', role, orgId, userId);
      if (role !== 'admin') this.revokeInvitesOf(orgId, userId);
      return null;
    });
  }

  async removeMember(orgId: string, userId: string): Promise<MembershipChangeRefusal | null> {
    return this.db.transaction(() => {
      const refusal = this.refuseLosingLastAdmin(orgId, userId, null);
      if (refusal) return refusal;
      this.db.run('DELETE FROM memberships WHERE org_id = ? AND user_id = ?', orgId, userId);
      this.revokeInvitesOf(orgId, userId);
      return null;
    });
  }

  /** Inside a transaction: would giving `userId` the role `next` (null: removal) leave `orgId` without an admin? */
  private refuseLosingLastAdmin(orgId: string, userId: string, next: Role | null): MembershipChangeRefusal | null {
    const current = this.roleNow(orgId, userId);
    if (current === null) return 'not-a-member';
    if (current !== 'admin' || next === 'admin') return null;
    const admins = this.db.get<{ n: number }>("SELECT count(*) AS n FROM memberships WHERE org_id = ? AND role = 'admin'", orgId)!.n;
    return Number(admins) <= 1 ? 'last-admin' : null;
  }

  /** Inside a transaction: the open invitations `userId` made for `orgId` die (they lost the right to make them). */
  private revokeInvitesOf(orgId: string, userId: string): void {
    this.db.run(
      'UPDATE invites SET revoked_at = ? WHERE org_id = ? AND created_by = ? AND accepted_by IS NULL AND revoked_at IS NULL',
      isoNow(),
      orgId,
      userId,
    );
  }

  async createInvite(input: { id: string; tokenHash: string; orgId: string; role: Role; createdBy: string; expiresAt: Date }): Promise<void> {
    this.db.run(
      'INSERT INTO invites (id, token_hash, org_id, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      input.id,
      input.tokenHash,
      input.orgId,
      input.role,
      input.createdBy,
      isoNow(),
      input.expiresAt.toISOString(),
    );
  }

  async findInvite(tokenHash: string): Promise<InviteRow | null> {
    const row = this.db.get<InviteDbRow>(`${INVITE_SELECT} WHERE i.token_hash = ?`, tokenHash);
    return row ? toInvite(row) : null;
  }

  async openInvites(orgId: string, now: Date): Promise<InviteRow[]> {
    return this.db
      .all<InviteDbRow>(
        `${INVITE_SELECT} WHERE i.org_id = ? AND i.accepted_by IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?
         ORDER BY i.created_at, i.id`,
        orgId,
        now.toISOString(),
      )
      .map(toInvite);
  }

  async revokeInvite(orgId: string, inviteId: string, now: Date): Promise<boolean> {
    const result = this.db.run(
      'UPDATE invites SET revoked_at = ? WHERE org_id = ? AND id = ? AND accepted_by IS NULL AND revoked_at IS NULL',
      now.toISOString(),
      orgId,
      inviteId,
    );
    return result.changes > 0;
  }

  async acceptInvite(tokenHash: string, userId: string, now: Date): Promise<{ orgId: string; role: Role } | null> {
    return this.db.transaction(() => {
      const claimed = this.db.run(
        'UPDATE invites SET accepted_by = ?, accepted_at = ? WHERE token_hash = ? AND accepted_by IS NULL AND revoked_at IS NULL AND expires_at > ?',
        userId,
        now.toISOString(),
        tokenHash,
        now.toISOString(),
      );
      if (claimed.changes === 0) return null;
      const invite = this.db.get<{ org_id: string; role: Role }>('SELECT org_id, role FROM invites WHERE token_hash = ?', tokenHash)!;
      const role = strongerRole(this.roleNow(invite.org_id, userId), invite.role)!;
      this.db.run(
        `INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role`,
        invite.org_id,
        userId,
        role,
        now.toISOString(),
      );
      return { orgId: invite.org_id, role };
    });
  }
}

const INVITE_SELECT = `SELECT i.id, i.org_id, i.role, i.created_by, u.name AS created_by_name, i.created_at, i.expires_at,
    i.accepted_by, i.revoked_at
  FROM invites i JOIN users u ON u.id = i.created_by`;

interface InviteDbRow {
  id: string;
  org_id: string;
  role: Role;
  created_by: string;
  created_by_name: string;
  created_at: string;
  expires_at: string;
  accepted_by: string | null;
  revoked_at: string | null;
}

function toInvite(row: InviteDbRow): InviteRow {
  return {
    id: row.id,
    orgId: row.org_id,
    role: row.role,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedBy: row.accepted_by,
    revokedAt: row.revoked_at,
  };
}
