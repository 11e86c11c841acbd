import { beforeAll, describe, expect, it } from 'vitest';
import { addPartner, api, createStatement, getStatement, signUp, type Person } from '../helpers/api.ts';
import { expectNoBlockingViolations } from '../helpers/axe.ts';
import { DESKTOP, screenshot, signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';
import { openStatement, typeAtEnd } from '../helpers/editor-page.ts';

const DRAFT = '## Our demands\n\nWe call for a moratorium on evictions this winter.\n\n- Rent caps\n- Legal aid for every tenant\n';
const PHONE_375 = { width: 375, height: 812 } as const;

describe('signing is deliberate: review the exact text, then confirm on behalf of the organization (Chromium)', () => {
  const suite = useServerAndChromium();
  let lead: Person;
  let partner: Person;

  beforeAll(async () => {
    lead = await signUp(suite.server.baseUrl, 'Alice Example', 'Green Streets');
    partner = await signUp(suite.server.baseUrl, 'Ben Okafor', 'Tenants Union');
  }, 90_000);

  it('shows the text and its hash, names organization and signer, needs the box ticked, and prints the title given', async () => {
    const statement = await createStatement(suite.server.baseUrl, { title: 'Joint statement on evictions', markdown: DRAFT }, lead);
    await addPartner(suite.server.baseUrl, statement.id, lead, partner);
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, lead.cookie, DESKTOP);
    const page = await context.newPage();
    await openStatement(page, suite.server.baseUrl, statement.id);
    const { contentHash } = await getStatement(suite.server.baseUrl, statement.id, lead);

    await page.getByRole('button', { name: 'Sign off on this text for Green Streets' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign off for Green Streets' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('signoff-step').getAttribute('data-step')).toBe('review');
    // Step 1: the exact text, read-only, with the short form of its hash.
    const review = dialog.getByTestId('signoff-review');
    await expect.poll(() => review.textContent(), { timeout: 10_000 }).toContain('We call for a moratorium on evictions this winter.');
    expect(await review.textContent()).toContain('Legal aid for every tenant');
    expect(await review.locator('[contenteditable="true"]').count()).toBe(0);
    expect(await dialog.getByTestId('signoff-review-hash').locator('code.hash').getAttribute('data-hash')).toBe(contentHash);
    expect(await dialog.getByTestId('signoff-review-hash').locator('code.hash').textContent()).toBe(contentHash.slice(0, 8));
    await expectNoBlockingViolations(page, 'sign-off dialog, review, 1280 px');
    await screenshot(page, 'signoff-dialog-review', { fullPage: false });

    // Step 2: on behalf of whom, as whom; the final button waits for the box.
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => dialog.getByTestId('signoff-step').getAttribute('data-step')).toBe('confirm');
    expect(await dialog.getByTestId('signoff-on-behalf').textContent()).toBe('Sign on behalf of Green Streets as Alice Example');
    const finalButton = dialog.getByRole('button', { name: 'Sign for Green Streets' });
    expect(await finalButton.isDisabled()).toBe(true);
    await dialog.getByLabel('Your title (optional)').fill('Executive Director');
    expect(await finalButton.isDisabled()).toBe(true);
    await dialog.getByLabel('I have read this text and my organization approves it').check();
    expect(await finalButton.isDisabled()).toBe(false);
    // Unticking disables it again.
    await dialog.getByLabel('I have read this text and my organization approves it').uncheck();
    expect(await finalButton.isDisabled()).toBe(true);
    await dialog.getByLabel('I have read this text and my organization approves it').check();
    await expectNoBlockingViolations(page, 'sign-off dialog, confirm, 1280 px');
    await screenshot(page, 'signoff-dialog-confirm', { fullPage: false });
    await finalButton.click();
    await dialog.waitFor({ state: 'detached' });

    // The title shows in the organization's row and in the signatory list, and the server has it.
    const row = page.locator(`li[data-org-id="${lead.orgId}"][data-signoff-state="current"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('signer-title').textContent()).toContain('Executive Director');
    expect(await row.textContent()).toContain('by Alice Example, Executive Director');
    await expect
      .poll(() => page.locator(`[data-testid="signatory-list"] li[data-org-id="${lead.orgId}"]`).textContent())
      .toBe('Green Streets — Alice Example, Executive Director');
    const signed = await getStatement(suite.server.baseUrl, statement.id, lead);
    const signoff = signed.participants.find((p) => p.orgId === lead.orgId)?.signoff;
    expect(signoff?.signerTitle).toBe('Executive Director');
    expect(signoff?.contentHash).toBe(contentHash);
    await context.close();
  }, 90_000);

  /** The server's content hash once it has not changed for a second (the last edit is hashed). */
  async function settledHash(id: string): Promise<string> {
    let last = (await getStatement(suite.server.baseUrl, id, lead)).contentHash;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const now = (await getStatement(suite.server.baseUrl, id, lead)).contentHash;
      if (now === last) return now;
      last = now;
    }
  }

  it('says when the text changes while the dialog is open, refreshes the review, and keeps the dialog open on STALE_CONTENT', async () => {
    const statement = await createStatement(suite.server.baseUrl, { title: 'Statement on rents', markdown: DRAFT }, lead);
    await addPartner(suite.server.baseUrl, statement.id, lead, partner);
    const leadContext = await signedInPerson(suite.browser, suite.server.baseUrl, lead.cookie, DESKTOP);
    const partnerContext = await signedInPerson(suite.browser, suite.server.baseUrl, partner.cookie, DESKTOP);
    const a = await leadContext.newPage();
    const b = await partnerContext.newPage();
    await openStatement(a, suite.server.baseUrl, statement.id);
    await openStatement(b, suite.server.baseUrl, statement.id);

    // The partner edits while the lead reviews: the dialog says so and shows the new text.
    await a.getByRole('button', { name: 'Sign off on this text for Green Streets' }).click();
    const dialog = a.getByRole('dialog', { name: 'Sign off for Green Streets' });
    await expect.poll(() => dialog.getByTestId('signoff-review').textContent(), { timeout: 10_000 }).toContain('Legal aid');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByLabel('I have read this text and my organization approves it').check();
    await typeAtEnd(b, ' Effective immediately.');
    await dialog.getByTestId('signoff-text-changed').waitFor({ timeout: 10_000 });
    // Back at the review, of the new text; the box must be ticked again. The partner's keystrokes may be
    // hashed in several steps: wait until the dialog reviews the server's final hash of the whole edit.
    await expect.poll(() => dialog.getByTestId('signoff-step').getAttribute('data-step')).toBe('review');
    await expect.poll(() => dialog.getByTestId('signoff-review').textContent(), { timeout: 10_000 }).toContain('Effective immediately.');
    const settled = await settledHash(statement.id);
    await expect.poll(() => dialog.getByTestId('signoff-review-hash').locator('[data-hash]').getAttribute('data-hash'), { timeout: 10_000 }).toBe(settled);
    await expect.poll(() => dialog.getByTestId('signoff-step').getAttribute('data-step')).toBe('review');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    expect(await dialog.getByLabel('I have read this text and my organization approves it').isChecked()).toBe(false);

    // The text moves on between the click and the server: STALE_CONTENT, shown, dialog still open.
    await dialog.getByLabel('I have read this text and my organization approves it').check();
    const before = (await getStatement(suite.server.baseUrl, statement.id, lead)).contentHash;
    await a.route('**/api/statements/*/signoffs', async (route) => {
      // Hold the sign-off until the partner's next edit is hashed on the server.
      await typeAtEnd(b, ' And now.');
      await expect.poll(async () => (await getStatement(suite.server.baseUrl, statement.id, lead)).contentHash, { timeout: 10_000 }).not.toBe(before);
      await route.continue();
    });
    await dialog.getByRole('button', { name: 'Sign for Green Streets' }).click();
    await expect
      .poll(() => dialog.getByTestId('signoff-dialog-error').textContent(), { timeout: 15_000 })
      .toBe('The text changed while you were signing, so nothing was signed. Review the current text and sign again.');
    expect(await dialog.isVisible()).toBe(true);
    await expect.poll(() => dialog.getByTestId('signoff-review').textContent(), { timeout: 10_000 }).toContain('And now.');
    await a.unroute('**/api/statements/*/signoffs');
    const after = await getStatement(suite.server.baseUrl, statement.id, lead);
    expect(after.participants.find((p) => p.orgId === lead.orgId)?.signoff).toBeNull();

    // Signing again from the refreshed review works.
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByLabel('I have read this text and my organization approves it').check();
    await dialog.getByRole('button', { name: 'Sign for Green Streets' }).click();
    await dialog.waitFor({ state: 'detached' });
    await a.locator(`li[data-org-id="${lead.orgId}"][data-signoff-state="current"]`).waitFor({ timeout: 10_000 });
    await leadContext.close();
    await partnerContext.close();
  }, 90_000);

  it('after an earlier sign-off, the review is the redline of what changed since', async () => {
    const statement = await createStatement(suite.server.baseUrl, { title: 'Statement on heating', markdown: DRAFT }, lead);
    const signed = await api(
      suite.server.baseUrl,
      'POST',
      `/api/statements/${statement.id}/signoffs`,
      { orgId: lead.orgId, contentHash: statement.contentHash },
      { as: lead },
    );
    expect(signed.status).toBeLessThan(300);
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, lead.cookie, DESKTOP);
    const page = await context.newPage();
    await openStatement(page, suite.server.baseUrl, statement.id);
    await typeAtEnd(page, ' Heating too.');
    await page.locator(`li[data-org-id="${lead.orgId}"][data-signoff-state="stale"]`).waitFor({ timeout: 10_000 });
    await page.locator('[data-sync-state="saved"]').waitFor();
    const signButton = page.getByRole('button', { name: 'Sign off on this text for Green Streets' });
    await expect.poll(() => signButton.isEnabled(), { timeout: 10_000 }).toBe(true);
    await signButton.click();
    const dialog = page.getByRole('dialog', { name: 'Sign off for Green Streets' });
    const redline = dialog.getByTestId('redline');
    await redline.waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await redline.locator('ins').allTextContents()).join('').trim()).toBe('Heating too.');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByLabel('I have read this text and my organization approves it').check();
    await dialog.getByRole('button', { name: 'Sign for Green Streets' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(`li[data-org-id="${lead.orgId}"][data-signoff-state="current"]`).waitFor({ timeout: 10_000 });
    await context.close();
  }, 90_000);

  it('at 375 px the Sign button is on screen in a sticky bar without scrolling past the text, and the dialog passes axe', async () => {
    const long = `${DRAFT}\n\n${Array.from({ length: 30 }, (_, n) => `Paragraph ${n + 1} of the long statement, long enough to fill a phone's screen.`).join('\n\n')}`;
    const statement = await createStatement(suite.server.baseUrl, { title: 'A long statement', markdown: long }, lead);
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, lead.cookie, PHONE_375);
    const page = await context.newPage();
    await openStatement(page, suite.server.baseUrl, statement.id);
    const bar = page.getByTestId('signoff-bar');
    await bar.waitFor();
    expect(await bar.evaluate((element) => getComputedStyle(element).position)).toBe('sticky');
    const barSign = bar.getByRole('button', { name: 'Review and sign for Green Streets' });
    await expect.poll(() => barSign.isEnabled(), { timeout: 10_000 }).toBe(true);
    const inViewport = () =>
      barSign.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight && box.width > 0;
      });
    // Without scrolling: the page is much taller than the screen, yet the button is on it.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollHeight > 2 * window.innerHeight)).toBe(true);
    expect(await inViewport()).toBe(true);
    // And still there halfway down the text.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    expect(await inViewport()).toBe(true);
    expect(await bar.getByTestId('signoff-bar-progress').textContent()).toBe('Drafting · 0 of 1 signed');
    await screenshot(page, 'signoff-bar-375', { fullPage: false });

    await barSign.click();
    const dialog = page.getByRole('dialog', { name: 'Sign off for Green Streets' });
    await expect.poll(() => dialog.getByTestId('signoff-review').textContent(), { timeout: 10_000 }).toContain('Paragraph 30');
    await expectNoBlockingViolations(page, 'sign-off dialog, review, 375 px');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByLabel('Your title (optional)').waitFor();
    await expectNoBlockingViolations(page, 'sign-off dialog, confirm, 375 px');
    await screenshot(page, 'signoff-dialog-375', { fullPage: false });
    // Escape closes it without signing.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await getStatement(suite.server.baseUrl, statement.id, lead)).participants[0]?.signoff).toBeNull();
    await context.close();
  }, 90_000);
});
