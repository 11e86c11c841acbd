import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCodes } from '../../shared/errors.ts';
import type { AnyRouteSpec } from '../http/route.ts';

const ERROR_BODY = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string', enum: Object.keys(ErrorCodes) }, message: { type: 'string' } },
    },
  },
} as const;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

/** OpenAPI 3.1 from the route specs: the same zod schemas that validate requests describe them. */
export function buildOpenApi(specs: readonly AnyRouteSpec[], publicUrl: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = spec.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters = spec.params
      ? Object.keys((spec.params as z.ZodObject).shape).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }))
      : [];
    const responses: Record<string, unknown> = {
      [String(spec.status ?? 200)]: spec.response
        ? { description: 'Success', content: { 'application/json': { schema: jsonSchema(spec.response, 'output') } } }
        : { description: 'Success, no content' },
    };
    const codes = new Set<string>(['VALIDATION_FAILED', ...(spec.auth === 'session' ? ['UNAUTHENTICATED'] : []), ...(spec.errors ?? [])]);
    for (const code of codes) {
      const status = String(ErrorCodes[code as keyof typeof ErrorCodes].status);
      const existing = responses[status] as { description: string } | undefined;
      responses[status] = {
        description: existing ? `${existing.description}, ${code}` : code,
        content: { 'application/json': { schema: ERROR_BODY } },
      };
    }
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.auth === 'session' ? { security: [{ session: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Jointly API', version: '1', description: 'Errors always have the shape { "error": { "code", "message" } }.' },
    servers: [{ url: publicUrl }],
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'jointly_session' } } },
    paths,
  };
}

export function registerOpenApi(app: FastifyInstance): void {
  let document: unknown;
  app.get('/api/openapi.json', async () => (document ??= buildOpenApi(app.jointly.routeSpecs, app.jointly.config.publicUrl)));
}
