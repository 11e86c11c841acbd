/**
 * Content hashes as people see them: the first 8 hex characters (like a short git
 * commit), enough to tell versions of one statement apart. The full hash is the tooltip.
 */
export const SHORT_HASH_LENGTH = 8;

export function shortHash(hash: string): string {
  return hash.slice(0, SHORT_HASH_LENGTH);
}

/** `<code class="hash" data-hash="<full>">1a2b3c4d</code>`. */
export function HashText({ hash }: { hash: string }) {
  return (
    <code className="hash" title={`Text fingerprint ${hash}`} data-hash={hash}>
      {shortHash(hash)}
    </code>
  );
}
