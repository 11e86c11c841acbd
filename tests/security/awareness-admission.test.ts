import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseCodes } from '../../shared/close-codes.ts';
import { paletteColor } from '../../shared/collab-messages.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { api, createStatement, joinOrg, signUp, signUpUser, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { awarenessFrame, RawCollabClient, type AwarenessEntry } from '../helpers/raw-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

type State = Record<string, unknown>;

/**
 * Presence (awareness) is admitted like updates (server/collab/extensions/awareness-admission.ts): an entry
 * belongs to the connection that first set it (a later connection of the same person may take
 * it over), states are objects of the declared fields within a size cap, frames are rate
 * limited, and `user` is stamped by the server. Every attack here is refused with
 * presence-refused (4424); what the refused frame carried never reaches anyone (checked by a
 * later, honest change arriving without it); a canary on another statement keeps editing.
 */
describe('awareness admission', () => {
  let server: TestServer;
  let lead: Person;
  let partner: Person;
  let viewer: Omit<Person, 'orgId'>;
  let statementId: string;
  let canaryStatementId: string;
  const clients: EditorClient[] = [];
  const raws: RawCollabClient[] = [];

  beforeEach(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl, 'Lena Lead', 'Lead Org');
    partner = await signUp(server.baseUrl, 'Pat Partner', 'Partner Org');
    viewer = await signUpUser(server.baseUrl, 'Vera Viewer');
    await joinOrg(server.baseUrl, lead, lead.orgId, viewer, 'viewer');
    statementId = (await createStatement(server.baseUrl, { markdown: 'Housing is a right.' }, lead)).id;
    await api(server.baseUrl, 'POST', `/api/statements/${statementId}/participants`, { orgId: partner.orgId, required: true }, { as: lead });
    canaryStatementId = (await createStatement(server.baseUrl, { markdown: 'Canary.' }, partner)).id;
  });

  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.close();
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  async function open(as: Pick<Person, 'cookie'>, id = statementId): Promise<EditorClient> {
    const client = await EditorClient.connect(server, id, as);
    clients.push(client);
    return client;
  }

  async function openRaw(as: Pick<Person, 'cookie'>): Promise<RawCollabClient> {
    const raw = await RawCollabClient.open(server, statementId, as);
    raws.push(raw);
    return raw;
  }

  /** A caret in the first paragraph, as y-tiptap's cursor plugin publishes it. */
  function caretAt(client: EditorClient, offset: number): State {
    const text = client.textBlocks()[0]!;
    const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, offset)) as State;
    return { anchor: position, head: position };
  }

  /** Every state `observer` held for `clientId` after each awareness change ('gone' when it had none). */
  function historyOf(observer: EditorClient, clientId: number): Array<State | 'gone'> {
    const seen: Array<State | 'gone'> = [];
    observer.provider.awareness!.on('change', () => {
      const state = observer.provider.awareness!.getStates().get(clientId);
      seen.push(state ? structuredClone(state) : 'gone');
    });
    return seen;
  }

  function stateSeenBy(observer: EditorClient, clientId: number): State | undefined {
    return observer.provider.awareness!.getStates().get(clientId);
  }

  function clockOf(client: EditorClient): number {
    return client.provider.awareness!.meta.get(client.doc.clientID)!.clock;
  }

  /** The lead, with a caret the observer can see; returns both and what the observer saw of the lead. */
  async function leadWithCaret(): Promise<{ victim: EditorClient; observer: EditorClient; history: Array<State | 'gone'> }> {
    const victim = await open(lead);
    const observer = await open(partner);
    const history = historyOf(observer, victim.doc.clientID);
    victim.provider.setAwarenessField('cursor', caretAt(victim, 3));
    await waitFor(() => stateSeenBy(observer, victim.doc.clientID)?.cursor != null, 'the lead’s caret to reach the observer', 3_000);
    return { victim, observer, history };
  }

  /**
   * After a refusal: the victim moves its caret, and the observer, which sees that move, must
   * never have seen anything but the victim's own states (a refused frame would have reached it
   * before the move did).
   */
  async function expectOnlyOwnStates(victim: EditorClient, observer: EditorClient, history: Array<State | 'gone'>): Promise<void> {
    const marker = caretAt(victim, 7);
    victim.provider.setAwarenessField('cursor', marker);
    await waitFor(() => JSON.stringify(stateSeenBy(observer, victim.doc.clientID)?.cursor) === JSON.stringify(marker), 'the lead’s next caret move', 3_000);
    expect(history).not.toContain('gone');
    for (const state of history) {
      expect(state).toMatchObject({ user: { name: 'Lena Lead', org: 'Lead Org' } });
      expect(Object.keys(state as State).sort()).toEqual(['cursor', 'user']);
    }
  }

  async function expectCanaryEdits(): Promise<void> {
    const canary = await open(partner, canaryStatementId);
    canary.appendParagraph('the canary still writes');
    await canary.acknowledged(5_000);
  }

  async function refusedAfter(raw: RawCollabClient, entries: AwarenessEntry[]): Promise<number> {
    raw.send(awarenessFrame(raw.documentName, entries));
    return (await raw.closed).code;
  }

  for (const attacker of ['a read-only viewer', 'an editor of another organization'] as const) {
    it(`${attacker} cannot move or relabel another person’s caret`, async () => {
      const { victim, observer, history } = await leadWithCaret();
      const raw = await openRaw(attacker === 'a read-only viewer' ? viewer : partner);
      const code = await refusedAfter(raw, [
        {
          clientId: victim.doc.clientID,
          clock: clockOf(victim) + 10,
          state: { user: { name: 'Mallory', color: '#000000' }, cursor: caretAt(victim, 0) },
        },
      ]);
      expect(code).toBe(CloseCodes.PresenceRefused.code);
      await expectOnlyOwnStates(victim, observer, history);
      await expectCanaryEdits();
    });
  }

  for (const [label, json] of [
    ['a number', '5'],
    ['a string', '"hidden"'],
    ['an array', '[]'],
    ['true', 'true'],
  ] as const) {
    it(`a non-object state (${label}) cannot hide another person’s caret`, async () => {
      const { victim, observer, history } = await leadWithCaret();
      const raw = await openRaw(viewer);
      expect(await refusedAfter(raw, [{ clientId: victim.doc.clientID, clock: clockOf(victim) + 10, json }])).toBe(CloseCodes.PresenceRefused.code);
      await expectOnlyOwnStates(victim, observer, history);
    });
  }

  it('a non-object state is refused even for the sender’s own entry (the shape rule on its own)', async () => {
    const { victim, observer } = await leadWithCaret();
    const raw = await openRaw(viewer);
    const ownId = 4_242_424;
    const history = historyOf(observer, ownId);
    expect(await refusedAfter(raw, [{ clientId: ownId, clock: 3, json: '"invisible"' }])).toBe(CloseCodes.PresenceRefused.code);
    const victimHistory = historyOf(observer, victim.doc.clientID);
    await expectOnlyOwnStates(victim, observer, victimHistory);
    expect(history.filter((state) => state !== 'gone')).toEqual([]);
  });

  it('nobody else can clear another person’s caret (a null state for their entry)', async () => {
    const { victim, observer, history } = await leadWithCaret();
    const raw = await openRaw(partner);
    expect(await refusedAfter(raw, [{ clientId: victim.doc.clientID, clock: clockOf(victim) + 10, json: 'null' }])).toBe(CloseCodes.PresenceRefused.code);
    await expectOnlyOwnStates(victim, observer, history);
    await expectCanaryEdits();
  });

  it('a client ID bound to another person’s writing cannot carry someone else’s presence, even once its entry is free', async () => {
    await open(viewer); // keeps the statement loaded, with its bindings
    const victim = await open(lead);
    victim.appendParagraph('the lead writes, binding this client ID to the lead');
    await victim.acknowledged();
    const victimId = victim.doc.clientID;
    clients.splice(clients.indexOf(victim), 1);
    victim.destroy();
    const documentName = statementDocumentName(statementId);
    await waitFor(
      () =>
        !server.app.jointly.collaboration.hocuspocus.documents
          .get(documentName)
          ?.getConnections()
          .some((c) => c.context.userId === lead.user.id),
      'the lead’s connection to close',
    );
    const raw = await openRaw(partner);
    expect(await refusedAfter(raw, [{ clientId: victimId, clock: 50, state: { user: {}, cursor: null } }])).toBe(CloseCodes.PresenceRefused.code);
    await expectCanaryEdits();
  });

  it('an awareness payload over the size cap, up to several megabytes, is refused and never fanned out', async () => {
    const { victim, observer } = await leadWithCaret();
    for (const [size, id] of [
      [5_000, 7_000_001],
      [3 * 1024 * 1024, 7_000_002],
    ] as const) {
      const history = historyOf(observer, id);
      const raw = await openRaw(viewer);
      expect(await refusedAfter(raw, [{ clientId: id, clock: 1, state: { user: { name: 'x'.repeat(size) }, cursor: null } }])).toBe(
        CloseCodes.PresenceRefused.code,
      );
      await expectOnlyOwnStates(victim, observer, historyOf(observer, victim.doc.clientID));
      expect(history.filter((state) => state !== 'gone')).toEqual([]);
    }
    await expectCanaryEdits();
  });

  it('a field outside the declared presence state is refused', async () => {
    const { victim, observer } = await leadWithCaret();
    const raw = await openRaw(viewer);
    const history = historyOf(observer, 7_000_003);
    expect(await refusedAfter(raw, [{ clientId: 7_000_003, clock: 1, state: { cursor: null, banner: 'Signed by everyone' } }])).toBe(
      CloseCodes.PresenceRefused.code,
    );
    await expectOnlyOwnStates(victim, observer, historyOf(observer, victim.doc.clientID));
    expect(history.filter((state) => state !== 'gone')).toEqual([]);
  });

  it('an awareness flood is refused by the rate limit; what came after the limit is never applied', async () => {
    const { victim, observer } = await leadWithCaret();
    const raw = await openRaw(viewer);
    const ownId = 7_000_004;
    const perSecond = server.config.admission.awarenessPerSecond;
    for (let clock = 1; clock <= 400; clock++) raw.send(awarenessFrame(raw.documentName, [{ clientId: ownId, clock, state: { cursor: null } }]));
    expect((await raw.closed).code).toBe(CloseCodes.PresenceRefused.code);
    await expectOnlyOwnStates(victim, observer, historyOf(observer, victim.doc.clientID));
    // The burst (4 s worth) got through, then the connection was closed; nothing after it was applied.
    const lastClock = observer.provider.awareness!.meta.get(ownId)?.clock ?? 0;
    console.log(`awareness flood: 400 frames sent, the observer saw clock ${lastClock} at most (burst ${4 * perSecond})`);
    expect(lastClock).toBeGreaterThan(0);
    expect(lastClock).toBeLessThanOrEqual(4 * perSecond + 10);
    await expectCanaryEdits();
  });

  it('a real provider’s caret reaches others under the server’s identity, whatever name it claims', async () => {
    const victim = await open(lead);
    const observer = await open(partner);
    victim.provider.setAwarenessField('user', { name: 'The Whole Coalition', color: '#000000' });
    const caret = caretAt(victim, 2);
    victim.provider.setAwarenessField('cursor', caret);
    await waitFor(() => stateSeenBy(observer, victim.doc.clientID)?.cursor != null, 'the caret to arrive', 3_000);
    expect(stateSeenBy(observer, victim.doc.clientID)).toEqual({
      user: { name: 'Lena Lead', org: 'Lead Org', color: paletteColor('Lead Org') },
      cursor: caret,
    });
  });

  it('a provider that reconnects shows its caret again without moving it', async () => {
    const { victim, observer } = await leadWithCaret();
    const caret = stateSeenBy(observer, victim.doc.clientID)!.cursor;
    victim.goOffline();
    await waitFor(() => stateSeenBy(observer, victim.doc.clientID) === undefined, 'the caret to leave with the connection', 5_000);
    await victim.goOnline();
    await waitFor(() => stateSeenBy(observer, victim.doc.clientID)?.cursor != null, 'the caret to come back', 5_000);
    expect(stateSeenBy(observer, victim.doc.clientID)).toMatchObject({ user: { name: 'Lena Lead' }, cursor: caret });
    await victim.acknowledged();
  });

  it('a later connection of the same person takes its entry over, and keeps it when the old connection closes', async () => {
    const { victim, observer, history } = await leadWithCaret();
    const victimId = victim.doc.clientID;
    // As a provider reconnecting before the server noticed its old socket died: same person, same client ID.
    const successor = await openRaw(lead);
    const clock = clockOf(victim);
    const taken = caretAt(victim, 5);
    successor.send(awarenessFrame(successor.documentName, [{ clientId: victimId, clock: clock + 1, state: { user: {}, cursor: taken } }]));
    await waitFor(() => JSON.stringify(stateSeenBy(observer, victimId)?.cursor) === JSON.stringify(taken), 'the successor’s first caret', 3_000);
    const documentName = statementDocumentName(statementId);
    const connectionsOfLead = () =>
      server.app.jointly.collaboration.hocuspocus.documents
        .get(documentName)!
        .getConnections()
        .filter((c) => c.context.userId === lead.user.id).length;
    expect(connectionsOfLead()).toBe(2);
    victim.goOffline();
    await waitFor(() => connectionsOfLead() === 1, 'the old connection to close on the server');
    const marker = caretAt(victim, 9);
    successor.send(awarenessFrame(successor.documentName, [{ clientId: victimId, clock: clock + 2, state: { user: {}, cursor: marker } }]));
    await waitFor(() => JSON.stringify(stateSeenBy(observer, victimId)?.cursor) === JSON.stringify(marker), 'the successor’s caret move', 3_000);
    expect(history).not.toContain('gone');
    expect(stateSeenBy(observer, victimId)).toMatchObject({ user: { name: 'Lena Lead', org: 'Lead Org' } });
  });
});
