/**
 * Invitations of a partner organization into one statement (DESIGN.md, Statement invitations).
 * Only the SHA-256 of a link's token is stored (server/auth/tokens.ts).
 *
 * An invitation is open while it is unused, not revoked and not expired. The route also asks
 * the statement policy whether its creator may still manage the statement's participants (a
 * lead editor who loses that role takes their open links with them; a published statement
 * takes nobody in).
 */
export interface StatementInviteRow {
  id: string;
  statementId: string;
  required: boolean;
  email: string | null;
  /** Who made it (store.ts PersonRef; not imported, so that store.ts may import this file without a cycle). */
  createdBy: { id: string; name: string };
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  acceptedOrgId: string | null;
  revokedAt: string | null;
}

/** An invitation with what its public preview shows and what decides whether it is still open. */
export interface StatementInviteDetails extends StatementInviteRow {
  statementTitle: string;
  leadOrgName: string;
}

export interface NewStatementInvite {
  id: string;
  tokenHash: string;
  statementId: string;
  required: boolean;
  email: string | null;
  createdBy: string;
  expiresAt: Date;
}

export interface StatementInviteAcceptance {
  tokenHash: string;
  userId: string;
  orgId: string;
  now: Date;
}

/**
 * Why an acceptance was refused, found in the same transaction as the change: `unusable`
 * (unknown, used, revoked, expired, creator no longer leads), `not-admin` (the caller is not
 * an admin of the organization), `already-participant`, `published`.
 */
export type StatementInviteRefusal = 'unusable' | 'not-admin' | 'already-participant' | 'published';

export type StatementInviteOutcome = { accepted: { statementId: string; orgId: string; required: boolean } } | { refused: StatementInviteRefusal };

export interface StatementInviteStore {
  create(input: NewStatementInvite): Promise<StatementInviteRow>;
  /** The invitation of this token hash in any state (the caller says why it cannot be used), or null. */
  find(tokenHash: string): Promise<StatementInviteDetails | null>;
  /** The statement's open invitations, oldest first. */
  openInvites(statementId: string, now: Date): Promise<StatementInviteRow[]>;
  /** Revokes an open invitation of the statement; false when there is none of that id. */
  revoke(statementId: string, inviteId: string, now: Date): Promise<boolean>;
  /**
   * Atomically, in one transaction: checks the invitation is open, the user is an admin of
   * `orgId` and `orgId` does not take part yet; then adds `orgId` as a participant with the
   * invitation's `required`, marks the invitation used, appends the audit event and the
   * outbox event `participant_added`. Nothing changes when refused.
   */
  accept(input: StatementInviteAcceptance): Promise<StatementInviteOutcome>;
}
