import type { StatementDetail } from '../../shared/api/statements.ts';
import { missingSignoffs, orderSignatories } from '../../shared/workflow.ts';
import type { StatementAccess } from '../auth/access.ts';
import { abilitiesOf } from '../policies/statement-policy.ts';
import type { Store } from '../storage/store.ts';

/** A statement as `access`'s user sees it: participants with sign-off states, signatories, and what they may do (the statement policy's abilities). */
export async function describeStatement(store: Store, access: StatementAccess): Promise<StatementDetail> {
  const { statement } = access;
  const [participants, signoffs] = await Promise.all([store.statements.participants(statement.id), store.workflow.signoffs(statement.id)]);
  const contentHash = statement.publishedHash ?? statement.contentHash ?? '';
  const signoffOf = new Map(signoffs.map((s) => [s.orgId, s]));
  const states = participants.map((p) => {
    const signoff = signoffOf.get(p.orgId) ?? null;
    return {
      orgId: p.orgId,
      name: p.name,
      required: p.required,
      addedAt: p.addedAt,
      signedHash: signoff?.contentHash ?? null,
      signoff: signoff && { ...signoff, current: signoff.contentHash === contentHash },
    };
  });
  const ref = ({ orgId, name }: { orgId: string; name: string }) => ({ orgId, name });
  const missing = missingSignoffs(states, contentHash).map(ref);
  return {
    id: statement.id,
    title: statement.title,
    leadOrgId: statement.leadOrgId,
    status: statement.status,
    createdAt: statement.createdAt,
    updatedAt: statement.updatedAt,
    contentHash,
    publishedHash: statement.publishedHash,
    publishedAt: statement.publishedAt,
    participants: states.map(({ signedHash: _signedHash, ...participant }) => participant),
    signatories: orderSignatories(states, contentHash, statement.leadOrgId, statement.signatoryOrder).map(ref),
    missingSignoffs: missing,
    waitingOn: missing,
    signoffDeadline: statement.signoffDeadline,
    pendingLock: statement.pendingLock,
    archivedAt: statement.archivedAt,
    myRole: access.role,
    ...abilitiesOf(access),
  };
}
