import { paletteColor, PRESENCE_COLORS, type PresenceIdentity } from '../../shared/collab-messages.ts';

/**
 * Presence on a statement (carets and their labels).
 *
 * Contract: the server overwrites every awareness state's `user` with the account's
 * PresenceIdentity {name, org, color} (shared/collab-messages.ts), so what this client
 * claims is only used locally; other people always see the server's version. The client
 * sets its own `user` to the signed-in name with a stable colour so CollaborationCaret works.
 */
export interface LocalPresence {
  name: string;
  color: string;
}

/** The signed-in user's presence; the colour is stable per user id (the server may pick another). */
export function localPresence(user: { id: string; name: string }): LocalPresence {
  return { name: user.name, color: paletteColor(user.id) };
}

/** The organization's colour, as the server stamped it; anything that is not a plain colour falls back to the palette's first. */
function organizationColor(user: Record<string, unknown>): string {
  return typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color.toLowerCase() : PRESENCE_COLORS[0];
}

/**
 * Shades of one organization's colour: the colour itself, then darker (mixed with black),
 * so white label text only gains contrast. People of one organization share the hue and
 * are told apart by the shade.
 */
const SHADE_DARKENING = [0, 0.22, 0.4, 0.55] as const;

function darken(hex: string, amount: number): string {
  const channels = [1, 3, 5].map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * (1 - amount)));
  return `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

function hashOf(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) >>> 0;
  return hash;
}

/** Per organization (colour + name) in this browser: which shade each person (by name) wears. */
const shadesTaken = new Map<string, Map<string, number>>();

/** A person's shade: their name's own, unless someone of the same organization seen here first wears it (then the next free one). */
function shadeOf(orgKey: string, person: string): number {
  let taken = shadesTaken.get(orgKey);
  if (!taken) shadesTaken.set(orgKey, (taken = new Map()));
  const known = taken.get(person);
  if (known !== undefined) return known;
  const used = new Set(taken.values());
  const preferred = hashOf(person) % SHADE_DARKENING.length;
  let shade = preferred;
  for (let step = 0; step < SHADE_DARKENING.length; step++) {
    const candidate = (preferred + step) % SHADE_DARKENING.length;
    if (!used.has(candidate)) {
      shade = candidate;
      break;
    }
  }
  taken.set(person, shade);
  return shade;
}

/**
 * The colour a person is shown in (caret, selection, avatar): their organization's hue (the
 * colour the server stamped, server/collab/extensions/authenticate.ts) in a shade of their own,
 * so two colleagues' carets differ. The same person always gets the same shade in this browser;
 * up to four people of one organization get distinct shades.
 */
export function presenceColor(user: Record<string, unknown>): string {
  const base = organizationColor(user);
  const org = typeof user.org === 'string' ? user.org : '';
  const name = typeof user.name === 'string' ? user.name : '';
  return darken(base, SHADE_DARKENING[shadeOf(`${base}|${org}`, name)]!);
}

/** "Name · Organization" when the organization is known, else the name. */
export function caretLabel(user: Partial<PresenceIdentity>): string {
  const name = typeof user.name === 'string' && user.name.trim() ? user.name.trim() : 'Someone';
  const org = typeof user.org === 'string' ? user.org.trim() : '';
  return org ? `${name} · ${org}` : name;
}

/** How long a caret's label stays visible after the caret appears or its person moves or types. */
export const CARET_LABEL_SHOWN_MS = 2_500;

/**
 * Keeps a caret's label inside the editor surface: a label that would pass its right edge
 * (a caret near the end of a line) opens to the caret's left instead.
 */
function placeLabel(caret: HTMLElement): void {
  const label = caret.querySelector<HTMLElement>('.collaboration-carets__label');
  const surface = caret.closest<HTMLElement>('.statement-editor__surface');
  if (!label || !surface) return;
  label.classList.remove('collaboration-carets__label--flipped');
  if (label.getBoundingClientRect().right > surface.getBoundingClientRect().right - 4) label.classList.add('collaboration-carets__label--flipped');
}

const hideTimers = new WeakMap<HTMLElement, ReturnType<typeof setTimeout>>();

/** Shows a caret's label for CARET_LABEL_SHOWN_MS (placed inside the surface), then hides it again. */
function flashLabel(caret: HTMLElement): void {
  placeLabel(caret);
  caret.classList.add('collaboration-carets__caret--recent');
  clearTimeout(hideTimers.get(caret));
  hideTimers.set(
    caret,
    setTimeout(() => caret.classList.remove('collaboration-carets__caret--recent'), CARET_LABEL_SHOWN_MS),
  );
}

/**
 * Shows the labels of the carets of people whose presence just changed (they moved or
 * typed), found by their label text under `root`.
 */
export function flashCaretLabels(root: ParentNode, users: Partial<PresenceIdentity>[]): void {
  const labels = new Set(users.map(caretLabel));
  for (const label of root.querySelectorAll<HTMLElement>('.collaboration-carets__label')) {
    const caret = label.parentElement;
    if (caret && labels.has(label.textContent ?? '')) flashLabel(caret);
  }
}

/**
 * CollaborationCaret's `render`: its default caret markup (same classes), labelled with
 * caretLabel, in the person's colour. The label is hidden (editor.css) except on hover over
 * the caret and for a moment after the caret appears or moves (flashCaretLabels); it never
 * passes the editor's right edge.
 */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = presenceColor(user);
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.textContent = caretLabel(user as Partial<PresenceIdentity>);
  caret.append(label);
  caret.addEventListener('mouseenter', () => placeLabel(caret));
  // Once the widget is in the page (ProseMirror inserts it after render returns).
  requestAnimationFrame(() => flashLabel(caret));
  return caret;
}

/** CollaborationCaret's `selectionRender`: another person's selection, tinted in their organization's colour. */
export function renderSelection(user: Record<string, unknown>): { style: string; class: string } {
  return { style: `background-color: ${presenceColor(user)}33`, class: 'collaboration-carets__selection' };
}
