import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../shared/errors.ts';
import { isSameOrigin } from './origin.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A mutating request whose Origin is present and is not PUBLIC_URL's gets 403 CROSS_ORIGIN. */
export function registerCrossOriginGuard(app: FastifyInstance, publicUrl: string): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (!isSameOrigin(request.headers.origin, publicUrl)) throw new ApiError('CROSS_ORIGIN');
  });
}
