import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { Fragment, useRef, useState, type KeyboardEvent } from 'react';
import { ariaShortcut, canRunItem, describeShortcut, runItem, TOOLBAR_GROUPS, type ToolbarItem } from './toolbar-items.ts';

const ITEMS: ToolbarItem[] = TOOLBAR_GROUPS.flatMap((group) => group.items);

/**
 * The formatting toolbar (WAI-ARIA toolbar pattern): one tab stop, arrow keys move between
 * buttons, toggles expose aria-pressed, buttons that do not apply at the cursor are aria-disabled.
 */
export function Toolbar({ editor }: { editor: Editor }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) =>
      Object.fromEntries(ITEMS.map((item) => [item.id, { active: item.isActive?.(e) ?? null, enabled: canRunItem(e, item) }])),
  });
  const [focusIndex, setFocusIndex] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
    const last = ITEMS.length - 1;
    const next =
      event.key === 'ArrowRight' ? (focusIndex >= last ? 0 : focusIndex + 1)
      : event.key === 'ArrowLeft' ? (focusIndex <= 0 ? last : focusIndex - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    setFocusIndex(next);
    buttons.current[next]?.focus();
  }

  let index = -1;
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting" aria-controls="statement-editor" onKeyDown={moveFocus}>
      {TOOLBAR_GROUPS.map((group, groupIndex) => (
        <Fragment key={group.label}>
          {groupIndex > 0 && <span className="toolbar__separator" role="separator" aria-orientation="vertical" />}
          <span className="toolbar__group" role="group" aria-label={group.label}>
            {group.items.map((item) => {
              index += 1;
              const position = index;
              const itemState = state?.[item.id];
              const tooltip = item.shortcut ? `${item.label} (${describeShortcut(item.shortcut)})` : item.label;
              return (
                <button
                  key={item.id}
                  ref={(element) => {
                    buttons.current[position] = element;
                  }}
                  type="button"
                  className={`toolbar__button toolbar__button--${item.id}`}
                  aria-label={item.label}
                  title={tooltip}
                  aria-keyshortcuts={item.shortcut ? ariaShortcut(item.shortcut) : undefined}
                  aria-pressed={item.isActive ? Boolean(itemState?.active) : undefined}
                  // aria-disabled, not disabled: the button stays focusable, so the roving tab stop never vanishes.
                  aria-disabled={!itemState?.enabled}
                  tabIndex={position === focusIndex ? 0 : -1}
                  onFocus={() => setFocusIndex(position)}
                  // Keep the editor's selection: the button acts on it, then focus returns to the text.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => {
                    if (itemState?.enabled) runItem(editor, item);
                  }}
                >
                  <span aria-hidden="true">{item.glyph}</span>
                </button>
              );
            })}
          </span>
        </Fragment>
      ))}
    </div>
  );
}
