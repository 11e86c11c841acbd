import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CLIENT_DIST } from '../../server/http/client-assets.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Where the end-to-end run writes its screenshots (ignored by git, like all of artifacts/). */
export const SCREENSHOT_DIR = 'artifacts/screenshots';

/** The two widths the interface must work at: a laptop and a phone. */
export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

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
export async function newPerson(browser: Browser, viewport: { width: number; height: number } = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ viewport, acceptDownloads: true });
}

/**
 * A browser profile already signed in with a session cookie obtained over the API
 * (`name=value`, see tests/helpers/api.ts), for tests about pages rather than the sign-up flow.
 */
export async function signedInPerson(
  browser: Browser,
  baseUrl: string,
  cookie: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<BrowserContext> {
  const context = await newPerson(browser, viewport);
  const [name, ...rest] = cookie.split('=');
  await context.addCookies([{ name: name!, value: rest.join('='), url: baseUrl }]);
  return context;
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

/**
 * Writes `artifacts/screenshots/<name>.png` and returns its path: the whole page, or only
 * the viewport with `fullPage: false` (for dialogs, whose overlay is fixed to the viewport).
 */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  await page.screenshot({ path, fullPage });
  return path;
}
