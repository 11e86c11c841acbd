import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CLIENT_DIST } from '../../server/http/client-assets.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, headless, as root, with no background traffic (this machine has no internet). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (npm test does this as root)`);
  if (!existsSync(`${CLIENT_DIST}index.html`)) throw new Error('dist/ is missing: run `npx vite build` first (npm test does)');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A separate browser profile (its own storage and IndexedDB) whose guest identity is fixed. */
export async function newPerson(browser: Browser, name: string, color: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(
    ([n, c]) => {
      if (!localStorage.getItem('jointly:guest-identity')) {
        localStorage.setItem('jointly:guest-identity', JSON.stringify({ name: n, color: c }));
      }
    },
    [name, color] as const,
  );
  return context;
}
