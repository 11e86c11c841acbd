import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPerson, signUpInBrowser } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/** The statement editor's text surface. */
const EDITOR = '.ProseMirror[aria-label="Statement text"]';

async function syncState(page: Page): Promise<string | null> {
  return page.locator('[data-sync-state]').getAttribute('data-sync-state');
}

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator(EDITOR).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

describe('two people of two organizations co-edit one statement in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ config: { serveClient: true } });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs up, invites, co-edits with named carets, and keeps offline edits across a reload', async () => {
    const amal = await newPerson(browser);
    const ben = await newPerson(browser);
    const a = await amal.newPage();
    const b = await ben.newPage();

    // Amal signs up on an empty instance, creates her organization, then a statement.
    await signUpInBrowser(a, server.baseUrl, 'Amal Haddad');
    await a.getByLabel('Organization name').fill('Housing Now');
    await a.getByRole('button', { name: 'Create organization' }).click();
    await a.waitForURL(/\/orgs\/[A-Za-z0-9_-]+$/);
    await a.getByLabel('Role for the invited person').selectOption('editor');
    await a.getByRole('button', { name: 'Create invitation link' }).click();
    const inviteUrl = await a.locator('[data-invite-url]').first().getAttribute('data-invite-url');
    expect(inviteUrl).toMatch(/\/invites\//);

    await a.goto(server.baseUrl);
    await a.getByLabel('Title').fill('Joint statement on evictions');
    await a.getByRole('button', { name: 'Create statement' }).click();
    await a.waitForURL(/\/statements\/[A-Za-z0-9_-]+$/);
    await a.locator(EDITOR).waitFor();
    await expect.poll(() => syncState(a)).toBe('saved');

    // Ben joins Housing Now through the invitation link, signing up on the way.
    await b.goto(inviteUrl!);
    await b.getByRole('link', { name: 'Create an account' }).click();
    await signUpInBrowser(b, server.baseUrl, 'Ben Okafor', new URL(b.url()).pathname + new URL(b.url()).search);
    await b.getByRole('button', { name: 'Join Housing Now' }).click();
    await b.goto(a.url());
    await b.locator(EDITOR).waitFor();
    await expect.poll(() => syncState(b)).toBe('saved');
    await expect.poll(() => b.locator('h1[data-type="title"]').textContent()).toBe('Joint statement on evictions');

    await typeAtEnd(a, 'We call for a moratorium.');
    await expect.poll(() => b.locator(EDITOR).textContent()).toContain('We call for a moratorium.');
    await typeAtEnd(b, ' Signed together.');
    await expect.poll(() => a.locator(EDITOR).textContent()).toContain('Signed together.');
    await expect.poll(() => a.locator('.collaboration-carets__label').allTextContents()).toContain('Ben Okafor · Housing Now');
    await expect.poll(() => syncState(a)).toBe('saved');
    await expect.poll(() => syncState(b)).toBe('saved');
    await a.screenshot({ path: 'artifacts/screenshots/statement-page.png' });

    // Ben loses the network, keeps writing, and closes the tab before it comes back.
    await ben.setOffline(true);
    await expect.poll(() => syncState(b), { timeout: 15_000 }).toBe('offline');
    await typeAtEnd(b, ' Written offline.');
    await b.waitForTimeout(300); // y-indexeddb writes asynchronously
    await b.close();
    expect(await a.locator(EDITOR).textContent()).not.toContain('Written offline.');

    // Back online, a new tab loads the local copy and sends what the server lacks.
    await ben.setOffline(false);
    const b2 = await ben.newPage();
    await b2.goto(a.url());
    await b2.locator(EDITOR).waitFor();
    await expect.poll(() => b2.locator(EDITOR).textContent()).toContain('Written offline.');
    await expect.poll(() => a.locator(EDITOR).textContent(), { timeout: 15_000 }).toContain('Written offline.');
    await expect.poll(() => syncState(b2)).toBe('saved');

    await amal.close();
    await ben.close();
  }, 120_000);
});
