import { describe, expect, it } from 'vitest';
import type { StatementAccess } from '../../server/auth/access.ts';
import { abilitiesOf, refusal, type StatementAction } from '../../server/policies/statement-policy.ts';
import type { StatementRow, StatementStatus } from '../../server/storage/store.ts';
import type { Role } from '../../shared/roles.ts';

const LEAD = 'lead-org-0001';
const PARTNER = 'partner-org-01';

/** Access of someone with `leadRole` in the lead organization (and `partnerRole` in the partner), on a statement in `status`. */
function access(status: StatementStatus, leadRole: Role | null, partnerRole: Role | null = null): StatementAccess {
  const orgRoles = new Map<string, Role>();
  if (leadRole) orgRoles.set(LEAD, leadRole);
  if (partnerRole) orgRoles.set(PARTNER, partnerRole);
  const statement = { id: 'statement-01', leadOrgId: LEAD, status } as StatementRow;
  const role = leadRole ?? partnerRole ?? 'viewer';
  return { statement, role, leadRole, orgRoles };
}

const codeOf = (a: StatementAccess, action: StatementAction, orgId?: string) => refusal(a, action, orgId)?.code ?? 'allowed';

/** The rules the statement policy states, including how status and role combine. */
describe('statement policy', () => {
  it('refuses every change to a published statement (409 STATEMENT_PUBLISHED) to those whose role would allow it', () => {
    const admin = access('published', 'admin');
    for (const action of ['edit', 'manageParticipants', 'orderSignatories', 'setDeadline', 'lock', 'cancelLock', 'unlock', 'publish'] as const) {
      expect(codeOf(admin, action), action).toBe('STATEMENT_PUBLISHED');
    }
    expect(codeOf(admin, 'signFor', LEAD)).toBe('STATEMENT_PUBLISHED');
    expect(abilitiesOf(admin)).toEqual({
      canEdit: false,
      canManageParticipants: false,
      canSignFor: [],
      canSetDeadline: false,
      canArchive: true,
      canLock: false,
      canUnlock: false,
      canPublish: false,
    });
  });

  it('keeps archiving open once published (filing it away changes nothing about the text), to lead editors only', () => {
    expect(codeOf(access('published', 'editor'), 'archive')).toBe('allowed');
    expect(codeOf(access('published', 'viewer'), 'archive')).toBe('FORBIDDEN');
    expect(codeOf(access('published', null, 'admin'), 'archive')).toBe('FORBIDDEN');
  });

  it('cancels a countdown only while drafting: once locked, unlocking is the way back', () => {
    expect(codeOf(access('drafting', 'editor'), 'cancelLock')).toBe('allowed');
    expect(codeOf(access('locked', 'editor'), 'cancelLock')).toBe('STATEMENT_LOCKED');
    expect(codeOf(access('drafting', null, 'admin'), 'cancelLock')).toBe('FORBIDDEN');
  });

  it('checks the role before the status: a viewer is told FORBIDDEN, not that the text is locked', () => {
    expect(codeOf(access('locked', 'viewer'), 'edit')).toBe('FORBIDDEN');
    expect(codeOf(access('published', 'viewer'), 'lock')).toBe('FORBIDDEN');
  });

  it('opens lock only while drafting and unlock only while locked', () => {
    expect(codeOf(access('drafting', 'editor'), 'lock')).toBe('allowed');
    expect(codeOf(access('locked', 'editor'), 'lock')).toBe('STATEMENT_LOCKED');
    expect(codeOf(access('drafting', 'editor'), 'unlock')).toBe('STATEMENT_NOT_LOCKED');
    expect(codeOf(access('locked', 'editor'), 'unlock')).toBe('allowed');
    expect(abilitiesOf(access('locked', 'editor'))).toMatchObject({ canEdit: false, canLock: false, canUnlock: true });
  });

  it('lets partner editors edit but keeps lead actions to the lead organization', () => {
    const partnerAdmin = access('drafting', null, 'admin');
    expect(codeOf(partnerAdmin, 'edit')).toBe('allowed');
    for (const action of ['manageParticipants', 'orderSignatories', 'lock', 'publish'] as const) expect(codeOf(partnerAdmin, action), action).toBe('FORBIDDEN');
    expect(codeOf(access('locked', 'editor'), 'edit')).toBe('STATEMENT_LOCKED');
  });

  it('lets a signatory sign only for their own participating organizations, also while locked', () => {
    const both = access('locked', 'editor', 'signatory');
    expect(codeOf(both, 'signFor', PARTNER)).toBe('allowed');
    expect(codeOf(both, 'signFor', LEAD)).toBe('FORBIDDEN');
    expect(codeOf(both, 'signFor', 'not-taking-part')).toBe('FORBIDDEN');
    expect(codeOf(both, 'signFor')).toBe('FORBIDDEN');
    expect(abilitiesOf(both).canSignFor).toEqual([PARTNER]);
  });
});
