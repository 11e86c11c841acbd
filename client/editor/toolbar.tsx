import { ActionIcon, Divider, Group, Tooltip } from '@mantine/core';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { Fragment, useRef, useState, type KeyboardEvent } from 'react';
import { LinkDialog } from './link-dialog.tsx';
import { ariaShortcut, canRunItem, describeShortcut, runItem, TOOLBAR_GROUPS, type ToolbarItem } from './toolbar-items.ts';

const ITEMS: ToolbarItem[] = TOOLBAR_GROUPS.flatMap((group) => group.items);

/**
 * The formatting toolbar (WAI-ARIA toolbar pattern): one tab stop, arrow keys move between
 * buttons, toggles expose aria-pressed, buttons that do not apply at the cursor are
 * aria-disabled. Each button's tooltip names its keyboard shortcut ("Bold (Ctrl+B)"), and
 * the shortcut is exposed as aria-keyshortcuts; the shortcuts are StarterKit's own. "Link"
 * opens the link dialog (add, edit or remove a link); closing it returns the focus to the text.
 */
export function Toolbar({ editor }: { editor: Editor }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => Object.fromEntries(ITEMS.map((item) => [item.id, { active: item.isActive?.(e) ?? null, enabled: canRunItem(e, item) }])),
  });
  const [focusIndex, setFocusIndex] = useState(0);
  const [linkDialogOpen, setLinkDialogOpen] = useState(false);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
    const last = ITEMS.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? focusIndex >= last
          ? 0
          : focusIndex + 1
        : event.key === 'ArrowLeft'
          ? focusIndex <= 0
            ? last
            : focusIndex - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    setFocusIndex(next);
    buttons.current[next]?.focus();
  }

  let index = -1;
  return (
    <Group gap={4} className="toolbar" role="toolbar" aria-label="Formatting" aria-controls="statement-editor" onKeyDown={moveFocus} wrap="wrap">
      {TOOLBAR_GROUPS.map((group, groupIndex) => (
        <Fragment key={group.label}>
          {groupIndex > 0 && <Divider orientation="vertical" mx={4} />}
          <Group gap={2} role="group" aria-label={group.label} wrap="nowrap">
            {group.items.map((item) => {
              index += 1;
              const position = index;
              const itemState = state?.[item.id];
              const active = Boolean(itemState?.active);
              const enabled = Boolean(itemState?.enabled);
              const tooltip = item.shortcut ? `${item.label} (${describeShortcut(item.shortcut)})` : item.label;
              return (
                <Tooltip key={item.id} label={tooltip} openDelay={400}>
                  <ActionIcon
                    ref={(element: HTMLButtonElement | null) => {
                      buttons.current[position] = element;
                    }}
                    variant={active ? 'filled' : 'subtle'}
                    color={active ? 'indigo' : 'dark'}
                    size="lg"
                    className={`toolbar__button toolbar__button--${item.id}`}
                    aria-label={item.label}
                    aria-keyshortcuts={item.shortcut ? ariaShortcut(item.shortcut) : undefined}
                    aria-pressed={item.isActive ? active : undefined}
                    // aria-disabled, not disabled: the button stays focusable, so the roving tab stop never vanishes.
                    aria-disabled={!enabled}
                    data-inactive={!enabled || undefined}
                    tabIndex={position === focusIndex ? 0 : -1}
                    onFocus={() => setFocusIndex(position)}
                    // Keep the editor's selection: the button acts on it, then focus returns to the text.
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => {
                      if (!enabled) return;
                      if (item.dialog === 'link') setLinkDialogOpen(true);
                      else runItem(editor, item);
                    }}
                  >
                    {/* The glyph is drawn by CSS (attr), so the visible text never competes with the accessible name. */}
                    <span aria-hidden="true" className="toolbar__glyph" data-glyph={item.glyph} />
                  </ActionIcon>
                </Tooltip>
              );
            })}
          </Group>
        </Fragment>
      ))}
      <LinkDialog
        editor={editor}
        opened={linkDialogOpen}
        onClose={() => {
          setLinkDialogOpen(false);
          editor.commands.focus();
        }}
      />
    </Group>
  );
}
