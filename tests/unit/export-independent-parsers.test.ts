import type { JSONContent } from '@tiptap/core';
import { JSDOM } from 'jsdom';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { createHtmlSanitizer, statementToHtmlFragment } from '../../shared/export/html.ts';
import { statementToMarkdown } from '../../shared/export/markdown.ts';
import { a, b, br, c, h, i, li, ol, p, quote, statement, ul } from '../helpers/doc-builders.ts';

/** A statement as partners write them: several paragraphs, emphasis, lists, links and awkward characters. */
const doc = statement(
  'Joint statement on winter evictions #2',
  p('We, the undersigned organizations, call on the ', b('city council'), ' to stop evictions from 1 November to 31 March.'),
  p('1. This sentence starts like a list; ', i('*this*'), ' has stars; [brackets] and <b>tags</b> & ampersands stay text.'),
  h(2, 'Our demands'),
  ol(1, li(p('No evictions in winter.')), li(p('Legal advice for every tenant, see ', a('https://example.org/legal aid (2026)', 'the report'), '.'))),
  ul(li(p('Housing first'), ul(li(p('nested, with ', c('code')))))),
  quote(p('“Nobody should lose their home in winter.”')),
  p('Contact: ', a('mailto:press@example.org', 'press@example.org'), br(), '# not a heading, 2) not a list'),
);
const signatories = [{ name: 'Tenants Union' }, { name: 'Legal Aid_Collective [Berlin]' }];

/** Each text block's text, in document order (a hard break is a newline). */
function documentBlocks(node: JSONContent): string[] {
  if (node.type === 'title' || node.type === 'paragraph' || node.type === 'heading' || node.type === 'codeBlock') {
    return [(node.content ?? []).map((n) => (n.type === 'hardBreak' ? '\n' : (n.text ?? ''))).join('')];
  }
  return (node.content ?? []).flatMap(documentBlocks);
}

/** The same from rendered HTML, read by jsdom: headings, paragraphs, code, and list items without a paragraph. */
function htmlBlocks(html: string): string[] {
  const { document } = new JSDOM(html).window;
  const blocks: string[] = [];
  for (const element of Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, p, pre, li'))) {
    if (element.tagName === 'LI') {
      if (element.querySelector(':scope > p')) continue;
      const own = element.cloneNode(true) as Element;
      for (const nested of Array.from(own.querySelectorAll('ul, ol'))) nested.remove();
      blocks.push(textOf(own));
    } else {
      blocks.push(textOf(element));
    }
  }
  return blocks;
}

function textOf(element: Element): string {
  const copy = element.cloneNode(true) as Element;
  // White space right after a <br> does not render (markdown-it writes "<br>\n").
  for (const lineBreak of Array.from(copy.querySelectorAll('br'))) lineBreak.replaceWith('\u2028');
  return (copy.textContent ?? '').replace(/[ \t\n]*\u2028[ \t\n]*/g, '\n').trim();
}

const expected = [...documentBlocks(doc), 'Signatories', ...signatories.map((s) => s.name)];

describe('exports read by independent parsers', () => {
  it('the exported Markdown, rendered by markdown-it, has the same text block for block', () => {
    const markdown = statementToMarkdown(doc, { signatories });
    const rendered = new MarkdownIt({ html: false }).render(markdown);
    expect(htmlBlocks(rendered)).toEqual(expected);
    // Nothing in the text became markup: the only links are the two the document has.
    expect(new JSDOM(rendered).window.document.querySelectorAll('a').length).toBe(2);
  });

  it('the exported HTML, parsed by jsdom, has the same text block for block', () => {
    const html = statementToHtmlFragment(doc, { signatories }, createHtmlSanitizer(new JSDOM('').window));
    expect(htmlBlocks(html)).toEqual(expected);
    const links = Array.from(new JSDOM(html).window.document.querySelectorAll('a')).map((link) => link.getAttribute('href'));
    expect(links).toEqual(['https://example.org/legal aid (2026)', 'mailto:press@example.org']);
  });
});
