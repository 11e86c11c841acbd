import { ApiError } from '../../shared/errors.ts';
import { hasRole, type Role, strongerRole } from '../../shared/roles.ts';
import type { StatementRow, Store } from '../storage/store.ts';

/** What one user may do on one statement, derived from the database on every request. */
export interface StatementAccess {
  statement: StatementRow;
  /** The strongest of the user's roles in the organizations taking part. */
  role: Role;
  /** The user's role in the lead organization, if any. */
  leadRole: Role | null;
  /** The user's roles per participating organization. */
  orgRoles: ReadonlyMap<string, Role>;
}

/** The user's access to a statement, or null when they may not see it (or it does not exist). */
export async function findStatementAccess(store: Store, statementId: string, userId: string): Promise<StatementAccess | null> {
  const statement = await store.statements.get(statementId);
  if (!statement) return null;
  const roles = await store.statements.rolesOnStatement(statementId, userId);
  if (roles.length === 0) return null;
  const orgRoles = new Map(roles.map(({ orgId, role }) => [orgId, role]));
  const role = roles.reduce<Role | null>((best, { role: next }) => strongerRole(best, next), null)!;
  return { statement, role, leadRole: orgRoles.get(statement.leadOrgId) ?? null, orgRoles };
}

/**
 * The user's access to a statement, throwing 404 STATEMENT_NOT_FOUND when they may not
 * see it (never revealing that it exists) and 403 FORBIDDEN when they see it but lack `atLeast`.
 */
export async function requireStatementAccess(store: Store, statementId: string, userId: string, atLeast: Role = 'viewer'): Promise<StatementAccess> {
  const access = await findStatementAccess(store, statementId, userId);
  if (!access) throw new ApiError('STATEMENT_NOT_FOUND');
  if (!hasRole(access.role, atLeast)) throw new ApiError('FORBIDDEN', `This needs the ${atLeast} role in a participating organization.`);
  return access;
}

/**
 * The user's role in an existing organization: 404 ORG_NOT_FOUND when it does not exist,
 * 403 FORBIDDEN when the user's role is below `atLeast` (organizations are listed in a
 * directory, so their existence is no secret).
 */
export async function requireOrgRole(store: Store, orgId: string, userId: string, atLeast: Role): Promise<Role> {
  if (!(await store.orgs.get(orgId))) throw new ApiError('ORG_NOT_FOUND');
  const role = await store.orgs.roleOf(orgId, userId);
  if (!hasRole(role, atLeast)) throw new ApiError('FORBIDDEN', `This needs the ${atLeast} role in the organization.`);
  return role!;
}
