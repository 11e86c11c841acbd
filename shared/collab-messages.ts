import { z } from 'zod';

/**
 * Stateless messages the server sends over /collab (Hocuspocus `sendStateless`), as JSON.
 * Clients refetch over REST when told; nothing authoritative travels in the Y.Doc.
 */
export type ServerMessage =
  /** The connection's rights changed: it is now read-only, or editable again. */
  | { type: 'access'; readOnly: boolean }
  /** The text's content hash changed (sent once typing pauses). */
  | { type: 'content'; contentHash: string }
  /** Sign-offs, status or participants changed: refetch the statement. */
  | { type: 'workflow' };

export function encodeServerMessage(message: ServerMessage): string {
  return JSON.stringify(message);
}

/** Null for anything that is not a known server message. */
export function decodeServerMessage(payload: string): ServerMessage | null {
  try {
    const value = JSON.parse(payload) as Partial<ServerMessage>;
    if (value.type === 'access' && typeof value.readOnly === 'boolean') return { type: 'access', readOnly: value.readOnly };
    if (value.type === 'content' && typeof value.contentHash === 'string') return { type: 'content', contentHash: value.contentHash };
    if (value.type === 'workflow') return { type: 'workflow' };
  } catch {
    // not JSON
  }
  return null;
}

/** What every collaborator sees of a person (caret label, avatar); set by the server from the account. */
export interface PresenceIdentity {
  name: string;
  org: string;
  color: string;
}

/** Darker tones so white label text keeps at least 4.5:1 contrast. */
export const PRESENCE_COLORS = ['#b4235a', '#1d6fb8', '#2e7d32', '#8a4baf', '#c2410c', '#0f766e', '#a16207', '#4f46e5'] as const;

/** The palette colour of a key (a user id, an organization's name): the same in every browser and on the server. */
export function paletteColor(key: string): (typeof PRESENCE_COLORS)[number] {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length]!;
}

/** A Yjs ID as JSON: `{ client, clock }`. */
const YIdJson = z.strictObject({ client: z.number().int().nonnegative(), clock: z.number().int().nonnegative() });

/** A Yjs relative position as `Y.relativePositionToJSON` writes it (absent fields omitted, or null). */
const RelativePositionJson = z.strictObject({
  type: YIdJson.nullable().optional(),
  tname: z.string().nullable().optional(),
  item: YIdJson.nullable().optional(),
  assoc: z.number().int().optional(),
});

/**
 * The awareness (presence) state a client may publish on a statement: these fields and no
 * others, each of this shape (the server refuses any other state, and caps its size).
 * - `user`: what CollaborationCaret publishes (`{ name, color }`); the server replaces it with
 *   the account's PresenceIdentity before anyone else sees it.
 * - `cursor`: the caret and selection y-tiptap's cursor plugin publishes, as relative
 *   positions in the document; null when the editor is not focused.
 */
export const PresenceStateSchema = z.strictObject({
  user: z.record(z.string(), z.unknown()).optional(),
  cursor: z.strictObject({ anchor: RelativePositionJson, head: RelativePositionJson }).nullable().optional(),
});

export type PresenceState = z.infer<typeof PresenceStateSchema>;
