import { buildApp } from './app.ts';
import type { Config } from './config.ts';

/**
 * Builds the app, listens, and on SIGTERM/SIGINT stops accepting, lets open documents
 * store, closes the database and exits 0 (1 if shutting down failed).
 */
export async function serve(config: Config): Promise<void> {
  const app = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  app.log.info({ host: config.host, port, dataDir: config.dataDir }, 'listening');
  console.log(`\n  Jointly is running at ${config.publicUrl}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
