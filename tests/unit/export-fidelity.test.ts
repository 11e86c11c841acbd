import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { documentToHtml, htmlToDocument } from '../../shared/export/html.ts';
import { documentToMarkdown, markdownToDocument } from '../../shared/export/markdown.ts';
import { statementSchema } from '../../shared/schema/extensions.ts';
import { a, b, br, c, code, h, hr, i, li, ol, p, quote, s, statement, u, ul } from '../helpers/doc-builders.ts';

const normalize = (doc: JSONContent): JSONContent => statementSchema.nodeFromJSON(doc).toJSON() as JSONContent;

/** Documents covering every node and mark of the schema and the characters Markdown gives meaning to. */
const documents: [string, JSONContent][] = [
  ['paragraphs', statement('Winter moratorium', p('We call for a moratorium.'), p('Second paragraph.'))],
  ['every heading level', statement('Title', h(1, 'One'), h(2, 'Two'), h(3, 'Three'), h(4, 'Four'), h(5, 'Five'), h(6, 'Six'))],
  ['a heading and a title ending in #', statement('We are #', h(2, 'We are #'))],
  ['every mark', statement('Marks', p(b('bold'), ' ', i('italic'), ' ', s('struck'), ' ', c('code'), ' ', u('underlined'), ' ', b(i('both'))))],
  ['a bold link', statement('Title', p('see ', b(a('https://example.org', 'the site'))))],
  [
    'special characters',
    statement('Stars * and _under_ # [x]', p('Stars * and _under_ # hash > quote [brackets] back\\slash `tick` ~tilde~ <b>html</b> &amp; | pipe!')),
  ],
  [
    'block markers at the start of a paragraph',
    statement(
      '1. Title',
      p('1. not a list'),
      p('2) nor this'),
      p('# not a heading'),
      p('- not a bullet'),
      p('+ plus'),
      p('* star'),
      p('> not a quote'),
      p('---'),
      p('==='),
      p('| not | a table |'),
      p('```not code'),
    ),
  ],
  ['block markers after a hard break', statement('Title', p('line one', br(), '1. still text', br(), '# still text', br(), '---', br(), '> text'))],
  ['hard breaks', statement('Title', p('line one', br(), 'line two'), p(b('bold'), br(), i('italic')))],
  [
    'links with parentheses, spaces and angle brackets',
    statement(
      'Title',
      p(
        a('https://en.wikipedia.org/wiki/Foo_(bar)', 'wiki'),
        ' ',
        a('https://example.org/a b/c d.pdf', 'spaced'),
        ' ',
        a('https://example.org/x)y', 'unbalanced'),
        ' ',
        a('https://example.org/<x>', 'angled'),
        ' ',
        a('mailto:press@example.org', 'mail'),
      ),
    ),
  ],
  [
    'a link titled with quotes',
    statement('Title', p({ type: 'text', text: 'titled', marks: [{ type: 'link', attrs: { href: 'https://example.org', title: 'say "hi" \\ now' } }] })),
  ],
  ['nested lists', statement('Title', ul(li(p('a'), ol(1, li(p('a1')), li(p('a2'), ul(li(p('deep')))))), li(p('b'))))],
  ['an ordered list starting at 3', statement('Title', ol(3, li(p('three')), li(p('four'))))],
  ['a list item of several paragraphs', statement('Title', ul(li(p('first'), p('second'))))],
  ['quotes', statement('Title', quote(p('q1'), p('q2')), quote(ul(li(p('listed')))))],
  ['code blocks', statement('Title', code('js', 'let a = `x` * 2;\n# no heading\n<b>raw</b>'), code(null, 'plain'))],
  ['a code block holding fences', statement('Title', code('md', 'before\n```\nafter ```` four'))],
  ['a rule', statement('Title', p('above'), hr(), p('below'))],
  ['an empty title', statement('', p('body'))],
];

