import type { FastifyRequest } from 'fastify';

/**
 * Secrets that travel in a URL path, and what the log writes instead. An invitation token is
 * a bearer credential for an organization: whoever reads a log line must not be able to join
 * with it. Contract: every request the server logs goes through `requestLogSerializer`.
 */
const PATH_SECRETS: readonly RegExp[] = [
  // Organization and statement invitations (the link's token), password reset links (API and page).
  /(\/(?:invites|statement-invites|password-reset|reset-password)\/)[^/?#]+/g,
];

/** `url` with every path secret replaced by `[redacted]` and the query string's values dropped. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  let path = queryAt === -1 ? url : url.slice(0, queryAt);
  for (const secret of PATH_SECRETS) path = path.replace(secret, '$1[redacted]');
  if (queryAt === -1) return path;
  const names = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => pair.split('=')[0])
    .filter(Boolean);
  return `${path}?${names.map((name) => `${name}=…`).join('&')}`;
}

/** What a log line says about a request (Fastify's default fields, with the URL redacted). */
export function requestLogSerializer(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
