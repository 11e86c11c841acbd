import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCodes } from '../../shared/close-codes.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { createStatement } from '../helpers/api.ts';
import { seededRandom, seedFrom } from '../helpers/seeded-random.ts';
import { fillDisk, serverDatabase, storedWords } from '../helpers/sqlite-faults.ts';
import { updatesLoggedSoFar } from '../helpers/stored-document.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { missingFrom, Typist } from '../helpers/typists.ts';
import { waitFor } from '../helpers/wait.ts';
import { plainText, WireEditor } from '../helpers/wire-editor.ts';

/** How long everyone types while the disk is full. */
const FAULT_MS = 2_000;

/**
 * The server's own SQLite connection refuses to grow the file (PRAGMA max_page_count), as on
 * a full disk, while real providers type. The promise: no edit is acknowledged that is not
 * stored, editors are told "not saved", nothing the server holds in memory is unstored (so
 * unloading loses nothing), and every edit typed is stored once there is room again.
 * The server runs in this process, so the test reaches its connection; the clients do not
 * block on it (a full disk fails fast, unlike a lock: see write-lock.test.ts).
 */
describe('a full disk: the real SQLite database refuses writes', () => {
  let server: TestServer | undefined;
  const editors: { destroy(): void }[] = [];

  afterEach(async () => {
    for (const editor of editors.splice(0)) editor.destroy();
    await server?.close();
    server = undefined;
  });

  it('no edit is acknowledged while writes fail, none is unloaded unsaved, and all are stored once there is room', async () => {
    const seed = seedFrom('SEED');
    console.log(`disk-full seed=${seed} (replay: SEED=${seed})`);
    const random = seededRandom(seed);
    // No compaction while typing (it would free log pages and make room); unloading still compacts.
    server = await startServer({ config: { compactAfterUpdates: 1_000_000 } });
    const { id } = await createStatement(server.baseUrl, { markdown: 'Opening words.' });
    const name = statementDocumentName(id);
    const hocuspocus = server.app.jointly.collaboration.hocuspocus;
    const typists = [0, 1].map((n) => new Typist(server!, id, { prefix: `t${n}w`, random }));
    editors.push(...typists);
    // Someone reading along keeps the document loaded while the typists are refused.
    const reader = await WireEditor.connect(server, id);
    // The filler types the disk full: one character at a time, the smallest update there is.
    const filler = await WireEditor.connect(server, id);
    editors.push(reader, filler);
    for (const typist of typists) {
      await typist.editor.synced();
      typist.typeOne();
      await typist.editor.settled();
    }
    filler.appendParagraph('filler');
    await filler.settled();

    // The disk is full: the file may not grow by one page, and the filler types until a write no longer fits.
    const filledAt = performance.now();
    const disk = fillDisk(serverDatabase(server.app.jointly.store));
    let fillerEdits = 0;
    for (;;) {
      const blocks = filler.bodyTexts();
      const mine = blocks.findIndex((text) => text.toString().startsWith('filler'));
      filler.insertText(mine, blocks[mine]!.length, 'x');
      await waitFor(() => filler.tap.outstandingFrames === 0 || filler.tap.closes.length > 0, 'the filler edit to be answered', 10_000, 2);
      if (filler.tap.closes.some((close) => close.code === CloseCodes.StorageUnavailable.code)) break;
      if (++fillerEdits > 2_000) throw new Error('2,000 edits and the disk is still not full');
    }
    filler.destroy();
    const loggedAtFault = updatesLoggedSoFar(server);
    const acknowledgedAtFault = new Set(typists.flatMap((typist) => typist.acknowledged));

    // Now everyone types for a while; someone opens the statement and types too.
    const newcomer = new Typist(server, id, { prefix: 'n0w', random });
    editors.push(newcomer);
    const everyone = [...typists, newcomer];
    for (const typist of everyone) typist.start();
    const violations: string[] = [];
    const saidSaved: string[] = [];
    let samples = 0;
    const faultEndsAt = Date.now() + FAULT_MS;
    while (Date.now() < faultEndsAt) {
      await sleep(100);
      samples++;
      // Read what was acknowledged first, then storage: anything acknowledged must already be stored.
      const acknowledged = everyone.flatMap((typist) => typist.acknowledged);
      violations.push(...missingFrom(storedWords(server.dataDir, id), acknowledged));
      // An editor with unacknowledged typing must not read "All changes saved".
      for (const typist of everyone) {
        const unacknowledged = typist.typed.length - typist.acknowledged.length;
        if (unacknowledged > 0 && typist.syncState() === 'saved') saidSaved.push(`${typist.typed[0]} (${unacknowledged} unacknowledged)`);
      }
      if (!hocuspocus.documents.has(name)) violations.push('the document unloaded while the reader had it open');
    }
    for (const typist of everyone) await typist.stop();
    const typedDuringFault = everyone.flatMap((typist) => typist.typed.filter((token) => !acknowledgedAtFault.has(token)));
    const acknowledgedDuringFault = everyone.flatMap((typist) => typist.acknowledged.filter((token) => !acknowledgedAtFault.has(token)));

    expect(violations, 'acknowledged but not stored').toEqual([]);
    expect(saidSaved, '"All changes saved" with edits unacknowledged').toEqual([]);
    expect(typedDuringFault.length).toBeGreaterThan(30);
    expect(acknowledgedDuringFault, 'acknowledged while the disk was full').toEqual([]);
    expect(updatesLoggedSoFar(server), 'log entries written while the disk was full').toBe(loggedAtFault);
    // Each editor is told "not saved" by the rules the browser's sync indicator uses.
    for (const typist of everyone) {
      expect(typist.syncState()).not.toBe('saved');
      expect(typist.editor.tap.closes.map((close) => close.code)).toContain(CloseCodes.StorageUnavailable.code);
    }
    // Nothing on the server is unsaved: what the open document holds is stored.
    const live = hocuspocus.documents.get(name);
    const liveWords = new Set(plainText(live!.getXmlFragment('default')).split(/\s+/).filter(Boolean));
    expect(missingFrom(storedWords(server.dataDir, id), liveWords), 'in memory but not stored').toEqual([]);

    // Everybody goes away while the disk is still full. Compacting on unload fails (no room),
    // the log is kept, and the document unloads: it held nothing the log lacks.
    for (const typist of everyone) await typist.goOffline();
    reader.destroy();
    await waitFor(() => hocuspocus.getDocumentsCount() === 0, 'the document to unload', 15_000);
    const stored = storedWords(server.dataDir, id);
    expect(missingFrom(stored, acknowledgedAtFault)).toEqual([]);
    expect(missingFrom(stored, liveWords)).toEqual([]);
    // Still full: someone opening the statement now reads every stored word (loading only reads).
    const lateReader = await WireEditor.connect(server, id);
    expect(missingFrom(lateReader.words(), liveWords), 'loaded while the disk is full').toEqual([]);
    lateReader.destroy();
    await waitFor(() => hocuspocus.getDocumentsCount() === 0, 'the document to unload again', 15_000);

    // Room again: the editors come back and every edit typed is stored and acknowledged.
    disk.lift();
    const liftedAt = performance.now();
    const fullMs = Math.round(liftedAt - filledAt);
    for (const typist of everyone) await typist.editor.goOnline();
    await waitFor(() => everyone.every((typist) => typist.acknowledged.length === typist.typed.length), 'every token typed to be acknowledged', 20_000);
    const storedMs = Math.round(performance.now() - liftedAt);
    const everyToken = everyone.flatMap((typist) => typist.typed);
    expect(missingFrom(storedWords(server.dataDir, id), everyToken)).toEqual([]);
    for (const typist of everyone) await typist.editor.settled(15_000);
    for (const typist of everyone) expect(typist.syncState()).toBe('saved');

    // And after a restart on the same data.
    for (const editor of editors.splice(0)) editor.destroy();
    await server.close();
    server = await startServer({ dataDir: server.dataDir });
    const fresh = await WireEditor.connect(server, id);
    editors.push(fresh);
    expect(missingFrom(fresh.words(), everyToken), 'lost over a restart').toEqual([]);

    const closeCodes: Record<string, number> = {};
    for (const typist of everyone) {
      for (const close of typist.editor.tap.closes) closeCodes[`${close.via}:${close.code}`] = (closeCodes[`${close.via}:${close.code}`] ?? 0) + 1;
    }
    console.log(`disk-full closes seen by the typists: ${JSON.stringify(closeCodes)}; ${samples} samples of storage and sync state while full`);
    console.log(
      `disk-full: full after ${fillerEdits} filler edits (${disk.pages} pages), refused for ${fullMs} ms; ` +
        `${typedDuringFault.length} tokens typed while full, 0 acknowledged; ` +
        `all ${everyToken.length} stored and acknowledged ${storedMs} ms after room was made, and still there after a restart`,
    );
  }, 60_000);
});
