import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ApiError } from '../../shared/errors.ts';
import type { UserRow } from '../storage/store.ts';
import { parseInput } from './validate.ts';

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

/** Everything the API promises about one route; also the source of /api/openapi.json. */
export interface RouteSpec<P extends Schema | undefined, B extends Schema | undefined, Q extends Schema | undefined, R extends Schema | undefined> {
  method: HttpMethod;
  url: string;
  summary: string;
  tag: string;
  /** `session`: a signed-in user is required (401 UNAUTHENTICATED otherwise). */
  auth: 'session' | 'public';
  params?: P;
  body?: B;
  query?: Q;
  response?: R;
  /** Success status; 200 unless given. */
  status?: number;
  /** Error codes this route may answer with, for the OpenAPI document. */
  errors?: readonly string[];
}

export interface RouteContext<P, B, Q, U> {
  params: P;
  body: B;
  query: Q;
  user: U;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type AnyRouteSpec = RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined, Schema | undefined>;

/**
 * Registers a route whose params, query and body are parsed with the shared schemas
 * (400 VALIDATION_FAILED naming every problem) and whose caller is authenticated as the
 * spec says, before the handler runs. The handler's return value is the response body.
 */
export function defineRoute<
  P extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  R extends Schema | undefined = undefined,
  A extends 'session' | 'public' = 'session',
>(
  app: FastifyInstance,
  spec: RouteSpec<P, B, Q, R> & { auth: A },
  handler: (context: RouteContext<Out<P>, Out<B>, Out<Q>, A extends 'session' ? UserRow : UserRow | null>) => Promise<Out<R>>,
): void {
  // The services object is shared by every encapsulation level, so this is the app-wide list.
  app.jointly.routeSpecs.push(spec as AnyRouteSpec);

  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (request, reply) => {
      const user = request.user;
      if (spec.auth === 'session' && !user) throw new ApiError('UNAUTHENTICATED');
      const context = {
        params: (spec.params ? parseInput(spec.params, request.params) : undefined) as Out<P>,
        query: (spec.query ? parseInput(spec.query, request.query) : undefined) as Out<Q>,
        body: (spec.body ? parseInput(spec.body, request.body ?? {}) : undefined) as Out<B>,
        user: user as A extends 'session' ? UserRow : UserRow | null,
        request,
        reply,
      };
      // Set before the handler runs, so a handler may answer another success status (reply.code(202)).
      reply.code(spec.status ?? 200);
      const result = await handler(context);
      return result === undefined ? reply.send() : result;
    },
  });
}
