/**
 * True when a request's Origin header is absent (not a cross-site browser request) or is
 * one of the allowed origins (see Config.allowedOrigins).
 */
export function isAllowedOrigin(originHeader: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (originHeader === undefined) return true;
  return allowedOrigins.includes(originHeader);
}
