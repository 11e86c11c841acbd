import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrgListResponse, OrgResponse } from '../../shared/api/orgs.ts';
import { SQLITE_MIGRATIONS } from '../../server/storage/sqlite/schema.ts';
import { api, signUpUser } from '../helpers/api.ts';
import { makeDataDir, startServer, type TestServer } from '../helpers/test-server.ts';

interface ErrorBody {
  error: { code: string; message: string };
}

/** Every organization on the instance, by name (the directory shows each person only the ones they work with). */
function organizationNames(server: TestServer): string[] {
  const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'));
  try {
    return (db.prepare('SELECT name FROM organizations ORDER BY name COLLATE NOCASE, id').all() as { name: string }[]).map((row) => row.name);
  } finally {
    db.close();
  }
}

/** An impostor cannot take a real organization's name, and the directory tells organizations apart. */
describe('organization names', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const createOrg = async (name: string, as: { cookie: string }) => api<OrgResponse | ErrorBody>(server!.baseUrl, 'POST', '/api/orgs', { name }, { as });

  it('refuses a name that reads like one already taken (case, spacing, accents, Cyrillic and Greek lookalikes) with 409 ORG_NAME_TAKEN naming it', async () => {
    server = await startServer();
    const real = await signUpUser(server.baseUrl, 'Rita Real');
    const impostor = await signUpUser(server.baseUrl, 'Ivan Impostor');
    expect((await createOrg('Green Streets', real)).status).toBe(201);

    for (const lookalike of [
      'Green Streets',
      'green streets',
      'Green-Streets.',
      'Grееn Streets',
      'ＧＲＥＥＮ ＳＴＲＥＥＴＳ',
      'Green\u200BStreets',
      'GreenStreets',
    ]) {
      const answer = await createOrg(lookalike, impostor);
      expect(answer.status, lookalike).toBe(409);
      const { error } = answer.body as ErrorBody;
      expect(error.code).toBe('ORG_NAME_TAKEN');
      expect(error.message).toContain('"Green Streets" already exists');
    }
    // A name that tells itself apart is fine.
    expect((await createOrg('Green Streets Berlin', impostor)).status).toBe(201);

    expect(organizationNames(server)).toEqual(['Green Streets', 'Green Streets Berlin']);
    // The refused attempts left nothing behind: the impostor administers only what was created.
    const mine = await api<{ memberships: { orgName: string }[] }>(server.baseUrl, 'GET', '/api/me', undefined, { as: impostor });
    expect(mine.body.memberships.map((m) => m.orgName)).toEqual(['Green Streets Berlin']);
  });

  it('lets exactly one of many racing lookalike creations through', async () => {
    server = await startServer();
    const people = await Promise.all(Array.from({ length: 6 }, (_, n) => signUpUser(server!.baseUrl, `Racer ${n}`)));
    const names = ['Tenants Union', 'tenants union', 'Tenants-Union', 'Теnаnts Union', 'TENANTS UNION', 'Tenants  Union'];
    const answers = await Promise.all(people.map((person, n) => createOrg(names[n]!, person)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(5);
    expect(organizationNames(server)).toHaveLength(1);
  });

  it("shows in the directory what tells two organizations apart: their admins' e-mail domains and creation dates", async () => {
    server = await startServer();
    const admin = await signUpUser(server.baseUrl, 'Dana Domain');
    await createOrg('Housing Now', admin);
    const directory = await api<OrgListResponse>(server.baseUrl, 'GET', '/api/orgs', undefined, { as: admin });
    const [org] = directory.body.orgs;
    expect(org!.adminDomains).toEqual([admin.user.email.split('@')[1]]);
    expect(Date.now() - Date.parse(org!.createdAt)).toBeLessThan(60_000);
  });

  it('upgrades a database where two organizations already share a name: both keep it, no third can take it', async () => {
    // A database as the version before this one left it, with a duplicate name.
    const dataDir = makeDataDir();
    const db = new DatabaseSync(join(dataDir, 'jointly.sqlite'));
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const before = SQLITE_MIGRATIONS.findIndex((sql) => sql.includes('org_name_key'));
    expect(before).toBeGreaterThan(0);
    for (const [index, sql] of SQLITE_MIGRATIONS.slice(0, before).entries()) {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(index + 1, new Date().toISOString());
    }
    db.prepare('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)').run('org-old-aaaaaaaa', 'Food Bank', '2026-01-01T00:00:00.000Z');
    db.prepare('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)').run('org-new-bbbbbbbb', 'food bank', '2026-02-01T00:00:00.000Z');
    db.close();

    server = await startServer({ dataDir });
    const person = await signUpUser(server.baseUrl, 'Late Comer');
    expect((await createOrg('Food  Bank', person)).status).toBe(409);
    expect(organizationNames(server).sort()).toEqual(['Food Bank', 'food bank']);
  });
});
