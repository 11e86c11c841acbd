import type { FastifyInstance } from 'fastify';

/**
 * The app's policy: scripts only from this origin (Vite's bundle), styles from this origin
 * plus the inline styles Mantine injects, the websocket and API on this origin, and never in
 * a frame (Sign off, Publish and Join cannot be clickjacked).
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Browser hardening headers on every response. Contract: a route that sets its own,
 * stricter policy (the public page, downloads) keeps it; every other response gets the
 * app's policy, `nosniff`, a same-origin referrer policy and a frame ban.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', APP_CSP);
    if (!reply.hasHeader('x-content-type-options')) reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'same-origin');
    if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('cross-origin-opener-policy')) reply.header('cross-origin-opener-policy', 'same-origin');
    return payload;
  });
}
