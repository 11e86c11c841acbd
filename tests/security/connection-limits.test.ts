import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import type { SocketLimits } from '../../server/config.ts';
import { CloseCodes } from '../../shared/close-codes.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { collabToken, createStatement, creatorOf, joinOrg, signUp, signUpUser, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { frame, queryAwarenessFrame, RawCollabClient, syncStep1Frame } from '../helpers/raw-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** What this process (which hosts the server) holds: JavaScript heap and buffers outside it, after a full GC. */
function heldMemory(): { rss: number; heapAndBuffers: number } {
  gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapAndBuffers: usage.heapUsed + usage.arrayBuffers };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Every close code a provider's socket saw. */
function closesOf(client: EditorClient): number[] {
  const codes: number[] = [];
  client.socket.on('close', ({ event }: { event: { code: number } }) => codes.push(event.code));
  return codes;
}

const LIMIT_CODES = [
  CloseCodes.TooManyConnections.code,
  CloseCodes.AuthenticationTimeout.code,
  CloseCodes.RateLimited.code,
  CloseCodes.SlowConsumer.code,
  4205, // Hocuspocus's ResetConnection: its pre-authentication queue overflowed
];

/**
 * Connection limits (server/collab/extensions/connection-limits.ts, socket-guard.ts): each attack is
 * refused with its close code from shared/close-codes.ts, costs the server a bounded amount of
 * memory, and leaves a canary editor on another statement editing.
 */
