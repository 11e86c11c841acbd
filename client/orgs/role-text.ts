import type { Role } from '../../shared/roles.ts';

/** How roles read in the interface. Each role includes the ones before it (shared/roles.ts). */
export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  editor: 'Editor',
  signatory: 'Signatory',
  admin: 'Admin',
};

/** What a role lets a person do, to follow "can": "As an editor you can …". */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'read the statements the organization takes part in',
  editor: 'read and edit its statements, and start new ones',
  signatory: 'edit its statements and sign off on them for the organization',
  admin: 'edit, sign off, and manage members, roles and invitations',
};

/** "an editor", "a viewer", "an admin"… */
export function withArticle(role: Role): string {
  const label = ROLE_LABELS[role].toLowerCase();
  return /^[aeiou]/.test(label) ? `an ${label}` : `a ${label}`;
}
