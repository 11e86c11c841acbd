import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api } from '../helpers/api.ts';
import { describeViolations, runAxe } from '../helpers/axe.ts';
import { newPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';

/** Sign-up problems are shown under the field they are about, from the client's check and from the server. */
describe('sign-up field errors in Chromium', () => {
  const suite = useServerAndChromium();

  /** The text of the error Mantine shows for a labelled field (the element its aria-describedby names). */
  const errorOf = async (page: Page, label: string | RegExp) => {
    const input = page.getByLabel(label);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    const described = (await input.getAttribute('aria-describedby')) ?? '';
    const errorId = described.split(' ').find((id) => id.endsWith('-error'));
    expect(errorId).toBeTruthy();
    return (await page.locator(`[id="${errorId}"]`).textContent())?.trim();
  };

  it('checks every field before sending, and names each problem under its field', async () => {
    const context = await newPerson(suite.browser);
    const page = await context.newPage();
    let sent = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/api/auth/signup')) sent++;
    });
    await page.goto(`${suite.server.baseUrl}/signup`);
    await page.getByLabel('E-mail address').fill('not an address');
    await page.getByLabel(/^Password/).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();

    expect(await errorOf(page, 'Your name')).toBe('Name is required.');
    expect(await errorOf(page, 'E-mail address')).toBe('Not a valid e-mail address.');
    expect(await errorOf(page, /^Password/)).toBe('Password must have at least 10 characters.');
    // The first field with a problem has the focus; nothing went to the server.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    expect(sent).toBe(0);
    const axe = await runAxe(page);
    expect(axe.blocking, describeViolations(axe.blocking)).toEqual([]);

    // Fixing a field clears its problem only.
    await page.getByLabel('Your name').fill('Noor Haddad');
    expect(await page.getByLabel('Your name').getAttribute('aria-invalid')).not.toBe('true');
    expect(await page.getByLabel(/^Password/).getAttribute('aria-invalid')).toBe('true');
    await context.close();
  }, 60_000);

  it('shows the server’s validation details under their field (a request the server refuses with 400)', async () => {
    const context = await newPerson(suite.browser);
    const page = await context.newPage();
    // The form checks with the same schema as the server, so only a request altered on its way
    // can be refused: the real server answers it with its real 400 VALIDATION_FAILED details.
    await page.route('**/api/auth/signup', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
      await route.continue({ postData: JSON.stringify({ ...body, password: 'tiny' }) });
    });
    await page.goto(`${suite.server.baseUrl}/signup`);
    await page.getByLabel('Your name').fill('Omar Said');
    await page.getByLabel('E-mail address').fill(`omar.${Date.now().toString(36)}@example.org`);
    await page.getByLabel(/^Password/).fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByLabel(/^Password/).getAttribute('aria-invalid')).toBe('true');
    expect(await errorOf(page, /^Password/)).toBe('Password must have at least 10 characters.');
    expect(await page.getByLabel('E-mail address').getAttribute('aria-invalid')).not.toBe('true');
    await context.close();
  }, 60_000);

  it('says under the e-mail field that the address already has an account, with a way to log in', async () => {
    const email = `taken.${Date.now().toString(36)}@example.org`;
    expect((await api(suite.server.baseUrl, 'POST', '/api/auth/signup', { email, password: 'correct horse battery', name: 'First' })).status).toBe(201);
    const context = await newPerson(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.server.baseUrl}/signup`);
    await page.getByLabel('Your name').fill('Second');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel(/^Password/).fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByLabel('E-mail address').getAttribute('aria-invalid')).toBe('true');
    expect(await errorOf(page, 'E-mail address')).toMatch(/^An account with this e-mail address already exists\. Log in instead\.\s*Log in$/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email');
    await context.close();
  }, 60_000);
});
