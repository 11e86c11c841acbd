import { Alert } from '@mantine/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { useEffect, useState } from 'react';
import { STATEMENT_FRAGMENT, statementExtensions } from '../../shared/schema/extensions.ts';
import { flashCaretLabels, renderCaret, renderSelection, type LocalPresence } from '../collab/presence.ts';
import type { CollabSession } from '../collab/session.ts';
import { TitleLimit } from './title-limit.ts';
import { Toolbar } from './toolbar.tsx';
import './editor.css';

/** Shown in the body's one paragraph while the body holds no text (editor.css draws it only there). */
export const BODY_PLACEHOLDER = 'Write the statement…';

interface Props {
  session: CollabSession;
  /** This person's own awareness `user` (the server replaces it for everyone else; see ../collab/presence.ts). */
  presence: LocalPresence;
  /** Whether typing changes the text right now. */
  editable: boolean;
  /** The person may only read (viewer, or a read-only connection): no toolbar at all. */
  readOnly: boolean;
  /** Called with the title node's text whenever it changes. */
  onTitleChange?: (title: string) => void;
}

/**
 * The statement editor: the shared schema (shared/schema/extensions.ts) plus editor-only
 * extensions — Collaboration on the session's Y.Doc (fragment `default`) and
 * CollaborationCaret on its provider. It adds no node or mark types, and no ProseMirror
 * history (undo is Yjs's, through Collaboration). The title is the document's first node,
 * edited inline, up to MAX_TITLE_LENGTH characters (./title-limit.ts); an empty body shows
 * "Write the statement…" (a Placeholder decoration). Other people's carets are labelled "Name · Organization". Mount it only
 * once the session's content is ready (see CollabSnapshot).
 */
export function StatementEditor({ session, presence, editable, readOnly, onTitleChange }: Props) {
  const [contentError, setContentError] = useState(false);

  const editor = useEditor(
    {
      extensions: [
        ...statementExtensions(),
        Collaboration.configure({ document: session.ydoc, field: STATEMENT_FRAGMENT }),
        CollaborationCaret.configure({ provider: session.provider, user: presence, render: renderCaret, selectionRender: renderSelection }),
        TitleLimit,
        // A decoration, not content: the document (and so its content hash) is unchanged.
        Placeholder.configure({
          showOnlyCurrent: false,
          emptyNodeClass: 'is-empty',
          placeholder: ({ node }) => (node.type.name === 'paragraph' ? BODY_PLACEHOLDER : ''),
        }),
      ],
      editable,
      // Content from the Y.Doc that the schema rejects disables syncing instead of corrupting the text.
      enableContentCheck: true,
      onContentError: ({ disableCollaboration }) => {
        disableCollaboration();
        setContentError(true);
      },
      editorProps: {
        attributes: {
          id: 'statement-editor',
          class: 'statement-editor__content',
          'aria-label': 'Statement text',
          spellcheck: 'true',
          // Focusable also once read-only (a lock firing under the typist's fingers): focus stays on the text.
          tabindex: '0',
        },
      },
    },
    [session],
  );

  useEffect(() => {
    if (!editor.isDestroyed) editor.commands.updateUser(presence);
  }, [editor, presence]);

  // Other people's caret labels show for a moment when they move or type (otherwise on hover).
  useEffect(() => {
    const awareness = session.provider.awareness;
    if (!awareness) return;
    const onChange = ({ added, updated }: { added: number[]; updated: number[] }) => {
      const users = [...added, ...updated]
        .filter((clientId) => clientId !== awareness.clientID)
        .map((clientId) => (awareness.getStates().get(clientId) as { user?: Record<string, unknown> } | undefined)?.user ?? {});
      // After ProseMirror has drawn the carets at their new places.
      if (users.length > 0) requestAnimationFrame(() => !editor.isDestroyed && flashCaretLabels(editor.view.dom, users));
    };
    awareness.on('change', onChange);
    return () => awareness.off('change', onChange);
  }, [session, editor]);

  useEffect(() => {
    if (!editor.isDestroyed) editor.setEditable(editable && !contentError);
  }, [editor, editable, contentError]);

  const title = useEditorState({ editor, selector: ({ editor: e }) => e?.state.doc.firstChild?.textContent.trim() ?? '' });
  useEffect(() => {
    onTitleChange?.(title ?? '');
  }, [title, onTitleChange]);

  return (
    <div className={`statement-editor${readOnly ? ' statement-editor--read-only' : ''}`}>
      {!readOnly && <Toolbar editor={editor} />}
      {contentError && (
        <Alert color="red" role="alert">
          This statement contains content this page cannot show, so editing is paused here. Reload the page to continue.
        </Alert>
      )}
      <EditorContent editor={editor} className="statement-editor__surface" />
    </div>
  );
}
