// Test-only entry point: Jointly with Hocuspocus's stock debounced store instead of the
// durable update log, to show in tests and benchmarks what the log prevents. Never a
// production entry point, so the setting is not reachable from the environment.
import { defineConfig, loadConfig } from '../../server/config.ts';
import { serve } from '../../server/serve.ts';

await serve(defineConfig({ ...loadConfig(), persistence: 'debounced' }));
