import { describe, expect, it } from 'vitest';
import { createStatement } from '../helpers/api.ts';
import { startChildServer } from '../helpers/child-server.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { makeDataDir, startServer } from '../helpers/test-server.ts';

describe('graceful shutdown', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal} the server stores open documents, closes the database and exits 0`, async () => {
      const dataDir = makeDataDir();
      const child = await startChildServer(dataDir);
      const { id } = await createStatement(child.baseUrl, { markdown: 'Base.' });
      const editor = await EditorClient.connect(child, id);
      editor.appendParagraph(`written before ${signal}`);
      await editor.acknowledged();

      child.process.kill(signal);
      const exit = await child.exited;
      editor.destroy();
      expect(exit, child.output()).toEqual({ code: 0, signal: null });

      // The open document was compacted on its way out: one snapshot, an empty log.
      const server = await startServer({ dataDir });
      try {
        expect(await server.app.jointly.store.documents.countLogged(`statement:${id}`)).toBe(0);
        const reader = await EditorClient.connect(server, id);
        expect(reader.paragraphs()).toEqual(['Base.', `written before ${signal}`]);
        reader.destroy();
      } finally {
        await server.close();
      }
    });
  }
});
