import type { Attributes } from '@tiptap/core';
import Link from '@tiptap/extension-link';
import { markdownLinkDestination, markdownLinkTitle } from '../export/markdown-escape.ts';

/** Link targets a statement may carry: web pages and e-mail addresses, nothing executable. */
export function isSafeLinkTarget(url: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(url.trim());
}

/**
 * Links limited to {@link isSafeLinkTarget} on every way in (typing, pasting, HTML and
 * Markdown parsing) and on every way out: a link whose target is not allowed (a Y.Doc can be
 * written by any client) is exported as its text alone. Markdown destinations survive spaces
 * and parentheses.
 */
export const StatementLink = Link.extend({
  // From HTML (an import, a paste) a link keeps its target address and title only. Its class,
  // frame and rel are the export's own (a pasted `class="signatories"` would dress the text up
  // as the signatory block) and always take the defaults, which admission also requires.
  addAttributes() {
    const attributes: Attributes = this.parent?.() ?? {};
    const fromDefaults = (name: 'target' | 'rel' | 'class') => ({ ...attributes[name], default: attributes[name]?.default ?? null, parseHTML: () => null });
    return { ...attributes, target: fromDefaults('target'), rel: fromDefaults('rel'), class: fromDefaults('class') };
  },
  renderMarkdown: (node, helpers) => {
    const href = typeof node.attrs?.href === 'string' ? node.attrs.href : '';
    const text = helpers.renderChildren(node);
    if (!isSafeLinkTarget(href)) return text;
    const title = typeof node.attrs?.title === 'string' && node.attrs.title ? ` ${markdownLinkTitle(node.attrs.title)}` : '';
    return `[${text}](${markdownLinkDestination(href)}${title})`;
  },
}).configure({
  openOnClick: false,
  autolink: true,
  defaultProtocol: 'https',
  isAllowedUri: (url, { defaultValidate }) => defaultValidate(url) && isSafeLinkTarget(url),
});
