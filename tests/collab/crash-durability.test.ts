import { afterEach, describe, expect, it } from 'vitest';
import { createStatement } from '../helpers/api.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { makeDataDir } from '../helpers/test-server.ts';

const EDITS = 40;

/**
 * Makes EDITS edits, each waited for until the server acknowledged it, SIGKILLs the server
 * right after the last acknowledgement, starts a new server on the same data and reports
 * which acknowledged edits it holds.
 */
async function crashAfterAcknowledgedEdits(
  persistence: 'durable-log' | 'debounced',
  children: ChildServer[],
): Promise<{ acknowledged: string[]; missing: string[] }> {
  const dataDir = makeDataDir();
  const first = await startChildServer(dataDir, {}, persistence === 'debounced' ? 'debounced' : 'main');
  children.push(first);
  const { id } = await createStatement(first.baseUrl, { markdown: 'Base.' });
  const author = await EditorClient.connect(first, id);
  const acknowledged: string[] = [];
  for (let i = 0; i < EDITS; i++) {
    const edit = `edit-${i}`;
    if (i % 2 === 0) author.appendParagraph(edit);
    else author.insertText(0, 0, `${edit} `);
    await author.acknowledged();
    acknowledged.push(edit);
  }
  first.process.kill('SIGKILL');
  await first.exited;
  // The author goes away with the server: nothing may be re-sent from its memory.
  author.destroy();

  const second = await startChildServer(dataDir, {}, persistence === 'debounced' ? 'debounced' : 'main');
  children.push(second);
  const reader = await EditorClient.connect(second, id);
  const text = reader.paragraphs().join('\n');
  reader.destroy();
  return { acknowledged, missing: acknowledged.filter((edit) => !new RegExp(`\\b${edit}\\b`).test(text)) };
}

describe('an acknowledged edit survives SIGKILL of the server', () => {
  const children: ChildServer[] = [];

  afterEach(() => {
    for (const child of children.splice(0)) child.process.kill('SIGKILL');
  });

  it('with the durable update log, a restarted server holds every acknowledged edit', async () => {
    const { acknowledged, missing } = await crashAfterAcknowledgedEdits('durable-log', children);
    expect(acknowledged).toHaveLength(EDITS);
    expect(missing).toEqual([]);
  });

  it('the same check catches the stock debounced store, which acknowledges before it stores', async () => {
    const { acknowledged, missing } = await crashAfterAcknowledgedEdits('debounced', children);
    expect(acknowledged).toHaveLength(EDITS);
    // This is the failure the durable log exists to prevent: acknowledged edits lost in a crash.
    expect(missing.length).toBeGreaterThan(0);
  });
});
