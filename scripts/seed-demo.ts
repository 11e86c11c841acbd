// Seeds a demo coalition into DATA_DIR through the real API (validation, hashing and all)
// and prints the logins, with the addresses to open on the server this configuration runs
// (PUBLIC_URL, or http://localhost:PORT), on the first run and on every later one.
// Run with `npm run seed:demo`; safe to run twice.
import { buildApp } from '../server/app.ts';
import { defineConfig, loadConfig } from '../server/config.ts';

const PASSWORD = 'jointly-demo-2026';

const ORGS = [
  { key: 'housing', name: 'Housing Now' },
  { key: 'tenants', name: 'Tenants Union' },
  { key: 'legal', name: 'Legal Aid Collective' },
  { key: 'medics', name: 'Street Medics Network' },
] as const;
type OrgKey = (typeof ORGS)[number]['key'];

// The first person of each organization creates it and is its admin.
const PEOPLE: { name: string; email: string; org: OrgKey; role: 'admin' | 'signatory' | 'editor' | 'viewer' }[] = [
  { name: 'Amal Haddad', email: 'amal@housing-now.example', org: 'housing', role: 'admin' },
  { name: 'Ben Okafor', email: 'ben@housing-now.example', org: 'housing', role: 'editor' },
  { name: 'Chloé Martin', email: 'chloe@housing-now.example', org: 'housing', role: 'signatory' },
  { name: 'Dev Patel', email: 'dev@tenants-union.example', org: 'tenants', role: 'admin' },
  { name: 'Eva Novak', email: 'eva@tenants-union.example', org: 'tenants', role: 'viewer' },
  { name: 'Farid Benali', email: 'farid@legal-aid.example', org: 'legal', role: 'admin' },
  { name: 'Grace Kim', email: 'grace@legal-aid.example', org: 'legal', role: 'signatory' },
  { name: 'Hugo Silva', email: 'hugo@street-medics.example', org: 'medics', role: 'admin' },
];

const STATEMENT = `We, the undersigned organizations, call on the city council to adopt a moratorium on evictions during the winter months.

## Our demands

1. No household is evicted between November and March.
2. Emergency shelter places are doubled.
3. Tenants facing eviction receive **free legal advice**.

We stand together for the *right to housing*.`;

const config = defineConfig({ ...loadConfig(), serveClient: false, logLevel: 'warn' });
const app = await buildApp(config);
const cookies = new Map<string, string>();

async function call<T>(method: 'GET' | 'POST', url: string, as: string | null, payload?: unknown): Promise<{ status: number; body: T }> {
  const response = await app.inject({
    method,
    url,
    headers: as ? { cookie: cookies.get(as)! } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  const cookie = response.cookies.find((c) => c.name === 'jointly_session');
  if (cookie && as === null && payload && typeof payload === 'object' && 'email' in payload)
    cookies.set(String(payload.email), `${cookie.name}=${cookie.value}`);
  return { status: response.statusCode, body: response.json() as T };
}

try {
  const first = await call('POST', '/api/auth/login', null, { email: PEOPLE[0]!.email, password: PASSWORD });
  let statementId: string | undefined;
  if (first.status === 200) {
    console.log('The demo coalition is already seeded in', config.dataDir);
    const listed = await call<{ statements: { id: string }[] }>('GET', '/api/statements', PEOPLE[0]!.email);
    statementId = listed.body.statements[0]?.id;
  } else {
    const orgIds = new Map<OrgKey, string>();
    for (const person of PEOPLE) {
      const signup = await call('POST', '/api/auth/signup', null, { email: person.email, password: PASSWORD, name: person.name });
      if (signup.status !== 201) throw new Error(`signing up ${person.email} answered ${signup.status}: ${JSON.stringify(signup.body)}`);
      const orgId = orgIds.get(person.org);
      if (!orgId) {
        const org = await call<{ org: { id: string } }>('POST', '/api/orgs', person.email, { name: ORGS.find((o) => o.key === person.org)!.name });
        orgIds.set(person.org, org.body.org.id);
        continue;
      }
      const admin = PEOPLE.find((p) => p.org === person.org && p.role === 'admin')!;
      const invite = await call<{ token: string }>('POST', `/api/orgs/${orgId}/invites`, admin.email, { role: person.role });
      await call('POST', `/api/invites/${invite.body.token}/accept`, person.email);
    }
    const statement = await call<{ statement: { id: string } }>('POST', '/api/statements', 'amal@housing-now.example', {
      title: 'Joint statement on a winter eviction moratorium',
      leadOrgId: orgIds.get('housing'),
      markdown: STATEMENT,
    });
    for (const [org, required] of [
      ['tenants', true],
      ['legal', false],
    ] as const) {
      await call('POST', `/api/statements/${statement.body.statement.id}/participants`, 'amal@housing-now.example', {
        orgId: orgIds.get(org),
        required,
      });
    }
    console.log(`Seeded the demo coalition into ${config.dataDir}`);
    statementId = statement.body.statement.id;
  }
  const origin = config.publicUrl.replace(/\/+$/, '');
  console.log(`Log in at:  ${origin}/login`);
  if (statementId) console.log(`Statement:  ${origin}/statements/${statementId}`);
  console.log(`\nEvery demo account's password is: ${PASSWORD}\n`);
  console.table(PEOPLE.map((p) => ({ email: p.email, name: p.name, organization: ORGS.find((o) => o.key === p.org)!.name, role: p.role })));
  console.log('Housing Now leads the statement; Tenants Union must sign, Legal Aid Collective may; Street Medics Network is not part of it.');
} finally {
  await app.close();
}
