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

/** The link at the cursor (or around the selection): its address, or '' when there is none. */
export function currentLinkTarget(editor: Editor): string {
  return (editor.getAttributes('link') as { href?: string }).href ?? '';
}

/**
 * Applies the address a person typed in the link dialog (./link-dialog.tsx): edits the link
 * at the cursor, links the selected text, or, with nothing selected outside a link, inserts
 * the address itself as the link's text. Returns false (and changes nothing) when the address
 * is not an http, https or mailto URL once normalized.
 */
export function applyLink(editor: Editor, input: string): boolean {
  const href = normalizeLinkTarget(input);
  if (!href) return false;
  if (editor.state.selection.empty && !editor.isActive('link')) {
    editor
      .chain()
      .focus()
      .insertContent({ type: 'text', text: input.trim(), marks: [{ type: 'link', attrs: { href } }] })
      .run();
    return true;
  }
  editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
  return true;
}

/** Removes the link at the cursor, keeping its text. */
export function removeLink(editor: Editor): void {
  editor.chain().focus().extendMarkRange('link').unsetLink().run();
}
