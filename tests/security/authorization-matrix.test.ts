import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollabTokens } from '../../server/auth/collab-token.ts';
import { loadSigningSecret } from '../../server/auth/secret.ts';
import { CloseCodes } from '../../shared/close-codes.ts';
import type { StatementAbilities, StatementDetail } from '../../shared/api/statements.ts';
import type { Role } from '../../shared/roles.ts';
import { api, collabToken, createStatement, joinOrg, sessionHashOf, signUp, signUpUser, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { RawCollabClient, updateFrame } from '../helpers/raw-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { UpdateAnswers, type UpdateAnswer } from '../helpers/update-answers.ts';
import { waitFor } from '../helpers/wait.ts';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';

const REST_ACTIONS = [
  'read statement',
  'see it listed',
  'get collab token',
  'add participant',
  'remove participant',
  'list lead members',
  'invite to lead org',
  'list lead invites',
  'revoke a lead invite',
  'change a role',
  'create statement',
  'read versions',
  'read audit',
  'export',
  'sign for lead org',
  'sign for partner org',
  'withdraw lead sign-off',
  'order signatories',
  'invite a partner org',
  'list statement invites',
  'set deadline',
  'archive',
  'lock',
  'schedule a lock',
  'cancel a scheduled lock',
  'unlock',
  'publish',
] as const;
const WS_ACTIONS = ['ws connect', 'ws edit', 'ws raw update'] as const;
type Action = (typeof REST_ACTIONS)[number] | (typeof WS_ACTIONS)[number];

const PRINCIPALS = ['anonymous', 'forged token', 'expired token', 'non-participant', 'viewer', 'editor', 'signatory', 'admin', 'removed in session'] as const;
type Principal = (typeof PRINCIPALS)[number];

const READ = ['read statement', 'see it listed', 'get collab token', 'list lead members', 'read versions', 'read audit', 'export', 'ws connect'] as const;
const EDIT = [
  ...READ,
  'add participant',
  'remove participant',
  'create statement',
  'order signatories',
  'invite a partner org',
  'list statement invites',
  'set deadline',
  'archive',
  'lock',
  'schedule a lock',
  'cancel a scheduled lock',
  'unlock',
  'ws edit',
  'ws raw update',
] as const;
const SIGN = [...EDIT, 'sign for lead org', 'withdraw lead sign-off', 'publish'] as const;
const EXPECTED: Record<Principal, readonly Action[]> = {
  anonymous: [],
  'forged token': [],
  'expired token': [],
  'non-participant': [],
  viewer: READ,
  editor: EDIT,
  signatory: SIGN,
  admin: [...SIGN, 'invite to lead org', 'list lead invites', 'revoke a lead invite', 'change a role'],
  'removed in session': [],
};

/** A paragraph carrying `marker` at the end of `served`, as an update from a client of its own. */
function paragraphUpdate(served: Y.Doc, marker: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(served));
  const known = Y.encodeStateVector(doc);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(marker)]);
  doc.getXmlFragment('default').push([paragraph]);
  return Y.encodeStateAsUpdate(doc, known);
}

