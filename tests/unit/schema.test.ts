import { generateJSON } from '@tiptap/html/server';
import { describe, expect, it } from 'vitest';
import { isSafeLinkTarget, statementExtensions, statementSchema } from '../../shared/schema/extensions.ts';
import { buildInitialState } from '../../server/seed/initial-state.ts';
import * as Y from 'yjs';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';

describe('the statement schema', () => {
  it('is a title followed by body blocks', () => {
    expect(statementSchema.topNodeType.spec.content).toBe('title block+');
    expect(statementSchema.nodes.title!.spec.marks).toBe('');
  });

  it.each([
    ['https://example.org/a(b)', true],
    ['HTTP://EXAMPLE.ORG', true],
    ['mailto:press@example.org', true],
    ['javascript:alert(1)', false],
    [' JavaScript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['ftp://example.org', false],
    ['tel:+4912345', false],
  ])('link target %s allowed: %s', (url, allowed) => {
    expect(isSafeLinkTarget(url)).toBe(allowed);
  });

  it('drops links with unsafe targets when parsing HTML, keeping their text', () => {
    const json = generateJSON(
      '<h1 data-type="title">T</h1><p><a href="javascript:alert(1)">click</a> and <a href="https://ok.example">ok</a></p>',
      statementExtensions(),
    );
    const text = JSON.stringify(json);
    expect(text).not.toContain('javascript:');
    expect(text).toContain('click');
    expect(text).toContain('https://ok.example');
  });

  it('seeds a title-only source with one empty paragraph, as the schema requires', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, buildInitialState({ title: 'Only a title' }));
    expect(statementJSONFromYDoc(doc)).toEqual({
      type: 'doc',
      content: [{ type: 'title', content: [{ type: 'text', text: 'Only a title' }] }, { type: 'paragraph' }],
    });
  });
});
