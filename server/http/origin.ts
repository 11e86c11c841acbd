/**
 * True when a request's Origin header is absent (not a cross-site browser request) or is
 * exactly the origin of PUBLIC_URL.
 */
export function isSameOrigin(originHeader: string | undefined, publicUrl: string): boolean {
  if (originHeader === undefined) return true;
  return originHeader === new URL(publicUrl).origin;
}