/** How a provider's authentication ended: accepted, or refused (a denial message, or the socket closed first). */
function authenticationOf(editor: EditorClient, timeoutMs = 5_000): Promise<'authenticated' | 'denied'> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no authentication answer within ${timeoutMs} ms`)), timeoutMs);
    const settle = (answer: 'authenticated' | 'denied') => {
      clearTimeout(timer);
      resolve(answer);
    };
    editor.provider.on('authenticated', () => settle('authenticated'));
    editor.provider.on('authenticationFailed', () => settle('denied'));
    editor.socket.on('close', () => settle('denied'));
  });
}

describe('authorization matrix: every principal × every API and websocket action', () => {
  let server: TestServer;
  let lead: Person;
  let partnerOrgId: string;
  let extraOrgId: string;
  let statementId: string;
  let roleTarget: Person;
  let keeper: EditorClient;
  const restIdentity = new Map<Principal, { cookie: string } | null>();
  const wsToken = new Map<Principal, string>();
  const openBeforeRemoval: { editor?: EditorClient; raw?: RawCollabClient; editorCloses: number[] } = { editorCloses: [] };
  const clients: EditorClient[] = [];

  beforeAll(async () => {
    server = await startServer({ config: { accessSweepMs: 1_000 } });
    lead = await signUp(server.baseUrl, 'Lead Admin', 'Lead Org');
    partnerOrgId = (await signUp(server.baseUrl, 'Partner Admin', 'Partner Org')).orgId;
    extraOrgId = (await signUp(server.baseUrl, 'Extra Admin', 'Extra Org')).orgId;
    statementId = (await createStatement(server.baseUrl, { markdown: 'Base text.' }, lead)).id;
    await api(server.baseUrl, 'POST', `/api/statements/${statementId}/participants`, { orgId: partnerOrgId, required: true }, { as: lead });
    keeper = await EditorClient.connect(server, statementId, lead);
    clients.push(keeper);

    const member = async (role: Role) => {
      const person = await signUpUser(server.baseUrl, `A ${role}`);
      await joinOrg(server.baseUrl, lead, lead.orgId, person, role);
      return person;
    };
    roleTarget = { ...(await member('viewer')), orgId: lead.orgId };
    for (const role of ['viewer', 'editor', 'signatory', 'admin'] as const) {
      const person = await member(role);
      restIdentity.set(role, person);
      wsToken.set(role, await collabToken(server.baseUrl, statementId, person));
    }
    const outsider = await signUp(server.baseUrl, 'Outsider', 'Outsider Org');
    restIdentity.set('non-participant', outsider);
    const tokens = new CollabTokens(loadSigningSecret(server.dataDir, undefined), 300);
    // A correctly signed token for someone without access: the websocket must still refuse.
    wsToken.set('non-participant', tokens.issue(outsider.user.id, statementId, sessionHashOf(outsider)));
    restIdentity.set('anonymous', null);
    wsToken.set('anonymous', '');
    restIdentity.set('forged token', { cookie: 'jointly_session=forged-session-token-that-was-never-issued' });
    const editorToken = wsToken.get('editor')!;
    wsToken.set('forged token', `${editorToken.split('.')[0]}.${'A'.repeat(43)}`);

    // Expired: a lead editor whose session and collab token have both run out.
    const expiring = await member('editor');
    const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'));
    db.prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = ?").run(expiring.user.id);
    db.close();
    restIdentity.set('expired token', expiring);
    wsToken.set(
      'expired token',
      new CollabTokens(loadSigningSecret(server.dataDir, undefined), 60, () => Date.now() - 3_600_000).issue(
        expiring.user.id,
        statementId,
        sessionHashOf(expiring),
      ),
    );

    // Removed in session: an editor with an open provider and an open raw connection, then removed.
    const removed = await member('editor');
    restIdentity.set('removed in session', removed);
    wsToken.set('removed in session', await collabToken(server.baseUrl, statementId, removed));
    openBeforeRemoval.editor = await EditorClient.connect(server, statementId, removed);
    clients.push(openBeforeRemoval.editor);
    openBeforeRemoval.editor.socket.on('close', ({ event }: { event: { code: number } }) => openBeforeRemoval.editorCloses.push(event.code));
    openBeforeRemoval.raw = await RawCollabClient.open(server, statementId, removed);
    const removal = await api(server.baseUrl, 'DELETE', `/api/orgs/${lead.orgId}/members/${removed.user.id}`, undefined, { as: lead });
    expect(removal.status).toBe(204);
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    openBeforeRemoval.raw?.close();
    await server.close();
  });

  function servedDocument(): Y.Doc {
    const doc = server.app.jointly.collaboration.hocuspocus.documents.get(`statement:${statementId}`);
    if (!doc) throw new Error('the statement is not open on the server');
    return doc;
  }

  function serverHas(marker: string): boolean {
    return servedDocument().getXmlFragment('default').toString().includes(marker);
  }

  /**
   * Whether an update landed, from the server's answer to it: acknowledged (it is then in the
   * server's document, which applies before acknowledging), or refused ("not applied" on a
   * read-only connection, or the connection closed). The answer and the document must agree.
   */
  function landed(marker: string, answer: UpdateAnswer): boolean {
    const held = serverHas(marker);
    if ((answer.kind === 'saved') !== held) throw new Error(`${marker}: answered ${JSON.stringify(answer)}, yet the server ${held ? 'holds' : 'lacks'} it`);
    return held;
  }

  /** 2xx: allowed; 401/403/404: denied; anything else is a bug the test reports. */
  function verdict(status: number, action: string, principal: string): boolean {
    if (status >= 200 && status < 300) return true;
    if ([401, 403, 404].includes(status)) return false;
    throw new Error(`${principal} / ${action}: unexpected status ${status}`);
  }

  /** The statement as `as` sees it (its abilities included), or null when they cannot read it. */
  async function detailAs(id: string, as: { cookie: string } | null): Promise<StatementDetail | null> {
    const answer = await api<{ statement: StatementDetail }>(server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as });
    return answer.status === 200 ? answer.body.statement : null;
  }

  /**
   * Signs `id`'s current text for `orgId` as `as`; returns the status. The hash follows edits
   * within a second, so a 409 STALE_CONTENT (an edit of an earlier cell still being hashed) is retried.
   */
  async function signOff(id: string, orgId: string, as: { cookie: string } | null): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const contentHash = (await detailAs(id, lead))!.contentHash;
      const answer = await api<{ error?: { code: string } }>(server.baseUrl, 'POST', `/api/statements/${id}/signoffs`, { orgId, contentHash }, { as });
      if (answer.body?.error?.code !== 'STALE_CONTENT' || attempt === 10) return answer.status;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  /** The abilities each principal's statement detail announced, next to the cells they stand for. */
  const announced = new Map<Principal, Partial<Record<(typeof REST_ACTIONS)[number] | 'ws edit', boolean>>>();
  function announce(
    principal: Principal,
    abilities: StatementAbilities | undefined,
    cells: Partial<Record<(typeof REST_ACTIONS)[number] | 'ws edit', keyof StatementAbilities>>,
  ) {
    const row = announced.get(principal) ?? {};
    for (const [cell, ability] of Object.entries(cells) as [(typeof REST_ACTIONS)[number] | 'ws edit', keyof StatementAbilities][]) {
      const value = abilities?.[ability];
      row[cell] = ability === 'canSignFor' ? ((value as string[] | undefined) ?? []).includes(lead.orgId) : value === true;
    }
    announced.set(principal, row);
  }

  async function tryRest(principal: Principal, action: (typeof REST_ACTIONS)[number]): Promise<boolean> {
    const as = restIdentity.get(principal) ?? null;
    const call = (method: string, path: string, body?: unknown) => api<{ statements?: { id: string }[] }>(server.baseUrl, method, path, body, { as });
    switch (action) {
      case 'read statement':
        return verdict((await call('GET', `/api/statements/${statementId}`)).status, action, principal);
      case 'see it listed': {
        const answer = await call('GET', '/api/statements');
        return verdict(answer.status, action, principal) && (answer.body.statements ?? []).some((s) => s.id === statementId);
      }
      case 'get collab token':
        return verdict((await call('POST', `/api/statements/${statementId}/collab-token`)).status, action, principal);
      case 'add participant':
        return verdict((await call('POST', `/api/statements/${statementId}/participants`, { orgId: extraOrgId, required: false })).status, action, principal);
      case 'remove participant': {
        // Make sure there is something to remove, whatever earlier cells did.
        await api(server.baseUrl, 'POST', `/api/statements/${statementId}/participants`, { orgId: partnerOrgId, required: true }, { as: lead });
        return verdict((await call('DELETE', `/api/statements/${statementId}/participants/${partnerOrgId}`)).status, action, principal);
      }
      case 'list lead members':
        return verdict((await call('GET', `/api/orgs/${lead.orgId}/members`)).status, action, principal);
      case 'invite to lead org':
        return verdict((await call('POST', `/api/orgs/${lead.orgId}/invites`, { role: 'editor' })).status, action, principal);
      case 'list lead invites':
        return verdict((await call('GET', `/api/orgs/${lead.orgId}/invites`)).status, action, principal);
      case 'revoke a lead invite': {
        // A fresh open invitation each time, so that a granted cell is a real revocation.
        const open = await api<{ id: string }>(server.baseUrl, 'POST', `/api/orgs/${lead.orgId}/invites`, { role: 'viewer' }, { as: lead });
        return verdict((await call('DELETE', `/api/orgs/${lead.orgId}/invites/${open.body.id}`)).status, action, principal);
      }
      case 'change a role':
        return verdict((await call('PATCH', `/api/orgs/${lead.orgId}/members/${roleTarget.user.id}`, { role: 'viewer' })).status, action, principal);
      case 'create statement':
        return verdict((await call('POST', '/api/statements', { title: 'Another', leadOrgId: lead.orgId })).status, action, principal);
      case 'read versions':
        return verdict((await call('GET', `/api/statements/${statementId}/versions`)).status, action, principal);
      case 'read audit':
        return verdict((await call('GET', `/api/statements/${statementId}/audit`)).status, action, principal);
      case 'export': {
        const response = await fetch(`${server.baseUrl}/api/statements/${statementId}/export?format=md&version=current`, {
          headers: as ? { cookie: as.cookie } : {},
        });
        await response.arrayBuffer();
        return verdict(response.status, action, principal);
      }
      case 'sign for lead org': {
        // What the detail says first: the ability must match the server's decision.
        announce(principal, (await detailAs(statementId, as)) ?? undefined, {
          'sign for lead org': 'canSignFor',
          'add participant': 'canManageParticipants',
          lock: 'canLock',
          publish: 'canPublish',
          'ws edit': 'canEdit',
        });
        return verdict(await signOff(statementId, lead.orgId, as), action, principal);
      }
      case 'sign for partner org':
        return verdict(await signOff(statementId, partnerOrgId, as), action, principal);
      case 'withdraw lead sign-off': {
        expect(await signOff(statementId, lead.orgId, lead)).toBe(201);
        return verdict((await call('DELETE', `/api/statements/${statementId}/signoffs/${lead.orgId}`)).status, action, principal);
      }
      case 'order signatories':
        return verdict((await call('PUT', `/api/statements/${statementId}/signatory-order`, { orgIds: null })).status, action, principal);
      case 'invite a partner org':
        return verdict((await call('POST', `/api/statements/${statementId}/invites`, { required: false })).status, action, principal);
      case 'list statement invites':
        return verdict((await call('GET', `/api/statements/${statementId}/invites`)).status, action, principal);
      case 'set deadline':
        return verdict(
          (await call('PATCH', `/api/statements/${statementId}`, { signoffDeadline: new Date(Date.now() + 86_400_000).toISOString() })).status,
          action,
          principal,
        );
      case 'archive': {
        const granted = verdict((await call('PATCH', `/api/statements/${statementId}`, { archived: true })).status, action, principal);
        if (granted) expect((await api(server.baseUrl, 'PATCH', `/api/statements/${statementId}`, { archived: false }, { as: lead })).status).toBe(200);
        return granted;
      }
      case 'schedule a lock': {
        const granted = verdict((await call('POST', `/api/statements/${statementId}/lock`, { delaySeconds: 600 })).status, action, principal);
        if (granted) expect((await api(server.baseUrl, 'POST', `/api/statements/${statementId}/unlock`, undefined, { as: lead })).status).toBe(200);
        return granted;
      }
      case 'cancel a scheduled lock': {
        expect((await api(server.baseUrl, 'POST', `/api/statements/${statementId}/lock`, { delaySeconds: 600 }, { as: lead })).status).toBe(202);
        const granted = verdict((await call('POST', `/api/statements/${statementId}/unlock`)).status, action, principal);
        if (!granted) expect((await api(server.baseUrl, 'POST', `/api/statements/${statementId}/unlock`, undefined, { as: lead })).status).toBe(200);
        return granted;
      }
      case 'lock': {
        const granted = verdict((await call('POST', `/api/statements/${statementId}/lock`)).status, action, principal);
        if (granted) expect((await api(server.baseUrl, 'POST', `/api/statements/${statementId}/unlock`, undefined, { as: lead })).status).toBe(200);
        return granted;
      }
      case 'unlock': {
        expect((await api(server.baseUrl, 'POST', `/api/statements/${statementId}/lock`, undefined, { as: lead })).status).toBe(200);
        announce(principal, (await detailAs(statementId, as)) ?? undefined, { unlock: 'canUnlock' });
        const granted = verdict((await call('POST', `/api/statements/${statementId}/unlock`)).status, action, principal);
        if (!granted) expect((await api(server.baseUrl, 'POST', `/api/statements/${statementId}/unlock`, undefined, { as: lead })).status).toBe(200);
        return granted;
      }
      case 'publish': {
        // Publishing freezes a statement for good: each attempt gets one of its own, signed by the lead (its only required organization).
        const own = await createStatement(server.baseUrl, { markdown: `To publish, tried by ${principal}.` }, lead);
        expect(await signOff(own.id, lead.orgId, lead)).toBe(201);
        return verdict((await call('POST', `/api/statements/${own.id}/publish`)).status, action, principal);
      }
    }
  }

  async function tryWebsocket(principal: Principal, action: (typeof WS_ACTIONS)[number]): Promise<boolean> {
    const token = wsToken.get(principal)!;
    const marker = `${principal}-${action}-${Math.random().toString(36).slice(2)}`.replace(/\s/g, '_');
    switch (action) {
      case 'ws connect': {
        const client = new RawCollabClient(server.wsUrl, statementId);
        const answer = await client.authenticate(token);
        client.close();
        return answer === 'authenticated';
      }
      case 'ws edit': {
        if (principal === 'removed in session') {
          // Its provider was closed (4403) by the removal, and cannot get a token to come back.
          await waitFor(() => openBeforeRemoval.editorCloses.includes(CloseCodes.Forbidden.code), 'the removed editor to be closed with 4403', 3_000);
          openBeforeRemoval.editor!.appendParagraph(marker);
          return serverHas(marker);
        }
        const editor = new EditorClient(server, statementId, { token });
        clients.push(editor);
        if ((await authenticationOf(editor)) === 'denied') return false;
        await editor.acknowledged();
        const answers = UpdateAnswers.ofEditor(editor);
        editor.appendParagraph(marker);
        return landed(marker, await answers.next(`${principal}'s edit`));
      }
      case 'ws raw update': {
        if (principal === 'removed in session') {
          // Its raw connection was closed (4403) by the removal: nothing can be sent any more.
          const { code } = await openBeforeRemoval.raw!.closed;
          if (code !== CloseCodes.Forbidden.code) throw new Error(`the removed raw connection closed with ${code}, not 4403`);
          return false;
        }
        const raw = new RawCollabClient(server.wsUrl, statementId);
        if ((await raw.authenticate(token)) !== 'authenticated') {
          raw.close();
          return false;
        }
        const answers = UpdateAnswers.ofRaw(raw);
        raw.send(updateFrame(raw.documentName, paragraphUpdate(servedDocument(), marker)));
        const answer = await answers.next(`${principal}'s raw update`);
        raw.close();
        return landed(marker, answer);
      }
    }
  }

  it('grants exactly the expected cells and nothing else', async () => {
    const actual = new Map<Principal, Set<Action>>();
    for (const principal of PRINCIPALS) {
      const granted = new Set<Action>();
      for (const action of REST_ACTIONS) if (await tryRest(principal, action)) granted.add(action);
      for (const action of WS_ACTIONS) if (await tryWebsocket(principal, action)) granted.add(action);
      actual.set(principal, granted);
    }

    const actions: Action[] = [...REST_ACTIONS, ...WS_ACTIONS];
    const rows = actions.map((action) => {
      const row: Record<string, string> = { action };
      for (const principal of PRINCIPALS) {
        const got = actual.get(principal)!.has(action);
        const want = EXPECTED[principal].includes(action);
        row[principal] = `${got ? 'allow' : 'deny'}${got === want ? '' : ' ✗'}`;
      }
      return row;
    });
    console.log('Authorization matrix (✗ marks a cell that differs from the policy):');
    console.table(rows);

    const unexpectedGrants = PRINCIPALS.flatMap((p) => [...actual.get(p)!].filter((a) => !EXPECTED[p].includes(a)).map((a) => `${p}: ${a}`));
    const unexpectedDenials = PRINCIPALS.flatMap((p) => EXPECTED[p].filter((a) => !actual.get(p)!.has(a)).map((a) => `${p}: ${a}`));
    console.log(`Unexpected grants: ${unexpectedGrants.length}; unexpected denials: ${unexpectedDenials.length}`);
    expect(unexpectedGrants).toEqual([]);
    expect(unexpectedDenials).toEqual([]);
    // What each reader's statement detail announced is what the server then did (the client shows these abilities as they are).
    const misannounced = [...announced].flatMap(([principal, cells]) =>
      Object.entries(cells)
        .filter(([cell, said]) => said !== actual.get(principal)!.has(cell as Action))
        .map(([cell, said]) => `${principal}: ${cell} announced ${said}`),
    );
    console.log(
      `Matrix: ${PRINCIPALS.length} principals × ${actions.length} actions = ${PRINCIPALS.length * actions.length} cells; abilities compared: ${[...announced.values()].reduce((n, cells) => n + Object.keys(cells).length, 0)}, misannounced: ${misannounced.length}`,
    );
    expect(misannounced).toEqual([]);
    // The viewer's refused updates and the removed user's attempts left no trace in the document.
    expect(keeper.paragraphs().some((p) => p.includes('viewer-') || p.includes('removed_in_session-'))).toBe(false);
  }, 240_000);
});
