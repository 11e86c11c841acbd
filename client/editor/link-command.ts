import type { Editor } from '@tiptap/core';
import { isSafeLinkTarget } from '../../shared/schema/extensions.ts';

/**
 * Turns what a person typed into a link target: adds https:// (or mailto: for an e-mail
 * address) when no scheme is given. Null when the result is not an http, https or mailto URL.
 */
export function normalizeLinkTarget(input: string): string | null {
  let target = input.trim();
  if (target === '' || target.startsWith('/')) return null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    target = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(target) ? `mailto:${target}` : `https://${target}`;
  }
  try {
    const url = new URL(target);
    if (!isSafeLinkTarget(url.href)) return null;
    if (url.protocol !== 'mailto:' && !url.hostname) return null;
    return url.href;
  } catch {
    return null;
  }
}

/**
 * The toolbar's link action: asks for a URL (prefilled with the current one). An empty
 * answer removes the link; cancelling changes nothing. With no text selected, the URL
 * itself is inserted as the link text.
 */
export function promptForLink(editor: Editor): void {
  const current = (editor.getAttributes('link') as { href?: string }).href ?? '';
  const answer = window.prompt(current ? 'Edit the link (leave empty to remove it):' : 'Link to (https://… or an e-mail address):', current);
  if (answer === null) return;
  if (answer.trim() === '') {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    return;
  }
  const href = normalizeLinkTarget(answer);
  if (!href) {
    window.alert('Links must be web addresses (http or https) or e-mail addresses.');
    return;
  }
  if (editor.state.selection.empty && !editor.isActive('link')) {
    editor
      .chain()
      .focus()
      .insertContent({ type: 'text', text: answer.trim(), marks: [{ type: 'link', attrs: { href } }] })
      .run();
    return;
  }
  editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
}
