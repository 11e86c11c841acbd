/**
 * Membership roles, weakest first. Each role includes every right of the roles before it:
 * a signatory can also edit and read, an admin can also sign.
 */
export const ROLES = ['viewer', 'editor', 'signatory', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function hasRole(role: Role | null | undefined, atLeast: Role): boolean {
  return role != null && roleRank(role) >= roleRank(atLeast);
}

/** The stronger of two roles (null counts as no role). */
export function strongerRole(a: Role | null, b: Role | null): Role | null {
  if (a === null) return b;
  if (b === null) return a;
  return roleRank(a) >= roleRank(b) ? a : b;
}
