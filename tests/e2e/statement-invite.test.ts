import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { api, signUp, type Person } from '../helpers/api.ts';
import { describeViolations, runAxe } from '../helpers/axe.ts';
import { DESKTOP, newPerson, screenshot, signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';
import { EDITOR, typeAtEnd } from '../helpers/editor-page.ts';

/** The phone width the invitation page must work at (the narrowest common one). */
const PHONE_375 = { width: 375, height: 812 } as const;

/** The lead makes a link in the participants panel and reads it back from the field that shows it once. */
async function makeInviteLink(page: Page, statementId: string, baseUrl: string, { required }: { required: boolean }): Promise<string> {
  await page.goto(`${baseUrl}/statements/${statementId}`);
  const section = page.getByRole('region', { name: 'Invite an organization' });
  await section.waitFor();
  const box = section.getByLabel('Required to sign off');
  if ((await box.isChecked()) !== required) await box.click();
  const before = await section.locator('[data-invite-url]').count();
  await section.getByRole('button', { name: 'Create invitation link' }).click();
  await expect.poll(() => section.locator('[data-invite-url]').count()).toBe(before + 1);
  return (await section.locator('[data-invite-url]').first().getAttribute('data-invite-url'))!;
}

/** axe on the page as it is, with transitions off (colours as they end); returns one line for the log and the violations. */
async function axeLine(page: Page, name: string): Promise<{ line: string; violations: string }> {
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; animation: none !important; }' });
  const report = await runAxe(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  return {
    line: `${name.padEnd(32)} violations ${report.violations.length}, passes ${report.passes}, horizontal overflow ${overflow}px`,
    violations:
      report.violations.length > 0 || overflow > 0 ? `${name}: ${describeViolations(report.violations)}${overflow > 0 ? ` (${overflow}px too wide)` : ''}` : '',
  };
}

describe('inviting a partner organization into a statement, in Chromium', () => {
  const suite = useServerAndChromium();
  let lead: Person;
  /** A fresh statement led by Housing Now, with a body. */
  const newStatement = async (): Promise<StatementDetail> => {
    const created = await api<{ statement: StatementDetail }>(
      suite.server.baseUrl,
      'POST',
      '/api/statements',
      { title: 'Joint statement on evictions', leadOrgId: lead.orgId, markdown: 'We call for a moratorium on evictions this winter.' },
      { as: lead },
    );
    return created.body.statement;
  };

  beforeAll(async () => {
    lead = await signUp(suite.server.baseUrl, 'Amal Haddad', 'Housing Now');
  }, 60_000);

  it('a signed-out newcomer opens the link, signs up, creates their organization, accepts and lands in the editor as a participant', async () => {
    const statement = await newStatement();
    const leadContext = await signedInPerson(suite.browser, suite.server.baseUrl, lead.cookie);
    const leadPage = await leadContext.newPage();
    const url = await makeInviteLink(leadPage, statement.id, suite.server.baseUrl, { required: false });
    expect(url).toMatch(new RegExp(`^${suite.server.baseUrl}/statement-invites/[A-Za-z0-9_-]{43}$`));
    // The lead sees it pending, as optional, until it is used.
    const pending = leadPage.getByRole('list', { name: 'Pending invitations' }).getByRole('listitem');
    await expect.poll(() => pending.allTextContents()).toEqual([expect.stringContaining('An optional link by Amal Haddad')]);

    const newcomer = await newPerson(suite.browser, DESKTOP);
    const page = await newcomer.newPage();
    let clicks = 0;
    const click = async (target: Locator) => {
      clicks++;
      await target.click();
    };

    const started = performance.now();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Housing Now invites your organization to sign “Joint statement on evictions”' }).waitFor();
    expect(await page.locator('main, body').first().textContent()).toContain('as an optional participant');
    await click(page.getByRole('main').getByRole('link', { name: 'Sign up' }));
    await page.getByLabel('Your name').fill('Ben Okafor');
    await page.getByLabel('E-mail address').fill(`ben.${Date.now().toString(36)}@tenants.example`);
    await page.getByLabel(/^Password/).fill('correct horse battery');
    await click(page.getByRole('button', { name: 'Create account' }));
    // Back on the invitation, signed in, with no organization yet: its name is asked right there.
    await page.waitForURL(/\/statement-invites\//);
    await page.getByLabel('Organization name').fill('Tenants Union');
    await click(page.getByRole('button', { name: 'Create organization and accept' }));
    await page.waitForURL(new RegExp(`/statements/${statement.id}$`));
    await page.locator(`${EDITOR}[contenteditable="true"]`).waitFor();
    const seconds = (performance.now() - started) / 1000;

    const row = page.locator('li[data-org-id]', { hasText: 'Tenants Union' });
    await row.waitFor();
    expect(await row.textContent()).toContain('optional');
    await page.locator('[data-sync-state="saved"]').waitFor();
    await typeAtEnd(page, ' Tenants Union joins.');
    await expect.poll(() => page.locator(EDITOR).textContent()).toContain('Tenants Union joins.');
    console.log(`invitation link to an editable editor for a new person: ${clicks} clicks, ${seconds.toFixed(1)} s (sign-up form and organization name typed)`);
    await screenshot(page, 'statement-invite-accepted');

    // The lead's panel shows the new participant, and the used link is no longer pending.
    await leadPage.locator('li[data-org-id]', { hasText: 'Tenants Union' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => pending.count(), { timeout: 10_000 }).toBe(0);
    await newcomer.close();
    await leadContext.close();
  }, 120_000);

  it('an admin picks one of their organizations; a revoked link reads as withdrawn', async () => {
    const statement = await newStatement();
    const partner = await signUp(suite.server.baseUrl, 'Carla Díaz', 'Green Streets');
    const leadContext = await signedInPerson(suite.browser, suite.server.baseUrl, lead.cookie);
    const leadPage = await leadContext.newPage();
    const revoked = await makeInviteLink(leadPage, statement.id, suite.server.baseUrl, { required: true });
    const pending = leadPage.getByRole('list', { name: 'Pending invitations' }).getByRole('listitem');
    await expect.poll(() => pending.count()).toBe(1);
    await pending
      .first()
      .getByRole('button', { name: /^Revoke/ })
      .click();
    await expect.poll(() => pending.count()).toBe(0);
    const url = await makeInviteLink(leadPage, statement.id, suite.server.baseUrl, { required: true });

    const context = await signedInPerson(suite.browser, suite.server.baseUrl, partner.cookie);
    const page = await context.newPage();
    await page.goto(revoked);
    await expect.poll(() => page.locator('[data-error-code]').getAttribute('data-error-code')).toBe('INVITE_REVOKED');

    await page.goto(url);
    await page.getByRole('radio', { name: 'Green Streets' }).check();
    await page.getByRole('button', { name: 'Accept for Green Streets' }).click();
    await page.waitForURL(new RegExp(`/statements/${statement.id}$`));
    const row = page.locator(`li[data-org-id="${partner.orgId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('required');
    await context.close();
    await leadContext.close();
  }, 120_000);

  it('has no axe violations on the invitation page (signed out and choosing an organization) or the invite panel, at 1280 px and 375 px', async () => {
    const statement = await newStatement();
    const leadContext = await signedInPerson(suite.browser, suite.server.baseUrl, lead.cookie);
    const leadPage = await leadContext.newPage();
    const url = await makeInviteLink(leadPage, statement.id, suite.server.baseUrl, { required: true });
    const chooser = await signUp(suite.server.baseUrl, 'Dev Patel', 'Food Bank North');
    const lines: string[] = [];
    const failures: string[] = [];
    for (const [width, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE_375],
    ] as const) {
      const visitor = await newPerson(suite.browser, viewport);
      const visit = await visitor.newPage();
      await visit.goto(url);
      await visit.getByRole('main').getByRole('link', { name: 'Sign up' }).waitFor();
      for (const result of [await axeLine(visit, `invitation signed out ${width}`)]) {
        lines.push(result.line);
        if (result.violations) failures.push(result.violations);
      }
      await screenshot(visit, `statement-invite-signed-out-${width}`);

      const signedIn = await signedInPerson(suite.browser, suite.server.baseUrl, chooser.cookie, viewport);
      const choose = await signedIn.newPage();
      await choose.goto(url);
      await choose.getByRole('radio', { name: 'Food Bank North' }).waitFor();
      const chosen = await axeLine(choose, `invitation choosing ${width}`);
      lines.push(chosen.line);
      if (chosen.violations) failures.push(chosen.violations);
      await choose.getByRole('radio', { name: 'A new organization' }).check();
      await choose.getByLabel('Organization name').waitFor();
      const naming = await axeLine(choose, `invitation new organization ${width}`);
      lines.push(naming.line);
      if (naming.violations) failures.push(naming.violations);
      await screenshot(choose, `statement-invite-choose-${width}`);

      await leadPage.setViewportSize(viewport);
      await leadPage.getByRole('region', { name: 'Invite an organization' }).scrollIntoViewIfNeeded();
      const panel = await axeLine(leadPage, `invite panel ${width}`);
      lines.push(panel.line);
      if (panel.violations) failures.push(panel.violations);
      await screenshot(leadPage, `statement-invite-panel-${width}`);
      await visitor.close();
      await signedIn.close();
    }
    console.log(`axe-core results:\n${lines.join('\n')}`);
    await leadContext.close();
    expect(failures, failures.join('\n')).toEqual([]);
  }, 120_000);
});
