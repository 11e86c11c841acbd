import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { COLLAB_PATH } from '../../shared/api/paths.ts';
import type { Config } from '../config.ts';
import { isAllowedOrigin } from '../http/origin.ts';
import type { Collaboration } from './collaboration.ts';

/**
 * Mounts Hocuspocus on /collab through @fastify/websocket.
 *
 * Upgrades from a foreign Origin are refused before the handshake completes. Frames are
 * bounded by WS_MAX_PAYLOAD_BYTES (ws closes an oversized one with 1009). Every socket is
 * admitted by ConnectionLimits before Hocuspocus sees it, and every frame it sends or
 * receives passes its SocketGuard (connection-limits.ts, socket-guard.ts). On shutdown,
 * documents are drained (stored and unloaded) before the sockets close.
 */
export async function registerCollabRoute(app: FastifyInstance, config: Config, collaboration: Collaboration): Promise<void> {
  await app.register(websocket, {
    options: { maxPayload: config.wsMaxPayloadBytes },
    preClose: async function closeCollab(this: FastifyInstance) {
      await collaboration.drain(10_000);
      for (const client of this.websocketServer.clients) client.close(1001, 'server shutting down');
    },
  });

  app.get(
    COLLAB_PATH,
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (!isAllowedOrigin(request.headers.origin, config.allowedOrigins)) {
          await reply.code(403).send({ error: { code: 'CROSS_ORIGIN', message: 'Websocket from another site refused.' } });
        }
      },
    },
    (socket, request) => {
      socket.on('error', (error) => request.log.warn({ err: error }, 'collab websocket error'));
      const guard = collaboration.connectionLimits.admitSocket(socket, request.ip);
      if (!guard) return;
      const connection = collaboration.hocuspocus.handleConnection(socket, toUpgradeRequest(request));
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) return socket.close(1003, 'binary frames only');
        const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        if (guard.admitFrame(frame)) connection.handleMessage(frame);
      });
      socket.on('close', (code: number, reason: Buffer) => {
        guard.closed();
        connection.handleClose({ code, reason: reason.toString() });
      });
    },
  );
}

/**
 * The upgrade request as Hocuspocus takes it. Hocuspocus keeps it for the connection's
 * lifetime and reads two things from it: `headers`, and `url` for query parameters, which
 * it derives on every hook call of every message (parsing an absolute URL with `new URL`
 * each time; a relative one it only splits at '?'). So it gets a plain object with the
 * headers and the path-and-query, not a web Request, whose parsed URL, AbortSignal and
 * internals would be kept per connection (about a kilobyte) for nothing.
 */
function toUpgradeRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  const upgrade: Pick<Request, 'url' | 'headers'> = { url: request.url, headers };
  return upgrade as Request;
}
