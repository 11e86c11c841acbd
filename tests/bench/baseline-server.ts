/**
 * The baseline server under test: the y-websocket reference server (`@y/websocket-server`
 * 0.1.1 on ws 8), in memory (no YPERSISTENCE), with its default settings. Started by the
 * bench as a child process: PORT from the environment, GET /healthz for readiness, every
 * other path is a room (ws://host:port/<room>), metrics over IPC (server-metrics.ts).
 */
import { createServer } from 'node:http';
import { docs, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import { answerMetricsRequests } from './server-metrics.ts';

const port = Number(process.env.PORT ?? 0);
const wss = new WebSocketServer({ noServer: true });
const server = createServer((request, response) => {
  response.writeHead(request.url === '/healthz' ? 200 : 404, { 'content-type': 'text/plain' });
  response.end(request.url === '/healthz' ? 'ok' : 'not found');
});
wss.on('connection', (socket, request) => setupWSConnection(socket, request));
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(port, '127.0.0.1');
answerMetricsRequests({ countDocuments: () => docs.size, document: (name) => docs.get(name) });
process.on('SIGTERM', () => process.exit(0));
