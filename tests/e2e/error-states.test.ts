import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../client/api/error-messages.ts';
import { api, signUp, type Person } from '../helpers/api.ts';
import { newPerson, signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';

/**
 * What a person sees when the API says no: the client's sentence for the error code
 * (client/api/error-messages.ts), in an alert, and never a blank page.
 */
describe('refusals and missing things read as sentences in Chromium, never as a blank screen', () => {
  const suite = useServerAndChromium();
  let admin: Person;

  beforeAll(async () => {
    admin = await signUp(suite.server.baseUrl, 'Amal Haddad', 'Housing Now');
  }, 60_000);

  it('shows INVALID_CREDENTIALS, INVITE_INVALID and INVITE_USED as sentences, not-found pages, and why a non-admin cannot invite', async () => {
    const visitor = await newPerson(suite.browser);
    const page = await visitor.newPage();

    // Wrong password.
    await page.goto(`${suite.server.baseUrl}/login`);
    await page.getByLabel('E-mail address').fill('nobody@example.org');
    await page.getByLabel(/^Password/).fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: ERROR_MESSAGES.INVALID_CREDENTIALS }).waitFor();

    // An invitation link that was never valid, and one already used.
    await page.goto(`${suite.server.baseUrl}/invites/not-a-real-token-at-all-but-long-enough`);
    await expect.poll(() => page.locator('[data-error-code]').getAttribute('data-error-code')).toMatch(/^INVITE_INVALID$/);
    expect(await page.getByRole('alert').textContent()).toContain(ERROR_MESSAGES.INVITE_INVALID);
    const invite = await api<{ token: string }>(suite.server.baseUrl, 'POST', `/api/orgs/${admin.orgId}/invites`, { role: 'editor' }, { as: admin });
    const joiner = await signUp(suite.server.baseUrl, 'Ben Okafor', 'Tenants Union');
    expect((await api(suite.server.baseUrl, 'POST', `/api/invites/${invite.body.token}/accept`, undefined, { as: joiner })).status).toBe(200);
    await page.goto(`${suite.server.baseUrl}/invites/${invite.body.token}`);
    await expect.poll(() => page.locator('[data-error-code]').getAttribute('data-error-code')).toBe('INVITE_USED');
    expect(await page.getByRole('alert').textContent()).toContain(ERROR_MESSAGES.INVITE_USED);
    await visitor.close();

    // Signed in: a statement and an organization that do not exist, and a page that does not exist.
    const person = await signedInPerson(suite.browser, suite.server.baseUrl, joiner.cookie);
    const signedIn = await person.newPage();
    await signedIn.goto(`${suite.server.baseUrl}/statements/doesNotExist123456789`);
    await signedIn.getByRole('heading', { name: 'Statement not found' }).waitFor();
    await signedIn.goto(`${suite.server.baseUrl}/orgs/doesNotExist123456789`);
    await signedIn.getByRole('heading', { name: 'Organization not found' }).waitFor();
    await signedIn.goto(`${suite.server.baseUrl}/no/such/page`);
    await signedIn.getByRole('heading', { name: 'Page not found' }).waitFor();

    // An editor of Housing Now (not an admin) is not offered invitations, and is told why.
    await signedIn.goto(`${suite.server.baseUrl}/orgs/${admin.orgId}`);
    await signedIn.getByRole('heading', { name: 'Members' }).waitFor();
    expect(await signedIn.getByRole('button', { name: 'Create invitation link' }).count()).toBe(0);
    await signedIn.getByText('Only admins of Housing Now can change roles or invite people.').waitFor();
    await person.close();
  }, 60_000);

  it('refuses to let the last admin leave, and says what to do instead (LAST_ADMIN)', async () => {
    const person = await signedInPerson(suite.browser, suite.server.baseUrl, admin.cookie);
    const page = await person.newPage();
    await page.goto(`${suite.server.baseUrl}/orgs/${admin.orgId}`);
    await page.getByRole('button', { name: 'Leave organization' }).click();
    await page.getByRole('button', { name: 'Yes, leave' }).click();
    await page.getByRole('alert').filter({ hasText: ERROR_MESSAGES.LAST_ADMIN }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/orgs/${admin.orgId}`);
    await person.close();
  }, 60_000);

  it('keeps the page and explains when the server cannot be reached', async () => {
    const person = await signedInPerson(suite.browser, suite.server.baseUrl, admin.cookie);
    const page = await person.newPage();
    await page.goto(suite.server.baseUrl);
    await page.getByRole('heading', { name: 'Your statements' }).waitFor();
    // The network goes away, then the person tries to create an organization.
    await person.setOffline(true);
    await page.getByRole('button', { name: 'New organization' }).click();
    await page.getByLabel('Organization name').fill('Legal Aid Collective');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('alert').filter({ hasText: ERROR_MESSAGES.NETWORK }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('heading', { name: 'Your statements' }).isVisible()).toBe(true);
    await person.setOffline(false);
    await person.close();
  }, 60_000);
});
