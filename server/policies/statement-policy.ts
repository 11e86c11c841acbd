import type { StatementAbilities } from '../../shared/api/statements.ts';
import { ApiError, type ErrorCode } from '../../shared/errors.ts';
import { hasRole, type Role } from '../../shared/roles.ts';
import type { StatementAccess } from '../auth/access.ts';
import type { StatementStatus } from '../storage/store.ts';

/**
 * Who may do what on one statement: the only place these rules are written. Routes call
 * `authorize` before a workflow step, the collab extensions `canEdit` for every connection
 * (and again whenever access may have changed), and the statement presenter `abilitiesOf`,
 * so the client shows what the server will allow without deriving it again.
 *
 * A rule has two parts, checked in this order:
 * 1. a role: at least `atLeast` in the lead organization (`lead`), in any participating
 *    organization (`any`), or in the very organization acted for (`that-org`, signing);
 *    failing it answers 403 FORBIDDEN;
 * 2. the statement's status: a published statement refuses every change (409
 *    STATEMENT_PUBLISHED); some actions need a particular status (409 with its code).
 * Seeing a statement at all (any role in a participating organization) is decided before,
 * by `requireStatementAccess` (404 for everyone else).
 *
 * Preconditions that are facts about the text rather than about the person (every required
 * organization signed, the hash is current) stay in the workflow step.
 */
export type StatementAction =
  'edit' | 'manageParticipants' | 'orderSignatories' | 'setDeadline' | 'archive' | 'lock' | 'cancelLock' | 'unlock' | 'publish' | 'signFor';

interface Rule {
  who: 'lead' | 'any' | 'that-org';
  atLeast: Role;
  /**
   * The statuses besides `published` in which the action is refused, each with its refusal.
   * Published is always refused (STATEMENT_PUBLISHED): a published statement changes no more.
   */
  closedWhen?: Partial<Record<Exclude<StatementStatus, 'published'>, StatusRefusal>>;
  /** The one exception to "published closes everything": filing a statement away (archive) stays open. */
  openWhenPublished?: true;
  /** Said to someone whose role falls short. */
  forbidden: string;
}

interface StatusRefusal {
  code: ErrorCode;
  message?: string;
}

const PUBLISHED: StatusRefusal = { code: 'STATEMENT_PUBLISHED' };

/** Lead-organization housekeeping (participants, signatory order): lead editors, until published. */
const LEAD_EDITORS: Rule = { who: 'lead', atLeast: 'editor', forbidden: 'Only members of the lead organization with the editor role can do this.' };

const RULES: Record<StatementAction, Rule> = {
  edit: {
    who: 'any',
    atLeast: 'editor',
    closedWhen: { locked: { code: 'STATEMENT_LOCKED' } },
    forbidden: 'Editing needs the editor role in a participating organization.',
  },
  manageParticipants: LEAD_EDITORS,
  orderSignatories: LEAD_EDITORS,
  setDeadline: LEAD_EDITORS,
  archive: { ...LEAD_EDITORS, openWhenPublished: true },
  lock: {
    who: 'lead',
    atLeast: 'editor',
    closedWhen: { locked: { code: 'STATEMENT_LOCKED', message: 'The statement is already locked.' } },
    forbidden: 'Only members of the lead organization with the editor role can lock the text.',
  },
  /** Cancel a scheduled lock before it fires (POST /unlock while drafting with a lock pending). */
  cancelLock: {
    who: 'lead',
    atLeast: 'editor',
    closedWhen: { locked: { code: 'STATEMENT_LOCKED', message: 'The lock already happened: unlock the statement instead.' } },
    forbidden: 'Only members of the lead organization with the editor role can cancel a lock.',
  },
  unlock: {
    who: 'lead',
    atLeast: 'editor',
    closedWhen: { drafting: { code: 'STATEMENT_NOT_LOCKED' } },
    forbidden: 'Only members of the lead organization with the editor role can unlock the text.',
  },
  publish: { who: 'lead', atLeast: 'signatory', forbidden: 'Only members of the lead organization with the signatory role can publish.' },
  signFor: {
    who: 'that-org',
    atLeast: 'signatory',
    forbidden: 'Only signatories of this organization, taking part in the statement, can sign or withdraw for it.',
  },
};

/** The role that counts for `rule`: `orgId` is the organization acted for (signFor only). */
function roleFor(access: StatementAccess, rule: Rule, orgId: string | undefined): Role | null {
  if (rule.who === 'lead') return access.leadRole;
  if (rule.who === 'any') return access.role;
  // orgRoles only holds participating organizations, so a role there implies participation.
  return orgId === undefined ? null : (access.orgRoles.get(orgId) ?? null);
}

/** Why `action` is refused to `access`'s user now, or null when it is allowed. */
export function refusal(access: StatementAccess, action: StatementAction, orgId?: string): ApiError | null {
  const rule = RULES[action];
  if (!hasRole(roleFor(access, rule, orgId), rule.atLeast)) return new ApiError('FORBIDDEN', rule.forbidden);
  const status = access.statement.status;
  const refused = status === 'published' ? (rule.openWhenPublished ? null : PUBLISHED) : rule.closedWhen?.[status];
  return refused ? new ApiError(refused.code, refused.message) : null;
}

/** Throws the refusal of `action` (403 FORBIDDEN, or 409 with the status's code); returns when allowed. */
export function authorize(access: StatementAccess, action: StatementAction, orgId?: string): void {
  const refused = refusal(access, action, orgId);
  if (refused) throw refused;
}

export function can(access: StatementAccess, action: StatementAction, orgId?: string): boolean {
  return refusal(access, action, orgId) === null;
}

/** May this user change the text now (a collab connection is read-only otherwise)? */
export function canEdit(access: StatementAccess): boolean {
  return can(access, 'edit');
}

/** What the caller may do, as the statement detail carries it to the client. */
export function abilitiesOf(access: StatementAccess): StatementAbilities {
  return {
    canEdit: can(access, 'edit'),
    canManageParticipants: can(access, 'manageParticipants'),
    canSignFor: [...access.orgRoles.keys()].filter((orgId) => can(access, 'signFor', orgId)),
    canSetDeadline: can(access, 'setDeadline'),
    canArchive: can(access, 'archive'),
    canLock: can(access, 'lock'),
    canUnlock: can(access, 'unlock'),
    canPublish: can(access, 'publish'),
  };
}
