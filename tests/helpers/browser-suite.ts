import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { startServer, type TestServer } from './test-server.ts';

export interface BrowserSuite {
  /** The real app serving the built client, on a free port with a fresh data folder. */
  server: TestServer;
  browser: Browser;
}

/**
 * For a `describe` of browser tests: starts the server (serving dist/) and Chromium before
 * the tests and closes both after them. The fields are set once `beforeAll` has run; later
 * `beforeAll` hooks of the same describe may use them.
 */
export function useServerAndChromium(): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.server = await startServer({ config: { serveClient: true } });
    suite.browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
