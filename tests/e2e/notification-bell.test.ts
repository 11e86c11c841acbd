import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationPreferences } from '../../shared/api/notifications.ts';
import { api, type Person } from '../helpers/api.ts';
import { describeViolations, runAxe } from '../helpers/axe.ts';
import { DESKTOP, launchChromium, screenshot, signedInPerson } from '../helpers/browser.ts';
import { coalitionStatement, inbox, signFor, staffedOrg, type StaffedOrg } from '../helpers/coalition.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

const PHONE_375 = { width: 375, height: 740 } as const;

/** How far the page is wider than the viewport (0: no sideways scrolling). */
async function overflowX(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const report = await runAxe(page);
  expect(report.violations, `${where}:\n${describeViolations(report.violations)}`).toEqual([]);
}

describe('the notification bell', () => {
  let sink: SmtpSink;
  let server: TestServer;
  let browser: Browser;
  let lead: StaffedOrg;
  let partner: StaffedOrg;

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startServer({ config: { serveClient: true, smtpUrl: sink.url } });
    browser = await launchChromium();
    lead = await staffedOrg(server.baseUrl, 'Green Streets');
    partner = await staffedOrg(server.baseUrl, 'Tenants Union');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await sink?.close();
  });

  const bell = (page: Page) => page.getByRole('button', { name: /^Notifications/ });

  it('shows the unread count live when a partner signs, lists the notification, and marks it read when it is opened', async () => {
    const title = `Safe streets ${Date.now().toString(36)}`;
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    const context = await signedInPerson(browser, server.baseUrl, lead.editor.cookie, DESKTOP);
    try {
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/`);
      await expect.poll(() => bell(page).getAttribute('aria-label'), { timeout: 10_000 }).toBe('Notifications');

      // Another person signs, elsewhere: the count appears without a reload.
      const signedAt = Date.now();
      await signFor(server.baseUrl, statement.id, partner.signatory);
      await expect.poll(() => bell(page).getAttribute('aria-label'), { timeout: 5_000, interval: 20 }).toBe('Notifications, 1 unread');
      console.log(`bell updated ${Date.now() - signedAt} ms after the sign-off request`);
      await expect.poll(() => page.getByTestId('unread-count').textContent()).toBe('1');
      // Screen readers hear of it too.
      await expect
        .poll(() => page.getByRole('status').filter({ hasText: 'New notification' }).textContent())
        .toBe(`New notification: Tenants Union signed “${title}”`);

      await bell(page).click();
      const menu = page.getByRole('dialog', { name: 'Notifications' });
      const item = menu.getByRole('link', { name: new RegExp(`Tenants Union signed “${title}” \\(unread\\)`) });
      await item.waitFor();
      await expectNoAxeViolations(page, 'desktop, menu open');
      await screenshot(page, 'notification-bell-desktop', { fullPage: false });

      await item.click();
      await page.waitForURL(`${server.baseUrl}/statements/${statement.id}`);
      await expect.poll(() => bell(page).getAttribute('aria-label'), { timeout: 5_000 }).toBe('Notifications');
      const [notification] = (await inbox(server.baseUrl, lead.editor)).notifications.filter((n) => n.statementId === statement.id);
      expect(notification!.readAt).not.toBeNull();
    } finally {
      await context.close();
    }
  }, 60_000);

  it('marks all read, and switches e-mail off and on for the person only', async () => {
    const title = `Cycle lanes ${Date.now().toString(36)}`;
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    await signFor(server.baseUrl, statement.id, partner.signatory);
    await signFor(server.baseUrl, statement.id, lead.signatory);
    const context = await signedInPerson(browser, server.baseUrl, lead.admin.cookie, DESKTOP);
    const preference = async (as: Person) => (await api<NotificationPreferences>(server.baseUrl, 'GET', '/api/me/notifications', undefined, { as })).body;
    try {
      const page = await context.newPage();
      // The link at the foot of every e-mail opens the menu.
      await page.goto(`${server.baseUrl}/?notifications=open`);
      const menu = page.getByRole('dialog', { name: 'Notifications' });
      await menu.getByRole('link', { name: new RegExp(`Every required organization has signed “${title}”`) }).waitFor();
      expect(await bell(page).getAttribute('aria-label')).toMatch(/^Notifications, \d+ unread$/);
      await menu.getByRole('button', { name: 'Mark all read' }).click();
      await expect.poll(() => bell(page).getAttribute('aria-label'), { timeout: 5_000 }).toBe('Notifications');
      expect((await inbox(server.baseUrl, lead.admin)).unread).toBe(0);

      const email = menu.getByRole('switch', { name: 'E-mail me about these' });
      await expect.poll(() => email.isChecked()).toBe(true);
      await email.click({ force: true });
      await expect.poll(async () => (await preference(lead.admin)).email).toBe(false);
      expect((await preference(lead.editor)).email).toBe(true);
      await email.click({ force: true });
      await expect.poll(async () => (await preference(lead.admin)).email).toBe(true);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('works at 375 px: the menu fits the screen, and axe finds no violations with it closed or open', async () => {
    const title = `Phone check ${Date.now().toString(36)}`;
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    await signFor(server.baseUrl, statement.id, partner.signatory);
    const context = await signedInPerson(browser, server.baseUrl, lead.editor.cookie, PHONE_375);
    try {
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/`);
      await expect.poll(() => bell(page).getAttribute('aria-label'), { timeout: 10_000 }).toMatch(/unread$/);
      await expectNoAxeViolations(page, '375 px, menu closed');
      await bell(page).click();
      const menu = page.getByRole('dialog', { name: 'Notifications' });
      await menu.getByRole('link', { name: new RegExp(`Tenants Union signed “${title}”`) }).waitFor();
      const box = (await menu.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE_375.width);
      expect(await overflowX(page)).toBe(0);
      await expectNoAxeViolations(page, '375 px, menu open');
      await screenshot(page, 'notification-bell-phone', { fullPage: false });
    } finally {
      await context.close();
    }
  }, 60_000);
});
