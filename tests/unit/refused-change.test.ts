import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { failureFromClose } from '../../client/collab/failures.ts';
import { describeRefusedChange, refusalReasonOf, trimmedInsertion, unsavedText } from '../../client/collab/refused-change.ts';
import { formatSize, refusedChangeWording } from '../../client/editor/refused-change-text.ts';
import { CloseCodes } from '../../shared/close-codes.ts';
import { statementJSONFromYDoc, writeStatementJSONToYDoc } from '../../shared/schema/ydoc.ts';
import { b, li, p, statement, ul } from '../helpers/doc-builders.ts';

/**
 * The pure parts of "a refusal a person can understand": which closes refuse a change, the
 * text offered back to the person (what the local document holds and the server's does not),
 * and the words of the dialog.
 */
describe('unsavedText: what was here and is not on the server', () => {
  const server = statement('Joint statement', p('We call for a moratorium on evictions.'), p('Signed together.'));

  it('is a pasted paragraph, exactly', () => {
    const local = statement('Joint statement', p('We call for a moratorium on evictions.'), p('A long pasted paragraph.'), p('Signed together.'));
    expect(unsavedText(server, local)).toBe('A long pasted paragraph.');
  });

  it('is only the words inserted into a paragraph, not the paragraph around them', () => {
    const local = statement('Joint statement', p('We call for a swift moratorium on evictions.'), p('Signed together.'));
    expect(unsavedText(server, local)).toBe('swift');
  });

  it('keeps pasted paragraphs together, one blank line between them', () => {
    const local = statement(
      'Joint statement',
      p('We call for a moratorium on evictions.'),
      p('First pasted.'),
      p('Second pasted.'),
      p('Third pasted.'),
      p('Signed together.'),
    );
    expect(unsavedText(server, local)).toBe('First pasted.\n\nSecond pasted.\n\nThird pasted.');
  });

  it('continues a paste that starts inside a paragraph into the paragraphs after it', () => {
    const local = statement('Joint statement', p('We call for a moratorium on evictions. Pasted start'), p('pasted end.'), p('Signed together.'));
    expect(unsavedText(server, local)).toBe('Pasted start\n\npasted end.');
  });

  it('gives separate insertions as separate passages', () => {
    const local = statement('Joint statement', p('We call for a moratorium on evictions. One.'), p('Signed together. Two.'));
    expect(unsavedText(server, local)).toBe('One.\n\nTwo.');
  });

  it('looks into lists and the title', () => {
    const local = statement('Joint statement on housing', p('We call for a moratorium on evictions.'), ul(li(p('In a list.'))), p('Signed together.'));
    expect(unsavedText(server, local)).toBe('on housing\n\nIn a list.');
  });

  it('is empty when only formatting changed or text was deleted', () => {
    expect(unsavedText(server, statement('Joint statement', p('We call for a ', b('moratorium'), ' on evictions.'), p('Signed together.')))).toBe('');
    expect(unsavedText(server, statement('Joint statement', p('We call for a moratorium on evictions.')))).toBe('');
    expect(unsavedText(server, server)).toBe('');
  });
});

describe('trimmedInsertion: the bounded fallback for huge texts', () => {
  it('is the inserted text, widened to whole words', () => {
    expect(trimmedInsertion('We call for a moratorium.', 'We call for a swift moratorium.')).toBe('swift ');
    // "wo|nderful": the shared start ends inside a word; the whole word is given.
    expect(trimmedInsertion('Hello world', 'Hello wonderful world')).toBe('wonderful world');
    expect(trimmedInsertion('Intro.', 'Intro.\n\nPasted.')).toBe('\n\nPasted.');
    expect(trimmedInsertion('Intro. Outro.', 'Intro.')).toBe('');
    expect(trimmedInsertion('same', 'same')).toBe('');
  });

  it('keeps a huge paste into a long paragraph fast', () => {
    const words = (n: number, word: string) => Array.from({ length: n }, (_, k) => `${word}${k}`).join(' ');
    const paragraph = words(5_000, 'kept');
    const pasted = words(200_000, 'pasted');
    const started = performance.now();
    const text = unsavedText(statement('T', p(paragraph)), statement('T', p(`${paragraph.slice(0, 20_000)} ${pasted} ${paragraph.slice(20_000)}`)));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(text).toContain(pasted);
    expect(text.length).toBeLessThan(pasted.length + 40);
  });
});

