import type { SignoffCounts } from '../../shared/api/statements.ts';
import type { Role } from '../../shared/roles.ts';
import type { NotificationStore } from './notification-store.ts';
import type { PasswordResetStore } from './password-reset-store.ts';
import type { StatementInviteStore } from './statement-invite-store.ts';

/**
 * Storage for everything server-authoritative. One interface, grouped by subject; the
 * SQLite implementation is the embedded default.
 *
 * Every method returns a promise so that a networked database can implement the same
 * interface; methods that must be atomic say so, and implementations run them in one
 * transaction.
 */
export interface Store {
  readonly documents: DocumentStore;
  readonly statements: StatementStore;
  readonly accounts: AccountStore;
  readonly orgs: OrgStore;
  readonly rateLimits: RateLimitStore;
  readonly workflow: WorkflowStore;
  readonly clientIds: ClientIdStore;
  readonly statementInvites: StatementInviteStore;
  readonly notifications: NotificationStore;
  readonly passwordResets: PasswordResetStore;
  /**
   * Optional: a value that changes whenever anything that decides access to a statement
   * may have changed (users, organizations, memberships, participants, statement status),
   * by this process or another. Equal values guarantee equal rights, so a caller may reuse
   * an access decision made under the same value. Stores without it are re-read every time.
   */
  accessVersion?(): string;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Collaborative documents: one snapshot plus an append-only log of later updates.

export interface LoggedUpdate {
  seq: number;
  update: Uint8Array;
}

export interface StoredDocument {
  snapshot: Uint8Array | null;
  updates: LoggedUpdate[];
}

/** Result of folding a stored document into one state; see `foldDocument` in server/collab/replay.ts. */
export interface FoldedDocument {
  /** The snapshot + log entries (less the rejected ones) applied in order, as one state update; nothing pending. */
  state: Uint8Array;
  /** Log entries that were left out (refused by admission, or did not apply); they are moved to quarantine, not dropped. */
  rejected: { seq: number; reason: string }[];
  /**
   * Pending state found in the stored snapshot (structs that wait for missing ones, deletions of
   * unknown content, absorbed by an earlier compaction): left out of `state` and kept in
   * quarantine as rows of their own, so it is never applied or served again.
   */
  setAside: { update: Uint8Array; reason: string }[];
}

export interface CompactionResult {
  /** False when storage changed while the fold ran: nothing was written; compact again later. */
  committed: boolean;
  foldedUpdates: number;
  quarantined: number;
  snapshotBytes: number;
}

/**
 * Contracts:
 * - `append` resolves only once the update is durable: a crash right after loses nothing.
 * - `compact(name, fold)` reads the snapshot and the log as they are (entries up to some
 *   sequence number N), awaits `fold` outside any transaction (it may take long, in a worker
 *   thread), then in one transaction writes the folded state as the new snapshot, moves the
 *   entries it rejected and the state it set aside to quarantine, and deletes the other
 *   entries ≤ N. Entries appended meanwhile stay in the log. It never overwrites newer data:
 *   if the snapshot or the entries ≤ N changed while the fold ran (another compaction, an
 *   entry moved to quarantine), it writes nothing and answers `committed: false`. A crash
 *   leaves either the old pair or the new pair. It folds whatever is stored when called
 *   (callers decide when that is worth it), and does nothing for a document with no snapshot
 *   and no log.
 * - `load` never fails because of one bad entry: entries are returned as stored and the
 *   caller quarantines what does not apply.
 */
export interface DocumentStore {
  load(name: string): Promise<StoredDocument>;
  /** Durable when resolved. Returns the entry's sequence number. */
  append(name: string, update: Uint8Array): Promise<number>;
  /** Moves log entries aside, all or none, so they are no longer replayed; their bytes are kept for inspection. */
  quarantine(name: string, seqs: readonly number[], reason: string): Promise<void>;
  /** Folds snapshot + log into a new snapshot and truncates what it folded, committing only if storage did not change meanwhile (see above). */
  compact(name: string, fold: (stored: StoredDocument) => Promise<FoldedDocument>): Promise<CompactionResult>;
  /** Replaces the snapshot outright (used only by the debounced comparison mode). */
  writeSnapshot(name: string, state: Uint8Array): Promise<void>;
  countLogged(name: string): Promise<number>;
}

// ---------------------------------------------------------------------------------------
// Statements and the organizations taking part in them.

export type StatementStatus = 'drafting' | 'locked' | 'published';

export interface StatementRow {
  id: string;
  title: string;
  leadOrgId: string;
  status: StatementStatus;
  /** Hash of the latest text as last computed by the server (see ContentHasher); null before the first. */
  contentHash: string | null;
  publishedHash: string | null;
  publishedAt: string | null;
  /** Order of the signatory list set by the lead; null: lead first, then alphabetical. */
  signatoryOrder: string[] | null;
  /** When every required organization should have signed (UTC ISO 8601). */
  signoffDeadline: string | null;
  archivedAt: string | null;
  /** A lock the lead scheduled (POST /lock with a delay), until it fires or is cancelled. */
  pendingLock: { lockAt: string; requestedBy: PersonRef } | null;
  createdAt: string;
  updatedAt: string;
}

export interface StatementListRow extends StatementRow {
  leadOrgName: string;
  signoffs: SignoffCounts;
  /** The same counts among required participants only. */
  requiredSignoffs: SignoffCounts;
  /** Required organizations without a sign-off of the text that counts. */
  waitingOn: { orgId: string; name: string }[];
  /** Those of `waitingOn` the user may sign for (signatory or admin there); empty once published. */
  needsMySignoff: { orgId: string; name: string }[];
}

export interface ParticipantRow {
  orgId: string;
  name: string;
  required: boolean;
  addedAt: string;
}

export interface StatementStore {
  /** Creates the statement, its lead organization as a required participant and its first document state, atomically. */
  create(input: { id: string; title: string; leadOrgId: string; initialState: Uint8Array; contentHash: string }): Promise<StatementRow>;
  get(id: string): Promise<StatementRow | null>;
  /** Statements in which one of the user's organizations takes part, newest first, with the lead's name and sign-off counts. */
  listVisibleTo(userId: string): Promise<StatementListRow[]>;
  /** Sets or clears the sign-off deadline (UTC ISO 8601). */
  setSignoffDeadline(id: string, deadline: string | null): Promise<void>;
  /** Archives (hides from the main list) or restores the statement. */
  setArchived(id: string, archived: boolean): Promise<void>;
  /** Schedules a lock (null cancels it). */
  setPendingLock(id: string, pending: { lockAt: string; requestedBy: string } | null): Promise<void>;
  /** Statements with a scheduled lock, soonest first (so a restart resumes the countdowns). */
  pendingLocks(): Promise<{ statementId: string; lockAt: string; requestedBy: string }[]>;
  /** Refreshes the listed title (a copy of the document's title node) and the last-edited time. */
  recordEdit(id: string, title: string): Promise<void>;
  participants(statementId: string): Promise<ParticipantRow[]>;
  /** Adds or updates (required flag) a participant; an addition is announced (outbox `participant_added`, by `actorId`) in the same transaction. */
  upsertParticipant(statementId: string, orgId: string, required: boolean, actorId?: string | null): Promise<void>;
  /** Removes the participant and any sign-off it held, atomically. Returns false when the organization was not a participant. */
  removeParticipant(statementId: string, orgId: string): Promise<boolean>;
  /** Every user who may see the statement (members of its participating organizations), without repeats. */
  memberIds(statementId: string): Promise<string[]>;
  /** The user's roles in the organizations taking part in the statement (empty: no access). */
  rolesOnStatement(statementId: string, userId: string): Promise<{ orgId: string; role: Role }[]>;
}

// ---------------------------------------------------------------------------------------
// People and their sessions.

export interface UserRow {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface AccountStore {
  /** Returns null when the e-mail address is taken. */
  createUser(input: { id: string; email: string; name: string; passwordHash: string }): Promise<UserRow | null>;
  getUser(id: string): Promise<UserRow | null>;
  findCredentials(email: string): Promise<{ user: UserRow; passwordHash: string } | null>;
  createSession(input: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void>;
  /** The user of an unexpired session. */
  findSessionUser(tokenHash: string, now: Date): Promise<UserRow | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of the user except `keepTokenHash` (if given); returns the ended sessions' hashes. */
  deleteSessionsOf(userId: string, keepTokenHash?: string): Promise<string[]>;
  /** Sets the password hash and spends every open password reset link of the user, atomically. */
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  /** The stored hash of the user's password (null for an unknown user). */
  passwordHashOf(userId: string): Promise<string | null>;
  /**
   * Changes the name and/or e-mail address in one write, all or nothing: 'email-taken' (and
   * nothing changed) when another account has that address; null for an unknown user. A new
   * address spends the open password reset links (they went to the old one).
   */
  updateProfile(userId: string, changes: { name?: string; email?: string }): Promise<UserRow | 'email-taken' | null>;
}

// ---------------------------------------------------------------------------------------
// Organizations, memberships and invitations.

export interface OrgRow {
  id: string;
  name: string;
  createdAt: string;
}

/** An organization as the directory shows it to someone picking a partner: what tells two apart. */
export interface DirectoryOrgRow extends OrgRow {
  /** The e-mail domains of its admins, sorted, without repeats. */
  adminDomains: string[];
}

/** The outcome of creating an organization: created, or refused because its name reads as one already taken. */
export type OrgCreation = { created: OrgRow } | { nameTakenBy: OrgRow };

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
}

export interface InviteRow {
  id: string;
  orgId: string;
  role: Role;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  expiresAt: string;
  acceptedBy: string | null;
  /** Set when an admin withdrew it, or when its creator stopped being an admin (it dies with that right). */
  revokedAt: string | null;
}

/** Why a membership change was refused. */
export type MembershipChangeRefusal = 'not-a-member' | 'last-admin';

export interface OrgStore {
  /**
   * Creates the organization with its creator as its first admin, atomically; refused when
   * another organization's name has the same lookalike key (shared/org-name.ts), even when
   * two requests race.
   */
  create(input: { id: string; name: string; creatorId: string }): Promise<OrgCreation>;
  get(id: string): Promise<OrgRow | null>;
  /** The directory as `userId` sees it: their own organizations and those they share a statement with (both participate in it), by name. */
  list(userId: string): Promise<DirectoryOrgRow[]>;
  members(orgId: string): Promise<MemberRow[]>;
  roleOf(orgId: string, userId: string): Promise<Role | null>;
  membershipsOf(userId: string): Promise<{ org: OrgRow; role: Role }[]>;
  /** Atomically refuses to leave the organization without an admin. */
  setRole(orgId: string, userId: string, role: Role): Promise<MembershipChangeRefusal | null>;
  /** Atomically refuses to leave the organization without an admin. */
  removeMember(orgId: string, userId: string): Promise<MembershipChangeRefusal | null>;
  createInvite(input: { id: string; tokenHash: string; orgId: string; role: Role; createdBy: string; expiresAt: Date }): Promise<void>;
  findInvite(tokenHash: string): Promise<InviteRow | null>;
  /** Invitations of `orgId` that can still be accepted: not used, revoked or expired. */
  openInvites(orgId: string, now: Date): Promise<InviteRow[]>;
  /** Revokes an open invitation; false when there is none of that id in that organization. */
  revokeInvite(orgId: string, inviteId: string, now: Date): Promise<boolean>;
  /**
   * Atomically marks the invite used and makes the user a member with its role (an
   * existing member keeps the stronger of the two roles). Null when the invite is
   * unknown, used, revoked or expired. Removing or demoting an admin (setRole,
   * removeMember) revokes the invitations they made, in the same transaction.
   */
  acceptInvite(tokenHash: string, userId: string, now: Date): Promise<{ orgId: string; role: Role } | null>;
}

// ---------------------------------------------------------------------------------------
// Sign-offs, versions, status and the audit trail.

export interface PersonRef {
  id: string;
  name: string;
}

export interface SignoffRow {
  orgId: string;
  contentHash: string;
  signedBy: PersonRef;
  signedAt: string;
  signerTitle: string | null;
}

/** An immutable snapshot of the text, kept at each sign-off, lock and publish. */
export interface VersionInput {
  contentHash: string;
  /** Canonical ProseMirror JSON of the document. */
  documentJson: string;
  /** `Y.encodeSnapshot` of the document at that point (the document keeps deleted content). */
  yjsSnapshot: Uint8Array;
  /** The full Yjs state at that point, so the version can be restored on its own. */
  yjsState: Uint8Array;
}

export interface VersionRow {
  id: number;
  contentHash: string;
  reason: string;
  createdBy: PersonRef | null;
  createdAt: string;
}

export interface StoredVersion extends VersionRow {
  documentJson: string;
  yjsSnapshot: Uint8Array;
  yjsState: Uint8Array;
}

export interface AuditEventRow {
  id: number;
  at: string;
  user: PersonRef | null;
  orgId: string | null;
  action: string;
  contentHash: string | null;
  details: unknown;
}

export interface AuditInput {
  statementId: string;
  userId: string | null;
  orgId: string | null;
  action: string;
  contentHash: string | null;
  details?: unknown;
}

export interface SignoffInput {
  statementId: string;
  orgId: string;
  userId: string;
  version: VersionInput;
  signerTitle?: string | null;
}

export interface StatusChange {
  statementId: string;
  expected: StatementStatus[];
  status: StatementStatus;
  userId: string;
  orgId: string | null;
  version: VersionInput;
  action: string;
  /** Stored with the audit event (e.g. that a scheduled lock fired). */
  details?: unknown;
  /** Publishing: refuse (false) unless every required participant holds a sign-off of exactly the version's hash, checked in the same transaction. */
  requireAllSigned?: boolean;
}

export interface SignatoryOrderInput {
  statementId: string;
  orgIds: string[] | null;
  userId: string;
}

/** Each method that changes state also appends its audit event, in the same transaction. */
export interface WorkflowStore {
  setContentHash(statementId: string, contentHash: string): Promise<void>;
  signoffs(statementId: string): Promise<SignoffRow[]>;
  /** Keeps the version (once per hash), records the sign-off and audits it, atomically. */
  recordSignoff(input: SignoffInput): Promise<void>;
  /** Returns false when the organization held no sign-off. */
  withdrawSignoff(input: Omit<SignoffInput, 'version'>): Promise<boolean>;
  /**
   * Changes the status (keeping a version when given) and audits it, atomically.
   * `expected` guards against a concurrent change: nothing happens (false) if the status differs.
   */
  changeStatus(input: StatusChange): Promise<boolean>;
  setSignatoryOrder(input: SignatoryOrderInput): Promise<void>;
  versions(statementId: string): Promise<VersionRow[]>;
  version(statementId: string, contentHash: string): Promise<StoredVersion | null>;
  audit(input: AuditInput): Promise<void>;
  /**
   * Appends the sign-off deadline reminders due at `now` (`deadline_hour` within an hour of a
   * statement's deadline, `deadline_day` within a day but more than an hour) that the outbox
   * does not hold yet for that statement and deadline, for statements neither published nor
   * archived that still wait on a required organization, and only for a span the deadline
   * covered when it was set (a deadline set 2 h ahead gets no "a day before"); atomically.
   * Returns how many it appended.
   */
  appendDueDeadlineReminders(now: Date): Promise<number>;
  auditTrail(statementId: string): Promise<AuditEventRow[]>;
}

// ---------------------------------------------------------------------------------------
// Who writes under which Yjs client ID.

/**
 * A Yjs client ID of a document belongs to the user whose update first carried structs under
 * it; nobody else may write under it. Bindings are never removed while the document exists.
 */
export interface ClientIdStore {
  /** Every binding of the document: client ID → user ID. */
  bindings(documentName: string): Promise<Map<number, string>>;
  /**
   * Binds each of `clientIds` that is still free to `userId`, atomically, and returns the ones
   * that are bound to someone else (checked in the same transaction, so two instances binding
   * the same ID at once cannot both win).
   */
  bind(documentName: string, userId: string, clientIds: readonly number[]): Promise<number[]>;
}

// ---------------------------------------------------------------------------------------

export interface RateLimitStore {
  /** Counts one hit on `key` in a fixed window; `allowed` is false once `limit` is exceeded. */
  hit(key: string, windowMs: number, limit: number, now: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
  reset(key: string): Promise<void>;
  /** Failures counted on `key`; a count whose last failure is older than `forgetAfterMs` is forgotten. */
  failures(key: string, now: number, forgetAfterMs: number): Promise<FailureCount>;
  /** Counts one failure on `key` (starting afresh when the last one is older than `forgetAfterMs`). */
  recordFailure(key: string, now: number, forgetAfterMs: number): Promise<FailureCount>;
  clearFailures(key: string): Promise<void>;
}

export interface FailureCount {
  failures: number;
  /** Epoch milliseconds of the last failure; 0 when there is none. */
  lastFailureAt: number;
}
