import { beforeAll, describe, expect, it } from 'vitest';
import { api, signUp, type Person } from '../helpers/api.ts';
import { newPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';

/** Logging in returns a person to where they were going; logging out forgets them on this browser. */
describe('logging in and out in Chromium', () => {
  const suite = useServerAndChromium();
  let ben: Person;
  const email = `amal.${Date.now().toString(36)}@example.org`;

  beforeAll(async () => {
    const created = await api(suite.server.baseUrl, 'POST', '/api/auth/signup', { email, password: 'correct horse battery', name: 'Amal Haddad' });
    expect(created.status).toBe(201);
    ben = await signUp(suite.server.baseUrl, 'Ben Okafor', 'Tenants Union');
  }, 60_000);

  it('sends a visitor to log in, brings them back to the page they asked for, and logs out to the login page', async () => {
    const context = await newPerson(suite.browser);
    const page = await context.newPage();

    // An organization page, asked for while logged out, leads to the login page and back.
    await page.goto(`${suite.server.baseUrl}/orgs/${ben.orgId}`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel(/^Password/).fill('correct horse battery');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(new RegExp(`/orgs/${ben.orgId}$`));
    // Amal is not a member of Tenants Union: the page says so instead of failing.
    await page.getByText('You are not a member of Tenants Union.', { exact: false }).waitFor();

    // Her dashboard greets her without an organization yet.
    await page.goto(suite.server.baseUrl);
    await page.getByRole('heading', { name: 'Welcome to Jointly, Amal Haddad' }).waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('Amal Haddad');

    // Log out from the account menu: back on the login page, and pages that need a session send her there.
    await page.getByRole('button', { name: /^Amal Haddad\s*, account menu$/ }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${suite.server.baseUrl}/orgs/${ben.orgId}`);
    await page.waitForURL(/\/login\?next=/);
    expect(await page.evaluate(() => localStorage.getItem('jointly:me'))).toBeNull();
    await context.close();
  }, 60_000);
});