describe('describeRefusedChange: from the refused Y.Doc and the server’s', () => {
  it('offers the refused text and measures what the server lacked', () => {
    const serverDoc = new Y.Doc();
    writeStatementJSONToYDoc(serverDoc, statement('Joint statement', p('Intro.')));
    // This device had the server's state, then pasted a long paragraph.
    const localDoc = new Y.Doc();
    Y.applyUpdate(localDoc, Y.encodeStateAsUpdate(serverDoc));
    const pasted = 'Refused words. '.repeat(1_000).trim();
    localDoc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(pasted)]);
      localDoc.getXmlFragment('default').push([paragraph]);
    });
    // A fresh Y.Doc synced from the server (as the replacing session has).
    const resynced = new Y.Doc();
    Y.applyUpdate(resynced, Y.encodeStateAsUpdate(serverDoc));

    const change = describeRefusedChange(
      { reason: 'too-large', localJSON: statementJSONFromYDoc(localDoc), localState: Y.encodeStateAsUpdate(localDoc) },
      resynced,
    );
    expect(change.reason).toBe('too-large');
    expect(change.text).toBe(pasted);
    expect(change.bytes).toBeGreaterThan(pasted.length);
    expect(change.bytes).toBeLessThan(pasted.length + 200);
  });
});

describe('close codes: refused changes, and the connection failures around them', () => {
  it('treats UpdateTooLarge, UpdateRefused and InvalidUpdate as refused changes, by code or by reason', () => {
    expect(refusalReasonOf({ code: CloseCodes.UpdateTooLarge.code })).toBe('too-large');
    expect(refusalReasonOf({ code: 1000, reason: CloseCodes.UpdateTooLarge.reason })).toBe('too-large');
    expect(refusalReasonOf({ code: CloseCodes.UpdateRefused.code, reason: CloseCodes.UpdateRefused.reason })).toBe('not-accepted');
    expect(refusalReasonOf({ code: CloseCodes.InvalidUpdate.code })).toBe('unreadable');
    for (const close of [CloseCodes.Forbidden, CloseCodes.RateLimited, CloseCodes.StatementFrozen, { code: 1006, reason: '' }]) {
      expect(refusalReasonOf(close)).toBeNull();
    }
    // A refused change is not a failure of the connection: the session discards it instead.
    for (const close of [CloseCodes.UpdateTooLarge, CloseCodes.UpdateRefused, CloseCodes.InvalidUpdate]) expect(failureFromClose(close)).toBeNull();
  });

  it('reconnects after a pause when told to slow down, and says why', () => {
    for (const [close, kind] of [
      [CloseCodes.RateLimited, 'rate-limited'],
      [CloseCodes.SlowConsumer, 'slow-connection'],
      [CloseCodes.TooManyConnections, 'too-many-connections'],
      [CloseCodes.PresenceRefused, 'presence-refused'],
    ] as const) {
      const failure = failureFromClose(close);
      expect(failure?.kind).toBe(kind);
      expect(failure?.retrying).toBe(true);
      expect(failure?.pauseMs).toBeGreaterThanOrEqual(3_000);
    }
    expect(failureFromClose(CloseCodes.TooManyConnections)?.message).toMatch(/too many connections/);
    expect(failureFromClose(CloseCodes.AuthenticationTimeout)).toMatchObject({ kind: 'authentication-timeout', retrying: true });
    expect(failureFromClose(CloseCodes.Forbidden)).toMatchObject({ kind: 'forbidden', retrying: false });
    expect(failureFromClose(CloseCodes.StatementFrozen)).toBeNull();
    expect(failureFromClose(CloseCodes.AccessChanged)).toBeNull();
  });
});

describe('the refused-change dialog’s words', () => {
  it('says a change was too large, how large, and what to do', () => {
    const words = refusedChangeWording({ reason: 'too-large', text: 'Pasted.', bytes: 20_480 });
    expect(words.title).toBe('Your change was too large to save');
    expect(words.explanation).toBe(
      'Your last change (about 20 KB) was larger than the server accepts in one change, as a very long paste can be. Nothing of it was saved or shared with the others. The editor shows the saved text again, and you can keep editing.',
    );
    expect(words.advice).toBe('Below is the text that was not saved. Copy it to keep it, then add it again in smaller parts.');
  });

  it('says content was not accepted, and when no words were lost', () => {
    const words = refusedChangeWording({ reason: 'not-accepted', text: '', bytes: 300 });
    expect(words.title).toBe('Your change was not accepted');
    expect(words.explanation).toMatch(/^The server did not accept your last change: it held content a statement may not contain/);
    expect(words.advice).toBe('No words were lost: the change only affected formatting or layout.');
    expect(refusedChangeWording({ reason: 'unreadable', text: 'x', bytes: 1 }).title).toBe('Your change could not be saved');
  });

  it('formats sizes in KB and MB', () => {
    expect(formatSize(10)).toBe('1 KB');
    expect(formatSize(16 * 1024 + 100)).toBe('16 KB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
