/**
 * Where to go after logging in or signing up: the `next` query parameter, accepted only
 * when it is a path on this site (so a crafted link cannot send people elsewhere).
 */
export function safeNext(raw: string | null | undefined, fallback = '/'): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  return raw;
}

/** `/login?next=…` (or `/signup?next=…`) that brings the person back to `next` afterwards. */
export function withNext(page: '/login' | '/signup', next: string): string {
  const target = safeNext(next, '/');
  return target === '/' ? page : `${page}?${new URLSearchParams({ next: target }).toString()}`;
}
