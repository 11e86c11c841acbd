import { copyFileSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPerson, screenshot, signUpInBrowser } from '../helpers/browser.ts';
import { EDITOR, typeAtEnd } from '../helpers/editor-page.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';

/** Waits until the organization's row in the sign-off panel is in `state` (current | stale | none). */
async function signoffState(page: Page, orgId: string, state: string): Promise<void> {
  await page.locator(`li[data-org-id="${orgId}"][data-signoff-state="${state}"]`).waitFor({ timeout: 15_000 });
}

/**
 * Signs for `org` through the sign-off dialog: opens it (unless `alreadyOpen`: it opened from the
 * redline at its confirmation step), reviews, confirms on behalf of the organization, ticks the box.
 */
async function signInDialog(page: Page, org: string, { alreadyOpen = false } = {}): Promise<void> {
  if (!alreadyOpen) await page.getByRole('button', { name: `Sign off on this text for ${org}` }).click();
  const dialog = page.getByRole('dialog', { name: `Sign off for ${org}` });
  await dialog.waitFor();
  if (!alreadyOpen) await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByLabel('I have read this text and my organization approves it').check();
  await dialog.getByRole('button', { name: `Sign for ${org}` }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function createOrgInBrowser(page: Page, name: string): Promise<string> {
  await page.getByLabel('Organization name').fill(name);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.waitForURL(/\/orgs\/[A-Za-z0-9_-]+$/);
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

describe('a statement from first draft to published page, by two organizations in Chromium', () => {
  const suite = useServerAndChromium();

  it('co-edits, signs, withdraws, goes stale on an edit, re-signs after the redline, locks, publishes, exports and shows the public page', async () => {
    const amal = await newPerson(suite.browser);
    const ben = await newPerson(suite.browser);
    const a = await amal.newPage();
    const b = await ben.newPage();

    // Two people sign up and each creates their organization.
    await signUpInBrowser(b, suite.server.baseUrl, 'Ben Okafor');
    const tenantsUnion = await createOrgInBrowser(b, 'Tenants Union');
    await signUpInBrowser(a, suite.server.baseUrl, 'Amal Haddad');
    const housingNow = await createOrgInBrowser(a, 'Housing Now');

    // Amal starts a statement led by Housing Now and invites Tenants Union as a required partner.
    await a.goto(suite.server.baseUrl);
    await a.getByLabel('Title').fill('Joint statement on evictions');
    await a.getByRole('button', { name: 'Create statement' }).click();
    await a.waitForURL(/\/statements\/[A-Za-z0-9_-]+$/);
    const statementUrl = a.url();
    const statementId = new URL(statementUrl).pathname.split('/').at(-1)!;
    // The directory shows Amal no stranger's organization: she makes an invitation link, and Ben, admin of Tenants Union, accepts it.
    await a.getByRole('region', { name: 'Invite an organization' }).getByRole('button', { name: 'Create invitation link' }).click();
    const inviteUrl = await a.locator('[data-invite-url]').first().getAttribute('data-invite-url');
    await b.goto(inviteUrl!);
    await b.getByRole('button', { name: 'Accept for Tenants Union' }).click();
    await b.waitForURL(statementUrl);
    await a.locator(`li[data-org-id="${tenantsUnion}"]`).waitFor({ timeout: 10_000 });
    await expect.poll(() => a.getByTestId('signoff-summary').textContent()).toBe('0 of 2 signed the current text.');
    await a.locator('[data-sync-state="saved"]').waitFor();
    await typeAtEnd(a, 'We call for a moratorium on evictions.');

    // Ben finds it on his dashboard, under "Needs your sign-off" (he is Tenants Union's admin), with its sign-off progress, and opens it.
    await b.goto(suite.server.baseUrl);
    const card = b.locator(`section[data-dashboard-section="needs-my-signoff"] [data-statement-id="${statementId}"]`);
    await expect.poll(() => card.getByTestId('signoff-progress').textContent(), { timeout: 10_000 }).toBe('0 of 2 signed');
    await card.getByRole('link', { name: 'Joint statement on evictions' }).click();
    await b.locator(EDITOR).waitFor();
    await expect.poll(() => b.locator(EDITOR).textContent(), { timeout: 10_000 }).toContain('We call for a moratorium on evictions.');

    // Co-editing: each sees the other's words, named caret and avatar.
    await typeAtEnd(b, ' Rents must be capped.');
    await expect.poll(() => a.locator(EDITOR).textContent(), { timeout: 10_000 }).toContain('Rents must be capped.');
    await expect.poll(() => a.locator('.collaboration-carets__label').allTextContents(), { timeout: 10_000 }).toContain('Ben Okafor · Tenants Union');
    await a.locator('[data-testid="presence"] [data-presence-name="Ben Okafor"]').waitFor();
    await b.locator('[data-testid="presence"] [data-presence-name="Amal Haddad"]').waitFor();
    // Ben's avatar and caret wear his organization's colour.
    const caretColor = await a.locator('.collaboration-carets__label', { hasText: 'Ben Okafor' }).evaluate((e) => getComputedStyle(e).backgroundColor);
    const avatarColor = await a.locator('[data-presence-name="Ben Okafor"] .mantine-Avatar-placeholder').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(avatarColor).toBe(caretColor);
    // The README shows this moment. Its committed copy is refreshed only on request
    // (UPDATE_README_SCREENSHOT=1), so a test run never dirties the checkout.
    await a.locator('[data-sync-state="saved"]').waitFor();
    const coediting = await screenshot(a, 'statement-page-coediting');
    if (process.env.UPDATE_README_SCREENSHOT === '1') copyFileSync(coediting, 'docs/screenshots/statement-page.png');

    // Publishing says why it cannot happen yet.
    await expect.poll(() => a.getByTestId('publish-button').getAttribute('aria-disabled')).toBe('true');
    await expect.poll(() => a.getByTestId('missing-signoffs').textContent()).toBe('Waiting for sign-offs from: Housing Now, Tenants Union.');
    await a.getByTestId('publish-button').hover();
    await a.getByRole('tooltip', { name: 'Waiting for sign-offs from: Housing Now, Tenants Union.' }).waitFor();

    // Both sign the same text.
    await a.locator('[data-sync-state="saved"]').waitFor();
    await b.locator('[data-sync-state="saved"]').waitFor();
    await signInDialog(a, 'Housing Now');
    await signInDialog(b, 'Tenants Union');
    await signoffState(a, housingNow, 'current');
    await signoffState(a, tenantsUnion, 'current');
    await expect.poll(() => a.getByTestId('signoff-summary').textContent(), { timeout: 10_000 }).toBe('2 of 2 signed the current text.');

    // Ben withdraws Tenants Union's sign-off (it asks once more), then signs again.
    await b.getByRole('button', { name: 'Withdraw the sign-off of Tenants Union' }).click();
    await b.getByRole('button', { name: 'Yes, withdraw' }).click();
    await signoffState(a, tenantsUnion, 'none');
    await signInDialog(b, 'Tenants Union');
    await signoffState(a, tenantsUnion, 'current');

    // Ben edits once more: both sign-offs are now of an earlier text, live on Amal's screen.
    await typeAtEnd(b, ' Effective immediately.');
    await signoffState(a, housingNow, 'stale');
    await signoffState(a, tenantsUnion, 'stale');
    await expect.poll(() => a.getByTestId('signoff-summary').textContent()).toBe('0 of 2 signed the current text; 2 signed an earlier version.');

    // Amal reviews the redline of what changed since she signed, and signs the new text from there.
    await a.locator(`li[data-org-id="${housingNow}"]`).getByTestId('signoff-diff-button').click();
    const redline = a.getByTestId('redline');
    await redline.waitFor();
    await expect.poll(async () => (await redline.locator('ins').allTextContents()).join('').trim()).toBe('Effective immediately.');
    await screenshot(a, 'redline-since-you-signed', { fullPage: false });
    await a.getByTestId('sign-off-reviewed-button').click();
    await redline.waitFor({ state: 'detached' });
    await signInDialog(a, 'Housing Now', { alreadyOpen: true });
    await signoffState(a, housingNow, 'current');

    // Ben re-signs once his edit is saved.
    await b.locator('[data-sync-state="saved"]').waitFor();
    await signInDialog(b, 'Tenants Union');
    await signoffState(a, tenantsUnion, 'current');

    // Amal locks now (the dialog's other choice is a countdown): Ben's editor turns read-only, live.
    await a.getByTestId('lock-button').click();
    await a.getByRole('dialog', { name: 'Lock the text?' }).getByRole('radio', { name: 'Now, without a countdown' }).check();
    await a.getByRole('button', { name: 'Lock now' }).click();
    await b.locator('[data-testid="read-only-note"][data-reason="locked"]').waitFor();
    expect(await b.locator(EDITOR).getAttribute('contenteditable')).toBe('false');

    // Amal publishes after confirming; Ben sees it published.
    await expect.poll(() => a.getByTestId('publish-button').getAttribute('aria-disabled')).toBe('false');
    await a.getByTestId('publish-button').click();
    await a.getByRole('button', { name: 'Yes, publish' }).click();
    await a.locator('[data-testid="status-badge"][data-status="published"]').waitFor();
    await b.locator('[data-testid="status-badge"][data-status="published"]').waitFor();
    await screenshot(a, 'statement-published');

    // The downloads carry the signed text and the signatories.
    const html = await download(a, 'export-html');
    expect(html.name).toMatch(/\.html$/);
    const md = await download(a, 'export-md');
    expect(md.name).toMatch(/\.md$/);
    for (const text of [html.text, md.text]) {
      expect(text).toContain('Joint statement on evictions');
      expect(text).toContain('We call for a moratorium on evictions. Rents must be capped. Effective immediately.');
      expect(text).toContain('Housing Now');
      expect(text).toContain('Tenants Union');
    }
    expect(md.text).toMatch(/^# Joint statement on evictions/m);
    expect(html.text).toMatch(/<h1[^>]*>Joint statement on evictions<\/h1>/);

    // Anyone can read the public page without an account.
    const visitor = await newPerson(suite.browser);
    const v = await visitor.newPage();
    const response = await v.goto(`${suite.server.baseUrl}/s/${statementId}`);
    expect(response?.status()).toBe(200);
    const publicText = await v.locator('body').textContent();
    expect(publicText).toContain('Joint statement on evictions');
    expect(publicText).toContain('Effective immediately.');
    expect(publicText).toContain('Housing Now');
    expect(publicText).toContain('Tenants Union');

    // Amal's dashboard now lists it under Published, fully signed.
    await a.goto(suite.server.baseUrl);
    const published = a.locator(`section[data-status-group="published"] [data-statement-id="${statementId}"]`);
    await expect.poll(() => published.getByTestId('signoff-progress').textContent(), { timeout: 10_000 }).toBe('2 of 2 signed');

    await visitor.close();
    await amal.close();
    await ben.close();
  }, 150_000);
});
