import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../client/api/error-messages.ts';
import { signUp, type Person } from '../helpers/api.ts';
import { newPerson, signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';

/** An admin sees the organization's open invitation links on its page and withdraws one; the withdrawn link says so. */
describe('open invitations on the organization page, in Chromium', () => {
  const suite = useServerAndChromium();
  let admin: Person;

  beforeAll(async () => {
    admin = await signUp(suite.server.baseUrl, 'Amal Haddad', 'Housing Now');
  }, 60_000);

  it('lists the link just made, withdraws it, and the link then reads as withdrawn (INVITE_REVOKED)', async () => {
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, admin.cookie);
    const page = await context.newPage();
    await page.goto(`${suite.server.baseUrl}/orgs/${admin.orgId}`);
    await page.getByLabel('Role for the invited person').selectOption('signatory');
    await page.getByText('expires after 2 days').waitFor();
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const url = await page.locator('[data-invite-url]').first().getAttribute('data-invite-url');
    expect(url).toMatch(/\/invites\/[A-Za-z0-9_-]+$/);

    const openList = page.getByRole('list', { name: 'Open invitations' });
    const row = openList.getByRole('listitem').filter({ hasText: 'A signatory link by Amal Haddad' });
    await row.waitFor();
    await row.getByRole('button', { name: /^Withdraw/ }).click();
    await page.getByText('No invitation link of Housing Now can be used right now.').waitFor();
    expect(await openList.count()).toBe(0);

    const visitor = await newPerson(suite.browser);
    const visit = await visitor.newPage();
    await visit.goto(url!);
    await expect.poll(() => visit.locator('[data-error-code]').getAttribute('data-error-code')).toBe('INVITE_REVOKED');
    expect(await visit.getByRole('alert').textContent()).toContain(ERROR_MESSAGES.INVITE_REVOKED);
    await visitor.close();
    await context.close();
  }, 60_000);
});
