/**
 * Escaping that @tiptap/markdown leaves to us. Its text encoder backslash-escapes the inline
 * delimiters (`\ ` * _ [ ] ~`) and turns `<`, `>` and `&` into entities, so raw HTML never
 * passes through; these helpers add what only a block or a link knows about.
 */

/** Text at the start of a line that CommonMark would read as the start of a block. */
const BLOCK_START = [
  /^(#{1,6})(?=[ \t]|$)/, // ATX heading
  /^([-+])(?=[ \t]|$)/, // bullet list item (`*` is already escaped inline)
  /^(\d{1,9})([.)])(?=[ \t]|$)/, // ordered list item
  /^(=+|-+)(?=[ \t]*$)/, // setext heading underline or thematic break
  /^(\|)/, // GFM table row
];

/**
 * Escapes one rendered line of inline Markdown so it stays paragraph text: block markers
 * at its start get a backslash. Leading spaces are dropped, as CommonMark and HTML both do
 * (four of them would otherwise turn the line into an indented code block).
 */
export function escapeLineStart(line: string): string {
  const rest = line.replace(/^[ \t]+/, '');
  for (const pattern of BLOCK_START) {
    const match = pattern.exec(rest);
    if (!match) continue;
    return match[2] === undefined ? `\\${rest}` : `${match[1]}\\${rest.slice(match[1]!.length)}`;
  }
  return rest;
}

/** Applies {@link escapeLineStart} to every line of a paragraph (hard breaks start new lines). */
export function escapeBlockStarts(markdown: string): string {
  return markdown.split('\n').map(escapeLineStart).join('\n');
}

/**
 * A link destination that parses back to exactly `href`: bare when it has no spaces, angle
 * brackets, backslashes or unbalanced parentheses, otherwise in `<…>` with `<`, `>` and `\`
 * escaped (CommonMark 6.3).
 */
export function markdownLinkDestination(href: string): string {
  if (/^[^\s<>\\]*$/.test(href) && hasBalancedParentheses(href)) return href;
  return `<${href.replace(/[\n\r]/g, '').replace(/[<>\\]/g, '\\$&')}>`;
}

/**
 * A link title in double quotes, on one line (a new line could start a block, raw HTML
 * included), with quotes and backslashes escaped and `<`, `>`, `&` as entities.
 */
export function markdownLinkTitle(title: string): string {
  const oneLine = title.replace(/\s+/g, ' ').trim();
  return `"${encodeMarkdownEntities(oneLine.replace(/["\\]/g, '\\$&'))}"`;
}

/**
 * The Markdown of a heading (or the title): `#`s, then the rendered text on one line (a
 * hard break would end the heading and start a new block) with a closing `#` run escaped.
 */
export function headingMarkdown(level: number, renderedText: string): string {
  return `${'#'.repeat(level)} ${escapeHeadingEnd(renderedText.replace(/[ \t]*\n[ \t]*/g, ' '))}`;
}

function hasBalancedParentheses(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Markdown-escapes plain text such as an organization's name for a list item or a line. */
export function escapeMarkdownText(text: string): string {
  return encodeMarkdownEntities(text.replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`))
    .replace(/\s+/g, ' ')
    .trim();
}

/** `&`, `<` and `>` as entities: in Markdown text they can start raw HTML or a reference. */
function encodeMarkdownEntities(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Heading text whose last word is a run of "#" keeps it: CommonMark would drop it as a closing sequence. */
export function escapeHeadingEnd(text: string): string {
  return text.replace(/(^|[ \t])(#+)([ \t]*)$/, '$1\\$2$3');
}
