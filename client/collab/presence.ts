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

/**
 * The colour a person is shown in (caret, selection, avatar): the one the server stamped
 * on their presence, their organization's (server/collab/extensions/authenticate.ts); anything that
 * is not a plain colour falls back to the palette's first.
 */
export function presenceColor(user: Record<string, unknown>): string {
  return typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : PRESENCE_COLORS[0];
}

/** "Name · Organization" when the organization is known, else the name. */
export function caretLabel(user: Partial<PresenceIdentity>): string {
  const name = typeof user.name === 'string' && user.name.trim() ? user.name.trim() : 'Someone';
  const org = typeof user.org === 'string' ? user.org.trim() : '';
  return org ? `${name} · ${org}` : name;
}

/** CollaborationCaret's `render`: its default caret markup (same classes), labelled with caretLabel, in the organization's colour. */
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
  return caret;
}

/** CollaborationCaret's `selectionRender`: another person's selection, tinted in their organization's colour. */
export function renderSelection(user: Record<string, unknown>): { style: string; class: string } {
  return { style: `background-color: ${presenceColor(user)}33`, class: 'collaboration-carets__selection' };
}
