/**
 * Workflow rules both ends apply: who counts as signed, who is missing, and the order of
 * the signatory list. Pure functions over plain data.
 */
export interface ParticipantState {
  orgId: string;
  name: string;
  required: boolean;
  /** The hash this organization signed, if it signed. */
  signedHash: string | null;
}

/** Required organizations without a sign-off of `contentHash`: publishing waits for them. */
export function missingSignoffs(participants: readonly ParticipantState[], contentHash: string): ParticipantState[] {
  return participants.filter((p) => p.required && p.signedHash !== contentHash);
}

/**
 * The signatory list for `contentHash`: organizations holding a sign-off of exactly that
 * text. The lead's chosen order comes first (organizations it names); the rest follow with
 * the lead organization first, then alphabetically by display name.
 */
export function orderSignatories<P extends ParticipantState>(
  participants: readonly P[],
  contentHash: string,
  leadOrgId: string,
  chosenOrder: readonly string[] | null,
): P[] {
  const signed = participants.filter((p) => p.signedHash === contentHash);
  const rank = new Map((chosenOrder ?? []).map((orgId, index) => [orgId, index]));
  return [...signed].sort((a, b) => {
    const ra = rank.get(a.orgId) ?? Number.POSITIVE_INFINITY;
    const rb = rank.get(b.orgId) ?? Number.POSITIVE_INFINITY;
    if (ra !== rb) return ra - rb;
    if (a.orgId === leadOrgId) return -1;
    if (b.orgId === leadOrgId) return 1;
    return a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.orgId.localeCompare(b.orgId);
  });
}

interface JSONNode {
  type?: string;
  text?: string;
  content?: readonly JSONNode[];
}

/**
 * Whether the statement's body (everything after the title, its first node) holds any text
 * that is not whitespace. A statement without it cannot be locked, signed or published
 * (EMPTY_STATEMENT): nobody should approve a title alone.
 */
export function bodyHasText(document: JSONNode): boolean {
  const [, ...body] = document.content ?? [];
  const hasText = (node: JSONNode): boolean => (typeof node.text === 'string' && node.text.trim() !== '') || (node.content ?? []).some(hasText);
  return body.some(hasText);
}
