import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCodes } from '../../shared/close-codes.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { createStatement, signUp, type Person } from '../helpers/api.ts';
import { EditorClient, waitForSameState } from '../helpers/editor-client.ts';
import { updatesLoggedSoFar } from '../helpers/stored-document.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { UpdateAnswers } from '../helpers/update-answers.ts';

/**
 * Lock and publish freeze the text before they read it; a refused publish thaws it again
 * without any write to the database. An editor whose edit arrived in that window was made
 * read-only by the freeze and must be able to edit again afterwards.
 */
describe('a lock or publish that freezes and then fails', () => {
  let server: TestServer;
  let lead: Person;

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl, 'Amal', 'Housing Now');
  });
  afterAll(async () => server.close());

  it('leaves no editor read-only once the text thaws', async () => {
    const statement = await createStatement(server.baseUrl, { title: 'Thaw', markdown: 'Start.' }, lead);
    const writer = await EditorClient.connect(server, statement.id, lead);
    const reader = await EditorClient.connect(server, statement.id, lead);
    const { freezer } = server.app.jointly.collaboration;
    const name = statementDocumentName(statement.id);
    await writer.acknowledged();
    const answers = UpdateAnswers.ofEditor(writer);
    const serverText = () => server.app.jointly.collaboration.hocuspocus.documents.get(name)?.getXmlFragment('default').toString() ?? '';

    freezer.freeze(name);
    const logged = updatesLoggedSoFar(server);
    writer.appendParagraph('Typed while frozen.');
    // Refused: the connection goes read-only ("not applied"), or, had the frame passed the
    // access check before the freeze, it is closed 4423. Nothing is stored either way.
    expect([{ kind: 'refused' }, { kind: 'closed', code: CloseCodes.StatementFrozen.code }]).toContainEqual(await answers.next('the edit while frozen'));
    expect(updatesLoggedSoFar(server)).toBe(logged);
    expect(serverText()).not.toContain('Typed while frozen.');
    freezer.thaw(name);

    writer.appendParagraph('Typed after the thaw.');
    await writer.acknowledged(10_000);
    await waitForSameState([writer, reader]);
    expect(reader.paragraphs()).toContain('Typed after the thaw.');
    writer.destroy();
    reader.destroy();
  });
});
