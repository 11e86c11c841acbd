import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ApiErrorBody, type ErrorCode, ErrorCodes } from '../../shared/errors.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';
import { isStorageUnavailable } from '../storage/unavailable.ts';

/**
 * The one place errors become responses. ApiErrors keep their code and message; Fastify's
 * own client errors map to codes; storage that cannot serve now (busy, full) is 503
 * STORAGE_UNAVAILABLE with Retry-After; anything else is logged and answered as INTERNAL,
 * never with a stack trace.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    let code: ErrorCode;
    let message: string;
    let details: unknown;
    if (error instanceof ApiError) {
      ({ code, message, details } = error);
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      code = 'PAYLOAD_TOO_LARGE';
      message = ErrorCodes.PAYLOAD_TOO_LARGE.message;
    } else if (isStorageUnavailable(error)) {
      request.log.warn({ err: error }, 'storage unavailable');
      code = 'STORAGE_UNAVAILABLE';
      message = ErrorCodes.STORAGE_UNAVAILABLE.message;
      void reply.header('retry-after', '5');
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      code = error.statusCode === 429 ? 'RATE_LIMITED' : error.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
      message = error.message;
    } else {
      request.log.error({ err: error }, 'unhandled error');
      code = 'INTERNAL';
      message = ErrorCodes.INTERNAL.message;
    }
    const body: ApiErrorBody = { error: details === undefined ? { code, message } : { code, message, details } };
    return reply.code(ErrorCodes[code].status).send(body);
  });
}

/** Unknown /api paths answer the JSON error shape; other paths are left to `fallback`. */
export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export function registerNotFound(app: FastifyInstance, fallback?: PageFallback): void {
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith(`${API_PREFIX}/`) || request.url === API_PREFIX || !fallback || request.method !== 'GET') {
      const body: ApiErrorBody = { error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}` } };
      return reply.code(404).send(body);
    }
    return fallback(request, reply);
  });
}