describe('connection limits', () => {
  let server: TestServer;
  const clients: EditorClient[] = [];
  const raws: RawCollabClient[] = [];

  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.socket.terminate();
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  /** A server with these limits, a statement to attack, and a canary editor (another person) on another statement. */
  async function start(socketLimits: Partial<SocketLimits> = {}): Promise<{ statementId: string; canary: EditorClient }> {
    server = await startServer({ config: { socketLimits } });
    const { id } = await createStatement(server.baseUrl, { markdown: 'The statement under attack.' });
    const canaryPerson = await signUp(server.baseUrl, 'Carla Canary', 'Canary Org');
    const canary = await open((await createStatement(server.baseUrl, { markdown: 'Canary.' }, canaryPerson)).id);
    return { statementId: id, canary };
  }

  async function open(statementId: string, as?: Pick<Person, 'cookie'>): Promise<EditorClient> {
    const client = await EditorClient.connect(server, statementId, as);
    clients.push(client);
    return client;
  }

  /** A socket that opens and never authenticates, from `localAddress` (a loopback address). */
  async function silentSocket(statementId: string, localAddress = '127.0.0.1'): Promise<RawCollabClient> {
    const raw = new RawCollabClient(server.wsUrl, statementId, {}, { localAddress });
    raws.push(raw);
    await raw.opened;
    return raw;
  }

  async function authenticated(statementId: string, as?: Pick<Person, 'cookie'>): Promise<RawCollabClient> {
    const raw = await RawCollabClient.open(server, statementId, as);
    raws.push(raw);
    return raw;
  }

  function unauthenticatedCount(): number {
    return server.app.jointly.collaboration.connectionLimits.unauthenticatedCount;
  }

  async function expectCanaryEdits(canary: EditorClient, text: string): Promise<void> {
    canary.appendParagraph(text);
    await canary.acknowledged(5_000);
  }

  it('unauthenticated sockets over the cap are refused, per address and on the instance; a closed one frees its slot', async () => {
    const { statementId, canary } = await start({ maxUnauthenticated: 5, maxUnauthenticatedPerAddress: 3 });
    const fromOne = [];
    for (let i = 0; i < 3; i++) fromOne.push(await silentSocket(statementId, '127.0.0.1'));
    await waitFor(() => unauthenticatedCount() === 3, 'three sockets admitted');
    const overAddress = await silentSocket(statementId, '127.0.0.1');
    expect((await overAddress.closed).code).toBe(CloseCodes.TooManyConnections.code);

    await silentSocket(statementId, '127.0.0.2');
    await silentSocket(statementId, '127.0.0.2');
    await waitFor(() => unauthenticatedCount() === 5, 'five sockets admitted');
    const overInstance = await silentSocket(statementId, '127.0.0.3');
    expect((await overInstance.closed).code).toBe(CloseCodes.TooManyConnections.code);
    await expectCanaryEdits(canary, 'while the instance is full of silent sockets');

    fromOne[0]!.close();
    await waitFor(() => unauthenticatedCount() === 4, 'the closed socket to free its slot');
    const again = await silentSocket(statementId, '127.0.0.1');
    await waitFor(() => unauthenticatedCount() === 5, 'a new socket from that address to be admitted');
    // An admitted socket is a working one: it can authenticate, and then stops counting.
    expect(await again.authenticate(await collabToken(server.baseUrl, statementId))).toBe('authenticated');
    await waitFor(() => unauthenticatedCount() === 4, 'the authenticated socket to stop counting');
    await expectCanaryEdits(canary, 'after the flood');
  });

  it('a socket that goes away during its upgrade frees its slot at once, not at the pre-authentication deadline', async () => {
    // A reconnect storm (or a client aborting its handshakes) must not lock its own address out.
    const { statementId, canary } = await start({ maxUnauthenticatedPerAddress: 3, preAuthTimeoutMs: 60_000 });
    for (let i = 0; i < 30; i++) {
      const raw = new RawCollabClient(server.wsUrl, statementId);
      raw.socket.once('upgrade', () => raw.socket.terminate());
      raw.socket.on('error', () => {});
      await raw.closed;
    }
    await waitFor(() => unauthenticatedCount() === 0, 'every aborted socket to free its slot');
    const next = await silentSocket(statementId);
    expect(await next.authenticate(await collabToken(server.baseUrl, statementId))).toBe('authenticated');
    await expectCanaryEdits(canary, 'after the aborted handshakes');
  });

  it('a flood of sockets filling their pre-authentication queues holds bounded memory, released by the deadline', async () => {
    const { statementId, canary } = await start({ preAuthTimeoutMs: 1_500 });
    const limits = server.config.socketLimits;
    const junk = (documentName: string) =>
      frame((e) => {
        encoding.writeVarString(e, documentName);
        encoding.writeVarUint(e, 1); // awareness, never read before authentication
        encoding.writeUint8Array(e, new Uint8Array(4 * 1024 - 64));
      });
    const before = heldMemory();
    const sockets = await Promise.all(Array.from({ length: limits.maxUnauthenticatedPerAddress + 8 }, () => silentSocket(statementId)));
    for (const socket of sockets) for (let i = 0; i < limits.preAuthQueueMessages - 1; i++) socket.send(junk(socket.documentName));
    await waitFor(() => unauthenticatedCount() === limits.maxUnauthenticatedPerAddress, 'the admitted sockets');
    // This process hosts the clients too: measure once their frames left their send buffers
    // (on a busy machine the server reads late), so that `during` is what the server holds.
    await waitFor(() => sockets.every(({ socket }) => socket.readyState !== socket.OPEN || socket.bufferedAmount === 0), 'the clients to have sent everything');
    await sleep(300); // let the server read what they sent
    const during = heldMemory();
    const closes = await Promise.all(sockets.map(async (socket) => (await socket.closed).code));
    const after = heldMemory();
    console.log(
      `socket flood: ${sockets.length} sockets × ${limits.preAuthQueueMessages - 1} frames of 4 KB before authenticating; ` +
        `heap+buffers ${mb(before.heapAndBuffers)} → ${mb(during.heapAndBuffers)} while held → ${mb(after.heapAndBuffers)} after the deadline; ` +
        `rss ${mb(before.rss)} → ${mb(during.rss)} → ${mb(after.rss)}`,
    );
    expect(closes.filter((code) => code === CloseCodes.TooManyConnections.code)).toHaveLength(8);
    expect(closes.filter((code) => code === CloseCodes.AuthenticationTimeout.code)).toHaveLength(limits.maxUnauthenticatedPerAddress);
    // At most the per-address cap × the queue bound (plus the sockets themselves).
    expect(during.heapAndBuffers - before.heapAndBuffers).toBeLessThan(limits.maxUnauthenticatedPerAddress * limits.preAuthQueueBytes + 8 * 1024 * 1024);
    expect(unauthenticatedCount()).toBe(0);
    await expectCanaryEdits(canary, 'after the queue flood');
  });

  it('the pre-authentication deadline closes a silent socket (4408) but not an authenticated one', async () => {
    const { statementId, canary } = await start({ preAuthTimeoutMs: 400 });
    const opened = Date.now();
    const silent = await silentSocket(statementId);
    const editor = await open(statementId);
    expect((await silent.closed).code).toBe(CloseCodes.AuthenticationTimeout.code);
    expect(Date.now() - opened).toBeLessThan(2_000);
    await sleep(400);
    // Past the deadline, the authenticated editor still edits on the same socket.
    const closes = closesOf(editor);
    editor.appendParagraph('written after the deadline');
    await editor.acknowledged(5_000);
    expect(closes).toEqual([]);
    await expectCanaryEdits(canary, 'after the deadline');
  });

  it('an inbound frame flood is closed with rate-limited (4429)', async () => {
    const { statementId, canary } = await start();
    const raw = await authenticated(statementId);
    const burst = server.config.socketLimits.inboundFramesPerSecond * 10;
    for (let i = 0; i < burst + 2_000; i++) raw.send(queryAwarenessFrame(raw.documentName));
    expect((await raw.closed).code).toBe(CloseCodes.RateLimited.code);
    await expectCanaryEdits(canary, 'after the frame flood');
  });

  it('an inbound byte flood is closed with rate-limited (4429)', async () => {
    const { statementId, canary } = await start({ inboundBytesPerSecond: 256 * 1024 });
    const raw = await authenticated(statementId);
    const padded = frame((e) => {
      encoding.writeVarString(e, raw.documentName);
      encoding.writeVarUint(e, 3); // query awareness, padded
      encoding.writeUint8Array(e, new Uint8Array(512 * 1024));
    });
    for (let i = 0; i < 8; i++) raw.send(padded); // 4 MB against a 2.5 MB burst
    expect((await raw.closed).code).toBe(CloseCodes.RateLimited.code);
    await expectCanaryEdits(canary, 'after the byte flood');
  });

  it('a real offline session replayed on reconnect is not refused (thousands of frames at once)', async () => {
    const { statementId } = await start();
    const writer = await open(statementId);
    await writer.acknowledged();
    const closes = closesOf(writer);
    writer.goOffline();
    // Alone on the statement: it unloads, and the reconnect has to load it again.
    const documentName = statementDocumentName(statementId);
    await waitFor(() => !server.app.jointly.collaboration.hocuspocus.documents.has(documentName), 'the statement to unload');
    for (let i = 0; i < 2_000; i++) writer.insertText(0, i % 11, String.fromCharCode(97 + (i % 26)));
    await writer.goOnline();
    await writer.acknowledged(30_000);
    const reader = await open(statementId);
    expect(reader.paragraphs()).toEqual(writer.paragraphs());
    expect(closes.filter((code) => LIMIT_CODES.includes(code))).toEqual([]);
  }, 60_000);

  it('a viewer sending 400 sync step 1 frames without reading costs bounded memory and is closed as a slow consumer', async () => {
    const { canary } = await start({ maxOutboundBufferBytes: 128 * 1024 });
    // A large statement: every answer to a sync step 1 with an empty state vector is all of it.
    const large = (await createStatement(server.baseUrl, { markdown: largeMarkdown(240_000) })).id;
    const viewer = await signUpUser(server.baseUrl, 'Vic Viewer');
    await joinOrg(server.baseUrl, creatorOf(large), creatorOf(large).orgId, viewer, 'viewer');
    const raw = await authenticated(large, viewer);
    // One sync step 1 is answered as usual: the whole statement.
    raw.send(syncStep1Frame(raw.documentName));
    await waitFor(() => raw.syncStep2Received === 1, 'the answer to a first sync step 1');
    const answerBytes = raw.bytesReceived;
    const before = heldMemory();
    raw.pauseReading();
    for (let i = 0; i < 400; i++) raw.send(syncStep1Frame(raw.documentName));
    await sleep(300); // let the server read the 400 frames
    const during = heldMemory();
    raw.resumeReading();
    const closed = await raw.closed;
    const after = heldMemory();
    const answered = raw.syncStep2Received - 1;
    console.log(
      `sync-step-1 amplification: 400 frames from a non-reading viewer (one answer: ${mb(answerBytes)}), ${answered} answered ` +
        `(${mb(raw.bytesReceived)} received once it read); heap+buffers ${mb(before.heapAndBuffers)} → ${mb(during.heapAndBuffers)} while held → ` +
        `${mb(after.heapAndBuffers)} after the close; rss ${mb(before.rss)} → ${mb(during.rss)} → ${mb(after.rss)}`,
    );
    expect(closed.code).toBe(CloseCodes.SlowConsumer.code);
    expect(answered).toBeLessThan(10);
    expect(during.heapAndBuffers - before.heapAndBuffers).toBeLessThan(5 * 1024 * 1024);
    await expectCanaryEdits(canary, 'after the amplification attempt');
  });

  it('a client that stops reading while others edit is closed as a slow consumer (4508); the writer keeps being acknowledged', async () => {
    const { statementId, canary } = await start({ maxOutboundBufferBytes: 256 * 1024 });
    const writer = await open(statementId);
    const viewer = await signUpUser(server.baseUrl, 'Slow Reader');
    await joinOrg(server.baseUrl, creatorOf(statementId), creatorOf(statementId).orgId, viewer, 'viewer');
    const reader = await authenticated(statementId, viewer);
    reader.pauseReading();
    const before = heldMemory();
    let writes = 0;
    let closedCode: number | undefined;
    void reader.closed.then(({ code }) => (closedCode = code));
    const paragraph = 'x'.repeat(100 * 1024);
    // The kernel's socket buffers take the first megabytes; then the server's own buffer passes the bound.
    while (writes < 200 && !serverClosedReader()) {
      writer.appendParagraph(`${writes} ${paragraph}`);
      await writer.acknowledged(5_000);
      writes++;
    }
    const during = heldMemory();
    reader.resumeReading();
    await waitFor(() => closedCode !== undefined, 'the slow reader to be closed', 5_000);
    console.log(
      `slow consumer: closed after ${writes} edits of 100 KB; heap+buffers ${mb(before.heapAndBuffers)} → ${mb(during.heapAndBuffers)}; rss ${mb(before.rss)} → ${mb(during.rss)}`,
    );
    expect(closedCode).toBe(CloseCodes.SlowConsumer.code);
    expect(writes).toBeLessThan(200);
    writer.appendParagraph('the writer carries on');
    await writer.acknowledged(5_000);
    await expectCanaryEdits(canary, 'after the slow consumer');

    function serverClosedReader(): boolean {
      const document = server.app.jointly.collaboration.hocuspocus.documents.get(statementDocumentName(statementId));
      return !document?.getConnections().some((connection) => connection.context.userId === viewer.user.id && connection.webSocket.readyState === 1);
    }
  }, 60_000);

  it('open connections per user are capped (4409); closing one frees a slot, other people are not affected', async () => {
    const { statementId, canary } = await start({ maxConnectionsPerUser: 2 });
    const first = await authenticated(statementId);
    const second = await authenticated(statementId);
    const third = await authenticated(statementId);
    expect((await third.closed).code).toBe(CloseCodes.TooManyConnections.code);
    const other = await signUpUser(server.baseUrl, 'Someone Else');
    await joinOrg(server.baseUrl, creatorOf(statementId), creatorOf(statementId).orgId, other, 'editor');
    const otherEditor = await open(statementId, other);
    otherEditor.appendParagraph('another person is not counted against the first');
    await otherEditor.acknowledged();

    first.close();
    await first.closed;
    const documentName = statementDocumentName(statementId);
    const creatorId = creatorOf(statementId).user.id;
    const creatorConnections = () =>
      server.app.jointly.collaboration.hocuspocus.documents
        .get(documentName)!
        .getConnections()
        .filter((c) => c.context.userId === creatorId).length;
    await waitFor(() => creatorConnections() === 1, 'the closed connection to be released');
    const fourth = await authenticated(statementId);
    await waitFor(() => creatorConnections() === 2, 'the fourth connection to be established');
    expect([second, fourth].map((raw) => raw.socket.readyState)).toEqual([1, 1]);
    await expectCanaryEdits(canary, 'after the per-user cap');
  });
});

/** Markdown of about `characters` characters: numbered paragraphs of plain prose. */
function largeMarkdown(characters: number): string {
  const paragraphs: string[] = [];
  let length = 0;
  for (let i = 0; length < characters; i++) {
    const paragraph = `Paragraph ${i}: the coalition agrees that housing is a right, and that every member organization signs the same text.`;
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  return paragraphs.join('\n\n');
}
