import { describe, expect, it } from 'vitest';
import { newPerson, signUpInBrowser } from '../helpers/browser.ts';
import { EDITOR, syncState, typeAtEnd } from '../helpers/editor-page.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';

describe('two people of two organizations co-edit one statement in Chromium', () => {
  const suite = useServerAndChromium();

  it('signs up, invites, co-edits with named carets, and keeps offline edits across a reload', async () => {
    const amal = await newPerson(suite.browser);
    const ben = await newPerson(suite.browser);
    const a = await amal.newPage();
    const b = await ben.newPage();

    // Amal signs up on an empty instance, creates her organization, then a statement.
    await signUpInBrowser(a, suite.server.baseUrl, 'Amal Haddad');
    await a.getByLabel('Organization name').fill('Housing Now');
    await a.getByRole('button', { name: 'Create organization' }).click();
    await a.waitForURL(/\/orgs\/[A-Za-z0-9_-]+$/);
    await a.getByLabel('Role for the invited person').selectOption('editor');
    await a.getByRole('button', { name: 'Create invitation link' }).click();
    const inviteUrl = await a.locator('[data-invite-url]').first().getAttribute('data-invite-url');
    expect(inviteUrl).toMatch(/\/invites\//);

    await a.goto(suite.server.baseUrl);
    await a.getByLabel('Title').fill('Joint statement on evictions');
    await a.getByRole('button', { name: 'Create statement' }).click();
    await a.waitForURL(/\/statements\/[A-Za-z0-9_-]+$/);
    await a.locator(EDITOR).waitFor();
    await expect.poll(() => syncState(a)).toBe('saved');

    // Ben joins Housing Now through the invitation link, signing up on the way.
    await b.goto(inviteUrl!);
    await b.getByRole('link', { name: 'Create an account' }).click();
    await signUpInBrowser(b, suite.server.baseUrl, 'Ben Okafor', new URL(b.url()).pathname + new URL(b.url()).search);
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
