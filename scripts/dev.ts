// Development server: the real app (without serving dist/) plus Vite's dev server, whose
// proxy forwards /api, /collab and /healthz to it. PUBLIC_URL is Vite's origin, so the
// app's origin checks pass for pages Vite serves.
import { createServer } from 'vite';
import { buildApp } from '../server/app.ts';
import { loadConfig, defineConfig } from '../server/config.ts';

const VITE_PORT = 5173;
const base = loadConfig({ ...process.env, PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${VITE_PORT}` });
const config = defineConfig({
  ...base,
  serveClient: false,
  // Pages come from Vite's port, under either loopback name.
  allowedOrigins: process.env.PUBLIC_URL ? base.allowedOrigins : [`http://localhost:${VITE_PORT}`, `http://127.0.0.1:${VITE_PORT}`],
});
const app = await buildApp(config);
await app.listen({ port: config.port, host: config.host });
const target = `http://${config.host}:${config.port}`;

const vite = await createServer({
  configFile: new URL('../vite.config.ts', import.meta.url).pathname,
  server: {
    port: VITE_PORT,
    strictPort: true,
    proxy: {
      '/api': { target },
      '/healthz': { target },
      '/collab': { target, ws: true },
    },
  },
});
await vite.listen();
vite.printUrls();

const stop = async () => {
  await vite.close();
  await app.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
