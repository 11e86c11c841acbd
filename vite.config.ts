import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  // The editor chunk (Tiptap + Yjs + provider) is lazy-loaded and ~550 kB before gzip.
  build: { outDir: '../dist', emptyOutDir: true, chunkSizeWarningLimit: 1_200 },
  server: { port: 5173, strictPort: true },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    exclude: ['node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll waits for something real servers and Chromium do; its 1 s default is shorter
    // than a page load on a busy 2-core machine (a poll that can never succeed still fails).
    expect: { poll: { timeout: 10_000 } },
    // Tests start real servers and child processes; two workers suit a 2-core machine.
    maxWorkers: 2,
  },
});
