import { describe, expect, it } from 'vitest';
import { joinOrg, signUp, signUpUser } from '../helpers/api.ts';
import { describeViolations, runAxe } from '../helpers/axe.ts';
import { PHONE, signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';

/** The first screen of a new organization's page: start a statement, and no "Leave" section for its only admin. */
describe('the organization page of a new organization in Chromium', () => {
  const suite = useServerAndChromium();

  it('offers its only admin "Start your first statement" first, tells them why they cannot leave yet, and starts one', async () => {
    const admin = await signUp(suite.server.baseUrl, 'Rosa Lind', 'Bike Coalition');
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, admin.cookie);
    const page = await context.newPage();
    await page.goto(`${suite.server.baseUrl}/orgs/${admin.orgId}`);

    const start = page.getByRole('region', { name: 'Start your first statement' });
    await start.waitFor();
    // No "Leave Bike Coalition" section: one quiet line says why, before the small button.
    expect(await page.getByRole('heading', { name: 'Leave Bike Coalition' }).count()).toBe(0);
    expect(await page.getByTestId('last-admin-note').innerText()).toContain(
      'You are the only admin of Bike Coalition, so you cannot leave it yet: invite a colleague and make them an admin first.',
    );
    // The call to action comes before the members (the first thing after the heading).
    const order = await page.evaluate(() => {
      const first = document.querySelector('[data-testid="first-statement"]')!;
      const members = document.getElementById('members-heading')!;
      return first.compareDocumentPosition(members) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
      await page.setViewportSize(viewport);
      const axe = await runAxe(page);
      expect(axe.blocking, describeViolations(axe.blocking)).toEqual([]);
    }

    await start.getByLabel('Title').fill('Safe streets for schools');
    await start.getByRole('button', { name: 'Start statement' }).click();
    await page.waitForURL(/\/statements\/[^/]+$/);
    await page.locator('.ProseMirror h1[data-type="title"]').filter({ hasText: 'Safe streets for schools' }).waitFor();

    // Once it leads a statement, the page no longer offers a first one.
    await page.goto(`${suite.server.baseUrl}/orgs/${admin.orgId}`);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('first-statement').count()).toBe(0);
    await context.close();
  }, 60_000);

  it('keeps the "Leave" section for a member who is not the last admin, and no call to action for a viewer', async () => {
    const admin = await signUp(suite.server.baseUrl, 'Tom Berg', 'Quiet Parks');
    const viewer = await signUpUser(suite.server.baseUrl, 'Vera Holm');
    await joinOrg(suite.server.baseUrl, admin, admin.orgId, viewer, 'viewer');
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, viewer.cookie);
    const page = await context.newPage();
    await page.goto(`${suite.server.baseUrl}/orgs/${admin.orgId}`);
    await page.getByRole('heading', { name: 'Leave Quiet Parks' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('first-statement').count()).toBe(0);
    expect(await page.getByTestId('last-admin-note').count()).toBe(0);
    await context.close();
  }, 60_000);
});
