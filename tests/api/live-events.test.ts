import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createStatement, signUp, type Person } from '../helpers/api.ts';
import { serverDatabase } from '../helpers/sqlite-faults.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

interface OpenStream {
  status: number;
  frames: string[];
  ended: Promise<void>;
  cancel(): Promise<void>;
}

async function openStream(server: TestServer, as: Pick<Person, 'cookie'>): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(`${server.baseUrl}/api/live`, { headers: { cookie: as.cookie }, signal: controller.signal });
  const frames: string[] = [];
  if (response.status !== 200) {
    await response.arrayBuffer();
    return { status: response.status, frames, ended: Promise.resolve(), cancel: async () => {} };
  }
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        frames.push(
          ...decoder
            .decode(value)
            .split('\n\n')
            .filter((f) => f.startsWith('data: ')),
        );
      }
    } catch {
      // aborted by cancel()
    }
  })();
  return { status: 200, frames, ended, cancel: async () => controller.abort() };
}

/** GET /api/live: per-person signals that say what to refetch, bounded per person, ended with the session. */
describe('live signals', () => {
  let server: TestServer;
  let lead: Person;
  let partner: Person;

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl, 'Amal', 'Housing Now');
    partner = await signUp(server.baseUrl, 'Dev', 'Tenants Union');
  });
  afterAll(() => server.close());

  it('refuses anonymous callers (401)', async () => {
    const response = await fetch(`${server.baseUrl}/api/live`);
    expect(response.status).toBe(401);
  });

  it('a sign-off reaches everyone who may see the statement, as a content-free signal, and nobody else', async () => {
    const outsider = await signUp(server.baseUrl, 'Zed', 'Other Org');
    const statement = await createStatement(server.baseUrl, { title: 'Live', markdown: 'Text.' }, lead);
    await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/participants`, { orgId: partner.orgId, required: true }, { as: lead });
    const [leadStream, outsiderStream] = await Promise.all([openStream(server, lead), openStream(server, outsider)]);
    try {
      await api(
        server.baseUrl,
        'POST',
        `/api/statements/${statement.id}/signoffs`,
        { orgId: partner.orgId, contentHash: statement.contentHash },
        { as: partner },
      );
      const signals = () => leadStream.frames.map((frame) => JSON.parse(frame.slice('data: '.length)) as unknown);
      // The list signal, and (the lead is told that the partner signed) a notifications signal; nothing else, no content.
      await waitFor(() => signals().length >= 2, 'the signals on the lead’s stream', 2_000);
      expect(signals()).toEqual(expect.arrayContaining([{ type: 'statements', statementId: statement.id }, { type: 'notifications' }]));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(outsiderStream.frames).toEqual([]);
    } finally {
      await Promise.all([leadStream.cancel(), outsiderStream.cancel()]);
    }
  });

  it('one person holds at most 8 streams; the 9th is refused (429) and a closed one frees its place', async () => {
    const person = await signUp(server.baseUrl, 'Tab Hoarder', 'Tabs Org');
    const streams = await Promise.all(Array.from({ length: 8 }, () => openStream(server, person)));
    expect(streams.map((s) => s.status)).toEqual(Array(8).fill(200));
    const ninth = await openStream(server, person);
    expect(ninth.status).toBe(429);
    await streams[0]!.cancel();
    await waitFor(() => server.app.jointly.live.streamsOf(person.user.id) === 7, 'the closed stream to be forgotten', 2_000);
    const again = await openStream(server, person);
    expect(again.status).toBe(200);
    await Promise.all([...streams.slice(1), again].map((s) => s.cancel()));
  });

  it('logout ends the session’s streams at once, and a signal right after harms nothing', async () => {
    const person = await signUp(server.baseUrl, 'Leaver', 'Leaving Org');
    const stream = await openStream(server, person);
    expect((await api(server.baseUrl, 'POST', '/api/auth/logout', undefined, { as: person })).status).toBe(204);
    // Published in the same turn as the end: nothing is written after it (a write after end would crash the process).
    server.app.jointly.live.publish([person.user.id], { type: 'notifications' });
    await stream.ended;
    expect(server.app.jointly.live.streamsOf(person.user.id)).toBe(0);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe('a live stream lives no longer than its session', () => {
  it('a session that ends behind the API (expired, or ended by another instance) closes its stream at the next heartbeat', async () => {
    const server = await startServer({ build: { liveHeartbeatMs: 200 } });
    try {
      const person = await signUp(server.baseUrl, 'Expiring', 'Expiry Org');
      const stream = await openStream(server, person);
      expect(stream.status).toBe(200);
      serverDatabase(server.app.jointly.store).run(
        'UPDATE sessions SET expires_at = ? WHERE user_id = ?',
        new Date(Date.now() - 1_000).toISOString(),
        person.user.id,
      );
      await stream.ended;
      expect(server.app.jointly.live.streamsOf(person.user.id)).toBe(0);
    } finally {
      await server.close();
    }
  });
});
