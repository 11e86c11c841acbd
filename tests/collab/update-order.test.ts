import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createStatement } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { startFaultServer } from '../helpers/fault-server.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

describe('an incoming update is logged before it is applied, broadcast and acknowledged', () => {
  let server: TestServer | undefined;
  const clients: EditorClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.close();
  });

  it('holds apply, broadcast and acknowledgement until the log append has completed', async () => {
    // One timeline: the store records 'append' when the real append has returned.
    const timeline: string[] = [];
    const faulty = await startFaultServer({
      collabExtensions: [{ onChange: async () => void timeline.push('apply') }],
    });
    server = faulty;
    faulty.store.events = timeline;
    const { id } = await createStatement(faulty.baseUrl, { markdown: 'Base text.' });
    const author = await EditorClient.connect(faulty, id);
    const observer = await EditorClient.connect(faulty, id);
    clients.push(author, observer);
    const serverText = () => faulty.app.jointly.collaboration.hocuspocus.documents.get(`statement:${id}`)!.getXmlFragment('default').toString();
    observer.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === observer.provider) timeline.push('broadcast received');
    });
    author.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number === 0) timeline.push('acknowledged');
    });

    faulty.store.holdAppends();
    timeline.length = 0;
    const attemptsBefore = faulty.store.appendAttempts;
    author.insertText(0, 0, 'HELD ');
    await waitFor(() => faulty.store.appendAttempts > attemptsBefore, 'the append to start');
    await sleep(300);

    // While the append is pending, nothing else has happened to the update.
    expect(timeline).toEqual([]);
    expect(author.provider.unsyncedChanges).toBeGreaterThan(0);
    expect(observer.paragraphs()[0]).toBe('Base text.');
    expect(serverText()).not.toContain('HELD');

    faulty.store.release();
    await author.acknowledged();
    await waitFor(() => observer.paragraphs()[0] === 'HELD Base text.', 'the observer to receive the edit');
    expect(timeline[0]).toBe('append');
    expect(timeline.indexOf('apply')).toBeLessThan(timeline.indexOf('acknowledged'));
    expect([...timeline].sort()).toEqual(['acknowledged', 'append', 'apply', 'broadcast received']);
  });
});