describe('export fidelity', () => {
  it('the table covers every node and mark of the schema', () => {
    const seen = new Set<string>();
    const visit = (node: JSONContent) => {
      seen.add(node.type!);
      for (const mark of node.marks ?? []) seen.add(mark.type);
      for (const child of node.content ?? []) visit(child);
    };
    for (const [, doc] of documents) visit(normalize(doc));
    expect([...seen].sort()).toEqual([...Object.keys(statementSchema.nodes), ...Object.keys(statementSchema.marks)].sort());
  });

  it.each(documents)('document → Markdown → document: %s', (_name, doc) => {
    const markdown = documentToMarkdown(doc);
    expect(markdownToDocument(markdown), markdown).toEqual(normalize(doc));
  });

  it.each(documents)('document → HTML → document: %s', (_name, doc) => {
    const html = documentToHtml(doc);
    expect(htmlToDocument(html), html).toEqual(normalize(doc));
  });

  it.each(documents)('Markdown → document → Markdown: %s', (_name, doc) => {
    // The canonical Markdown of each document must be a fixed point of parse-then-serialize.
    const markdown = documentToMarkdown(doc);
    expect(documentToMarkdown(markdownToDocument(markdown))).toBe(markdown);
  });

  it.each([
    ['# Title\n\nplain text\n'],
    ['# Title\n\n**bold** *italic* ~~struck~~ `code` ++underlined++\n'],
    ['# Title\n\n- one\n- two\n  1. nested\n'],
    ['# Title\n\n3. three\n4. four\n'],
    ['# Title\n\n> quoted\n>\n> twice\n'],
    ['# Title\n\nline one  \nline two\n'],
    ['# Title\n\n[wiki](https://en.wikipedia.org/wiki/Foo_(bar)) [spaced](<https://example.org/a b>)\n'],
    ['# Title\n\n1\\. not a list\n\n\\# not a heading\n'],
    ['# Title\n\n```js\nconst a = 1;\n```\n'],
    ['# Title\n\n---\n\n## Sub\n'],
  ])('hand-written Markdown survives a round trip unchanged: %j', (markdown) => {
    expect(documentToMarkdown(markdownToDocument(markdown))).toBe(markdown);
  });

  it('leaves empty paragraphs out of Markdown, which has no form for them', () => {
    const markdown = documentToMarkdown(statement('Title', p('a'), p(), p(), p('b')));
    expect(markdown).toBe('# Title\n\na\n\nb\n');
  });

  it('drops leading spaces and collapses runs of spaces, as HTML does, and never turns text into code', () => {
    const doc = statement('Title', p('    four spaces, then  two'));
    expect(markdownToDocument(documentToMarkdown(doc))).toEqual(normalize(statement('Title', p('four spaces, then  two'))));
    expect(htmlToDocument(documentToHtml(doc))).toEqual(normalize(statement('Title', p('four spaces, then two'))));
  });

  it('keeps a heading on one line when it holds a hard break, so what follows stays heading text', () => {
    const markdown = documentToMarkdown(statement('Title', h(2, 'first', br(), '1. second')));
    expect(markdownToDocument(markdown)).toEqual(normalize(statement('Title', h(2, 'first 1. second'))));
  });

  it('drops the code mark from inline code holding a backtick, which would close the span early, and keeps the text', () => {
    const markdown = documentToMarkdown(statement('Title', p('run ', c('a` <img src=x onerror=alert(1)> `b'))));
    expect(markdown).toBe('# Title\n\nrun a\\` &lt;img src=x onerror=alert(1)&gt; \\`b\n');
    expect(markdownToDocument(markdown)).toEqual(normalize(statement('Title', p('run a` <img src=x onerror=alert(1)> `b'))));
  });

  it('writes no link whose target is not http, https or mailto, keeping its text', () => {
    // The schema refuses such links on every way in, but a Y.Doc can be written by any client.
    const doc = statement('Title', p({ type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }));
    expect(documentToMarkdown(doc)).toBe('# Title\n\nclick\n');
  });
});
