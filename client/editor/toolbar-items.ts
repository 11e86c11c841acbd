import type { ChainedCommands, Editor } from '@tiptap/core';

/**
 * The formatting the statement schema offers, as toolbar actions. Each item says how to
 * run it, whether it applies at the cursor (`run` on a dry-run chain) and, for toggles,
 * whether it is active. Shortcuts are the ones StarterKit already binds; they are shown,
 * not added. Undo/redo is deliberately absent (Yjs history comes later).
 */
export interface ToolbarItem {
  id: string;
  label: string;
  /** Text on the button (short; the label is the accessible name). */
  glyph: string;
  /** ProseMirror key names, e.g. 'Mod-b'; shown in the tooltip and aria-keyshortcuts. */
  shortcut?: string;
  /** Applies the formatting to a chain (which already focuses the editor). */
  apply?: (chain: ChainedCommands) => ChainedCommands;
  /** For actions that are not a single chain. */
  perform?: (editor: Editor) => void;
  /** The action opens a dialog the toolbar shows (`link`: ./link-dialog.tsx) instead of running. */
  dialog?: 'link';
  isActive?: (editor: Editor) => boolean;
  /** Whether the action can apply at the current selection (defaults to a dry run of `apply`). */
  canRun?: (editor: Editor) => boolean;
}

export type ToolbarGroup = { label: string; items: ToolbarItem[] };

const heading = (level: 1 | 2 | 3): ToolbarItem => ({
  id: `heading-${level}`,
  label: `Heading ${level}`,
  glyph: `H${level}`,
  shortcut: `Mod-Alt-${level}`,
  apply: (c) => c.toggleHeading({ level }),
  isActive: (e) => e.isActive('heading', { level }),
});

export const TOOLBAR_GROUPS: ToolbarGroup[] = [
  {
    label: 'Text style',
    items: [
      { id: 'bold', label: 'Bold', glyph: 'B', shortcut: 'Mod-b', apply: (c) => c.toggleBold(), isActive: (e) => e.isActive('bold') },
      { id: 'italic', label: 'Italic', glyph: 'I', shortcut: 'Mod-i', apply: (c) => c.toggleItalic(), isActive: (e) => e.isActive('italic') },
      { id: 'underline', label: 'Underline', glyph: 'U', shortcut: 'Mod-u', apply: (c) => c.toggleUnderline(), isActive: (e) => e.isActive('underline') },
      { id: 'strike', label: 'Strikethrough', glyph: 'S', shortcut: 'Mod-Shift-s', apply: (c) => c.toggleStrike(), isActive: (e) => e.isActive('strike') },
      { id: 'code', label: 'Inline code', glyph: '</>', shortcut: 'Mod-e', apply: (c) => c.toggleCode(), isActive: (e) => e.isActive('code') },
      {
        id: 'link',
        label: 'Link',
        glyph: 'Link',
        dialog: 'link',
        isActive: (e) => e.isActive('link'),
        canRun: (e) => e.isActive('link') || e.can().setLink({ href: 'https://example.org' }),
      },
    ],
  },
  { label: 'Headings', items: [heading(1), heading(2), heading(3)] },
  {
    label: 'Blocks',
    items: [
      {
        id: 'bullet-list',
        label: 'Bullet list',
        glyph: '•',
        shortcut: 'Mod-Shift-8',
        apply: (c) => c.toggleBulletList(),
        isActive: (e) => e.isActive('bulletList'),
      },
      {
        id: 'ordered-list',
        label: 'Numbered list',
        glyph: '1.',
        shortcut: 'Mod-Shift-7',
        apply: (c) => c.toggleOrderedList(),
        isActive: (e) => e.isActive('orderedList'),
      },
      { id: 'blockquote', label: 'Quote', glyph: '❝', shortcut: 'Mod-Shift-b', apply: (c) => c.toggleBlockquote(), isActive: (e) => e.isActive('blockquote') },
      {
        id: 'code-block',
        label: 'Code block',
        glyph: '{ }',
        shortcut: 'Mod-Alt-c',
        apply: (c) => c.toggleCodeBlock(),
        isActive: (e) => e.isActive('codeBlock'),
      },
    ],
  },
  {
    label: 'Insert',
    items: [
      { id: 'horizontal-rule', label: 'Horizontal line', glyph: '―', apply: (c) => c.setHorizontalRule() },
      {
        id: 'hard-break',
        label: 'Line break',
        glyph: '↵',
        shortcut: 'Shift-Enter',
        apply: (c) => c.setHardBreak(),
        // setHardBreak "succeeds" where a break is not allowed (the title) by inserting it elsewhere; offer it only in place.
        canRun: (e) => {
          const { $from } = e.state.selection;
          const type = e.schema.nodes.hardBreak;
          return !!type && $from.parent.canReplaceWith($from.index(), $from.index(), type) && e.can().setHardBreak();
        },
      },
    ],
  },
];

/** Runs an item against the editor. */
export function runItem(editor: Editor, item: ToolbarItem): void {
  if (item.perform) item.perform(editor);
  else if (item.apply) item.apply(editor.chain().focus()).run();
}

/** Whether an item applies at the current selection. */
export function canRunItem(editor: Editor, item: ToolbarItem): boolean {
  if (!editor.isEditable) return false;
  if (item.canRun) return item.canRun(editor);
  return item.apply ? item.apply(editor.can().chain()).run() : true;
}

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** 'Mod-Shift-s' → 'Ctrl+Shift+S' (or '⌘⇧S' on a Mac), for tooltips. */
export function describeShortcut(shortcut: string): string {
  const parts = shortcut.split('-').map((part) => {
    if (part === 'Mod') return IS_MAC ? '⌘' : 'Ctrl';
    if (part === 'Alt') return IS_MAC ? '⌥' : 'Alt';
    if (part === 'Shift') return IS_MAC ? '⇧' : 'Shift';
    return part.length === 1 ? part.toUpperCase() : part;
  });
  return parts.join(IS_MAC ? '' : '+');
}

/** 'Mod-Shift-s' → 'Control+Shift+S' (or 'Meta+Shift+S'), the aria-keyshortcuts syntax. */
export function ariaShortcut(shortcut: string): string {
  return shortcut
    .split('-')
    .map((part) => (part === 'Mod' ? (IS_MAC ? 'Meta' : 'Control') : part.length === 1 ? part.toUpperCase() : part))
    .join('+');
}
