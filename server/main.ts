import { ConfigError, loadConfig } from './config.ts';
import { serve } from './serve.ts';

// Starts Jointly with the configuration from the environment; every problem in it is listed at once.
try {
  await serve(loadConfig());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
