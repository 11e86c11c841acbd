import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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

/** A separate browser profile (its own cookies, storage and IndexedDB): one person. */
export async function newPerson(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 } });
}

let counter = 0;

/** Signs up through the sign-up page; returns the e-mail address used. */
export async function signUpInBrowser(page: Page, baseUrl: string, name: string, path = '/signup'): Promise<string> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now().toString(36)}${++counter}@example.org`;
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel(/^Password/).fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  return email;
}
