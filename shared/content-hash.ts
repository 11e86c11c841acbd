/**
 * The content hash a sign-off binds to: SHA-256 (hex) over the canonical form of the
 * schema-normalized ProseMirror document, title included. Canonical form = JSON with
 * object keys sorted at every level, no whitespace. Never hash Yjs bytes: the same text
 * can have different update histories.
 *
 * Isomorphic: WebCrypto exists in browsers and in Node.
 */
export function canonicalJSON(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJSON(v)}`).join(',')}}`;
}

export async function contentHashOf(normalizedDocument: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJSON(normalizedDocument));
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
