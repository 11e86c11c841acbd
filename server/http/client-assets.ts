import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { registerNotFound } from './error-handler.ts';

/** Where `vite build` writes the client. */
export const CLIENT_DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/**
 * Serves the built client, with index.html for every other GET so client-side routes
 * load directly. Without a build, those GETs explain how to make one.
 */
export async function registerClientAssets(app: FastifyInstance): Promise<void> {
  if (!existsSync(`${CLIENT_DIST}index.html`)) {
    registerNotFound(app, async (_request, reply) =>
      reply.code(503).type('text/plain').send('The client is not built. Run `npm run build`, or use `npm run dev`.'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: CLIENT_DIST, wildcard: false, index: false });
  registerNotFound(app, async (_request, reply) => reply.type('text/html').sendFile('index.html'));
}
