/**
 * Where to go after logging in or signing up: the `next` query parameter, accepted only
 * when it is a path on this site (so a crafted link cannot send people elsewhere) and not
 * the login or signup page itself (which would loop).
 */
export function safeNext(raw: string | null | undefined, fallback = '/'): string {
  // Browsers drop tabs and newlines from URLs and read a backslash as "/", so "/<tab>/x" or "/<backslash>x" would leave the site.
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || [...raw].some((ch) => ch === '\\' || ch.charCodeAt(0) < 0x20)) return fallback;
  if (/^\/(login|signup)(?:[/?#]|$)/.test(raw)) return fallback;
  return raw;
}

/** `/login?next=…` (or `/signup?next=…`) that brings the person back to `next` afterwards. */
export function withNext(page: '/login' | '/signup', next: string): string {
  const target = safeNext(next, '/');
  return target === '/' ? page : `${page}?${new URLSearchParams({ next: target }).toString()}`;
}
