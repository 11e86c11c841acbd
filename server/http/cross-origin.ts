import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../shared/errors.ts';
import { isAllowedOrigin } from './origin.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A mutating request whose Origin is present and not allowed gets 403 CROSS_ORIGIN. */
export function registerCrossOriginGuard(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (!isAllowedOrigin(request.headers.origin, allowedOrigins)) throw new ApiError('CROSS_ORIGIN');
  });
}
