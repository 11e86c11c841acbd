import type { NotificationsResponse } from '../../shared/api/notifications.ts';
import type { StatementDetail } from '../../shared/api/statements.ts';
import type { Role } from '../../shared/roles.ts';
import { api, createStatement, joinOrg, signUp, signUpUser, type Person } from './api.ts';

/** One organization with a person in each role (the admin created it). */
export interface StaffedOrg {
  orgId: string;
  name: string;
  admin: Person;
  signatory: Person;
  editor: Person;
  viewer: Person;
}

/** Everyone of `org`, in role order. */
export function staffOf(org: StaffedOrg): Person[] {
  return [org.admin, org.signatory, org.editor, org.viewer];
}

/** Signs up an admin who creates `name`, and one person in each other role. */
export async function staffedOrg(baseUrl: string, name: string): Promise<StaffedOrg> {
  const admin = await signUp(baseUrl, `${name} Admin`, name);
  const others = {} as Record<Exclude<Role, 'admin'>, Person>;
  for (const role of ['signatory', 'editor', 'viewer'] as const) {
    const person = await signUpUser(baseUrl, `${name} ${role}`);
    await joinOrg(baseUrl, admin, admin.orgId, person, role);
    others[role] = { ...person, orgId: admin.orgId };
  }
  return { orgId: admin.orgId, name, admin, ...others };
}

/** A statement with a body, led by `lead` (its admin creates it), with `partners` added as required participants by that admin. */
export async function coalitionStatement(baseUrl: string, title: string, lead: StaffedOrg, partners: StaffedOrg[]): Promise<StatementDetail> {
  const statement = await createStatement(baseUrl, { title, leadOrgId: lead.orgId, markdown: 'We call for safe streets for everyone.' }, lead.admin);
  for (const partner of partners) {
    const added = await api(baseUrl, 'POST', `/api/statements/${statement.id}/participants`, { orgId: partner.orgId, required: true }, { as: lead.admin });
    if (added.status >= 300) throw new Error(`adding a participant answered ${added.status}: ${JSON.stringify(added.body)}`);
  }
  return statement;
}

export async function inbox(baseUrl: string, as: Pick<Person, 'cookie'>): Promise<NotificationsResponse> {
  const answer = await api<NotificationsResponse>(baseUrl, 'GET', '/api/notifications', undefined, { as });
  if (answer.status !== 200) throw new Error(`GET /api/notifications answered ${answer.status}`);
  return answer.body;
}

export async function signFor(baseUrl: string, statementId: string, as: Person): Promise<void> {
  const { body } = await api<{ statement: StatementDetail }>(baseUrl, 'GET', `/api/statements/${statementId}`, undefined, { as });
  const answer = await api(baseUrl, 'POST', `/api/statements/${statementId}/signoffs`, { orgId: as.orgId, contentHash: body.statement.contentHash }, { as });
  if (answer.status !== 201) throw new Error(`sign-off answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}
