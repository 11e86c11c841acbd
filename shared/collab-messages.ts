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
