/**
 * Jointly under test, in its production configuration: the environment is read by
 * loadConfig() exactly as server/main.ts reads it (authentication on, durable update log
 * on, SQLite synchronous=NORMAL), and the app is built by the same buildApp. The only
 * addition is the bench's metrics channel over IPC (server-metrics.ts), which needs a
 * parent process and is not reachable from the network.
 *
 * Jointly has no connection throttling on /collab (no Hocuspocus Throttle extension); the
 * one rate limit is on POST /api/auth/login, which the bench does not use.
 */
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { answerMetricsRequests } from './server-metrics.ts';

const config = loadConfig();
const app = await buildApp(config);
await app.listen({ port: config.port, host: config.host });
const { hocuspocus } = app.jointly.collaboration;
answerMetricsRequests({ countDocuments: () => hocuspocus.getDocumentsCount(), document: (name) => hocuspocus.documents.get(name) });
process.on('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
