import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api, signUp } from '../helpers/api.ts';
import { newPerson, signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';

/** Every console error and uncaught exception of a page, from now on. */
function consoleErrorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** A signed-out first visit is the normal case, not a failure: the console stays clean. */
describe('an anonymous first visit in Chromium', () => {
  const suite = useServerAndChromium();

  it('opens / in a fresh browser profile with no console error, and lands on the login page', async () => {
    const context = await newPerson(suite.browser);
    const page = await context.newPage();
    const errors = consoleErrorsOf(page);
    await page.goto(suite.server.baseUrl);
    await page.waitForURL(/\/login/);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('still knows a signed-in person from the same probe, and GET /api/me keeps answering 401 when signed out', async () => {
    const ada = await signUp(suite.server.baseUrl, 'Ada Quist', 'Green Streets');
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, ada.cookie);
    const page = await context.newPage();
    const errors = consoleErrorsOf(page);
    await page.goto(suite.server.baseUrl);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('Ada Quist');
    expect(errors).toEqual([]);
    await context.close();

    expect((await api(suite.server.baseUrl, 'GET', '/api/me')).status).toBe(401);
    const anonymous = await api(suite.server.baseUrl, 'GET', '/api/session');
    expect(anonymous).toMatchObject({ status: 200, body: { user: null, memberships: [] } });
    const signedIn = await api(suite.server.baseUrl, 'GET', '/api/session', undefined, { as: ada });
    expect(signedIn).toMatchObject({ status: 200, body: { user: { id: ada.user.id }, memberships: [{ orgId: ada.orgId, role: 'admin' }] } });
  }, 60_000);
});
