import { useEffect, useRef } from 'react';

/** The statement editor's text surface (client/editor/statement-editor.tsx sets this id and `tabindex="0"`). */
const EDITOR_ID = 'statement-editor';

/**
 * Keeps keyboard focus in the statement text when it turns read-only under the person's
 * fingers (the lead's lock fired, the statement was published, their role changed).
 * A contenteditable that stops being editable is no longer focusable, so the browser drops
 * focus to the page: the next keystrokes go nowhere and the page may scroll. The text surface
 * carries `tabindex="0"` (set by the editor itself), so focus stays on it; should focus have
 * dropped to the page body all the same, this puts it back, without scrolling.
 */
export function useKeepEditorFocus(editable: boolean): void {
  const editorHadFocus = useRef(false);

  useEffect(() => {
    const onFocusIn = (event: FocusEvent) => {
      editorHadFocus.current = event.target instanceof Element && event.target.closest(`#${EDITOR_ID}`) !== null;
    };
    document.addEventListener('focusin', onFocusIn);
    return () => document.removeEventListener('focusin', onFocusIn);
  }, []);

  useEffect(() => {
    if (editable) return;
    const editor = document.getElementById(EDITOR_ID);
    const dropped = document.activeElement === null || document.activeElement === document.body;
    if (editor && dropped && editorHadFocus.current) editor.focus({ preventScroll: true });
  }, [editable]);
}
