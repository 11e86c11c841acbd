import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../shared/errors.ts';

/**
 * GET /api/live: the signed-in person's live signals as server-sent events (see
 * shared/api/live.ts). Ends when the session does.
 */
export async function liveRoutes(app: FastifyInstance): Promise<void> {
  const { live } = app.jointly;
  app.get('/api/live', async (request, reply) => {
    if (!request.user || !request.sessionHash) throw new ApiError('UNAUTHENTICATED');
    if (live.streamsOf(request.user.id) >= live.maxStreamsPerUser) {
      reply.header('retry-after', 30);
      throw new ApiError('RATE_LIMITED', `At most ${live.maxStreamsPerUser} live connections per person. Close some Jointly tabs.`);
    }
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
      // A buffering proxy (nginx) would hold the signals back.
      'x-accel-buffering': 'no',
    });
    // Tells EventSource to wait 3 s before reconnecting after a drop.
    reply.raw.write('retry: 3000\n\n');
    live.attach(request.user.id, request.sessionHash, reply.raw);
  });
}
