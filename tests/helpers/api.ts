import { hashToken } from '../../server/auth/tokens.ts';
import type { MeResponse, UserResponse } from '../../shared/api/auth.ts';
import type { OrgResponse } from '../../shared/api/orgs.ts';
import type { CreateStatementRequest, StatementDetail } from '../../shared/api/statements.ts';
import type { Role } from '../../shared/roles.ts';

/** A signed-in person: their session cookie and, usually, an organization they administer. */
export interface Person {
  cookie: string;
  user: UserResponse['user'];
  /** The organization created with the person (they are its admin). */
  orgId: string;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON request to the API; returns status and parsed body without throwing on errors. */
export async function api<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  options: { as?: Pick<Person, 'cookie'> | null; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.as) headers.cookie = options.as.cookie;
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

let counter = 0;

/** The `name=value` of the session cookie a response set. */
export function sessionCookieOf(headers: Headers): string {
  const setCookie = headers.getSetCookie().find((c) => c.startsWith('jointly_session='));
  if (!setCookie) throw new Error('no session cookie was set');
  return setCookie.split(';')[0]!;
}

/** The stored hash of a person's session (what collab tokens are bound to). */
export function sessionHashOf(person: Pick<Person, 'cookie'>): string {
  return hashToken(person.cookie.slice(person.cookie.indexOf('=') + 1));
}

/** Signs up a new user (unique e-mail) and logs them in, without an organization. */
export async function signUpUser(baseUrl: string, name = `Person ${++counter}`): Promise<Omit<Person, 'orgId'>> {
  const email = `p${Date.now().toString(36)}${++counter}@example.org`;
  const answer = await api<UserResponse>(baseUrl, 'POST', '/api/auth/signup', { email, password: 'correct horse battery', name });
  if (answer.status !== 201) throw new Error(`signup answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return { cookie: sessionCookieOf(answer.headers), user: answer.body.user };
}

/** Signs up a new user who creates (and so administers) a new organization. */
export async function signUp(baseUrl: string, name?: string, orgName = `Org ${++counter}`): Promise<Person> {
  const person = await signUpUser(baseUrl, name);
  const org = await api<OrgResponse>(baseUrl, 'POST', '/api/orgs', { name: orgName }, { as: person });
  if (org.status !== 201) throw new Error(`creating an organization answered ${org.status}`);
  return { ...person, orgId: org.body.org.id };
}

/** Makes `person` a member of `orgId` with `role`, through an invitation created by the org's admin. */
export async function joinOrg(baseUrl: string, admin: Person, orgId: string, person: Pick<Person, 'cookie'>, role: Role): Promise<void> {
  const invite = await api<{ token: string }>(baseUrl, 'POST', `/api/orgs/${orgId}/invites`, { role }, { as: admin });
  if (invite.status !== 201) throw new Error(`invite answered ${invite.status}: ${JSON.stringify(invite.body)}`);
  const accepted = await api(baseUrl, 'POST', `/api/invites/${invite.body.token}/accept`, undefined, { as: person });
  if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}`);
}

export async function me(baseUrl: string, person: Pick<Person, 'cookie'>): Promise<MeResponse> {
  return (await api<MeResponse>(baseUrl, 'GET', '/api/me', undefined, { as: person })).body;
}

/** Who created each statement in this test process; clients connect as them unless told otherwise. */
const creators = new Map<string, Person>();
const defaultPeople = new Map<string, Promise<Person>>();

export function creatorOf(statementId: string): Person {
  const person = creators.get(statementId);
  if (!person) throw new Error(`statement ${statementId} was not created through createStatement`);
  return person;
}

/**
 * Creates a statement led by `as`'s organization (by default a person signed up once per
 * server address).
 */
export async function createStatement(baseUrl: string, request: Partial<CreateStatementRequest> = {}, as?: Person): Promise<StatementDetail> {
  if (!as) {
    if (!defaultPeople.has(baseUrl)) defaultPeople.set(baseUrl, signUp(baseUrl, 'Statement Lead', 'Lead Organization'));
    as = await defaultPeople.get(baseUrl)!;
  }
  const { status, body } = await api<{ statement: StatementDetail }>(
    baseUrl,
    'POST',
    '/api/statements',
    { title: 'Joint statement on housing', leadOrgId: as.orgId, ...request },
    { as },
  );
  if (status !== 201) throw new Error(`creating a statement answered ${status}: ${JSON.stringify(body)}`);
  creators.set(body.statement.id, as);
  return body.statement;
}

export async function collabToken(baseUrl: string, statementId: string, as: Pick<Person, 'cookie'> = creatorOf(statementId)): Promise<string> {
  const { status, body } = await api<{ token: string }>(baseUrl, 'POST', `/api/statements/${statementId}/collab-token`, undefined, { as });
  if (status !== 200) throw new Error(`collab-token answered ${status}`);
  return body.token;
}

/** The statement as `as` sees it; throws unless 200. */
export async function getStatement(baseUrl: string, id: string, as: Pick<Person, 'cookie'>): Promise<StatementDetail> {
  const answer = await api<{ statement: StatementDetail }>(baseUrl, 'GET', `/api/statements/${id}`, undefined, { as });
  if (answer.status !== 200) throw new Error(`GET statement answered ${answer.status}`);
  return answer.body.statement;
}

/** Adds `partner`'s organization to the statement as a required participant (by the lead); throws on refusal. */
export async function addPartner(baseUrl: string, statementId: string, lead: Person, partner: Pick<Person, 'orgId'>): Promise<void> {
  const answer = await api(baseUrl, 'POST', `/api/statements/${statementId}/participants`, { orgId: partner.orgId, required: true }, { as: lead });
  if (answer.status >= 300) throw new Error(`adding the partner answered ${answer.status}`);
}
