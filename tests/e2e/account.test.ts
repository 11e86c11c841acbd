import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, me, signUpUser } from '../helpers/api.ts';
import { describeViolations, runAxe } from '../helpers/axe.ts';
import { DESKTOP, launchChromium, newPerson, screenshot, signedInPerson } from '../helpers/browser.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a fresh and longer passphrase';
/** The narrow phone the brief names (375 px), narrower than the suite's usual PHONE. */
const NARROW_PHONE = { width: 375, height: 812 } as const;

/** The `/reset-password/<token>` link of the e-mail. */
function resetLink(text: string): string {
  const match = /(https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no reset link in: ${text}`);
  return match[1]!;
}

async function withoutTransitions(page: Page): Promise<void> {
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; animation: none !important; }' });
}

/** Account settings and "Forgot password?" in Chromium, with e-mail through a real SMTP sink. */
describe('account settings and password reset in Chromium', () => {
  let sink: SmtpSink;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startServer({ config: { serveClient: true, smtpUrl: sink.url } });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await sink?.close();
  });

  it('"Forgot password?" from the login page: the e-mailed link, opened in the browser, sets a new password that logs in', async () => {
    const person = await signUpUser(server.baseUrl, 'Fatima Forgetful');
    const context = await newPerson(browser);
    const page = await context.newPage();

    await page.goto(`${server.baseUrl}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL(/\/forgot-password$/);
    // A wrong address is named on its field before anything is sent.
    await page.getByLabel('E-mail address').fill('not an address');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('Not a valid e-mail address.').waitFor();
    await page.getByLabel('E-mail address').fill(person.user.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('If an account exists for that address, we sent a link. It works once, for 30 minutes.').waitFor();

    const mail = await sink.waitFor((m) => m.to.includes(person.user.email));
    await page.goto(resetLink(mail.text));
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel(/^New password/).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the new password').fill('something else entirely');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('The two passwords are not the same.').waitFor();
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { name: 'Your password is changed' }).waitFor();
    await screenshot(page, 'reset-password-done');

    // The session the person had before has ended.
    expect((await api(server.baseUrl, 'GET', '/api/me', undefined, { as: person })).status).toBe(401);

    await page.getByRole('link', { name: 'Log in' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByLabel('E-mail address').fill(person.user.email);
    await page.getByLabel(/^Password/).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(new RegExp(`^${server.baseUrl}/$`));
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('Fatima Forgetful');

    // The same link again: spent, with a way to ask for a new one.
    await page.goto(resetLink(mail.text));
    await page.getByLabel(/^New password/).fill('yet another passphrase');
    await page.getByLabel('Repeat the new password').fill('yet another passphrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('This link has been used or has expired', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
    await context.close();
  }, 90_000);

  it('the account page, reached from the account menu, renames the person (the header follows) and names each problem on its field', async () => {
    const person = await signUpUser(server.baseUrl, 'Nadia Nickname');
    const other = await signUpUser(server.baseUrl, 'Omar Other');
    const context = await signedInPerson(browser, server.baseUrl, person.cookie);
    const page = await context.newPage();
    await page.goto(server.baseUrl);
    await page.getByRole('button', { name: /^Nadia Nickname\s*, account menu$/ }).click();
    await page.getByRole('menuitem', { name: 'Account settings' }).click();
    await page.waitForURL(/\/account$/);
    await page.getByRole('heading', { name: 'Account settings' }).waitFor();

    const name = page.getByLabel('Your name');
    await name.fill('   ');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Name is required.').waitFor();
    // Focus moves to the field to fix, which names its problem.
    expect(await name.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await name.fill('Nadia Haddad');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Saved. You appear as Nadia Haddad.').waitFor();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe('Nadia Haddad');
    expect((await me(server.baseUrl, person)).user.name).toBe('Nadia Haddad');
    // This browser's kept copy of /me (the offline fallback) has the new name too.
    expect(await page.evaluate(() => localStorage.getItem('jointly:me'))).toContain('Nadia Haddad');

    // E-mail: a taken address and a wrong password are each said on their own field.
    const email = page.getByLabel('New e-mail address');
    const currentForEmail = page.locator('form').filter({ has: email }).getByLabel('Current password');
    await email.fill(other.user.email);
    await currentForEmail.fill(PASSWORD);
    await page.getByRole('button', { name: 'Change e-mail address' }).click();
    await page.getByText('Another account already uses this e-mail address.').waitFor();
    const newEmail = `nadia.${Date.now().toString(36)}@example.org`;
    await email.fill(newEmail);
    await currentForEmail.fill('not my password');
    await page.getByRole('button', { name: 'Change e-mail address' }).click();
    await page.getByText('The current password is not correct.').waitFor();
    await currentForEmail.fill(PASSWORD);
    await page.getByRole('button', { name: 'Change e-mail address' }).click();
    await page.getByText(`Your e-mail address is now ${newEmail}.`, { exact: false }).waitFor();
    expect((await me(server.baseUrl, person)).user.email).toBe(newEmail);

    // Password: the page says other sessions end, and they do.
    const laptop = await api(server.baseUrl, 'POST', '/api/auth/login', { email: newEmail, password: PASSWORD });
    expect(laptop.status).toBe(200);
    const laptopCookie = laptop.headers.getSetCookie()[0]!.split(';')[0]!;
    await page.getByText('Changing your password logs you out everywhere else', { exact: false }).waitFor();
    const passwordForm = page.locator('form').filter({ has: page.getByRole('button', { name: 'Change password' }) });
    await passwordForm.getByLabel('Current password').fill(PASSWORD);
    await passwordForm.getByLabel(/^New password/).fill(NEW_PASSWORD);
    await passwordForm.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Your other session was logged out.').waitFor();
    expect((await api(server.baseUrl, 'GET', '/api/me', undefined, { as: { cookie: laptopCookie } })).status).toBe(401);
    expect((await api(server.baseUrl, 'GET', '/api/me', undefined, { as: person })).status).toBe(200);
    await screenshot(page, 'account-settings');
    await context.close();
  }, 90_000);

  it('has no axe violations on /account, /forgot-password and /reset-password, at desktop and at 375 px, and nothing wider than the screen', async () => {
    const person = await signUpUser(server.baseUrl, 'Axel Axe');
    const screens = [
      { path: '/account', signedIn: true, ready: (p: Page) => p.getByRole('button', { name: 'Change password' }).waitFor() },
      { path: '/forgot-password', signedIn: false, ready: (p: Page) => p.getByRole('button', { name: 'Send reset link' }).waitFor() },
      { path: '/reset-password/some-link-token', signedIn: false, ready: (p: Page) => p.getByRole('button', { name: 'Set new password' }).waitFor() },
    ];
    const failures: string[] = [];
    const lines: string[] = [];
    for (const [width, viewport] of [
      ['desktop', DESKTOP],
      ['375px', NARROW_PHONE],
    ] as const) {
      for (const screen of screens) {
        const context = screen.signedIn ? await signedInPerson(browser, server.baseUrl, person.cookie, viewport) : await newPerson(browser, viewport);
        const page = await context.newPage();
        await page.goto(`${server.baseUrl}${screen.path}`);
        await withoutTransitions(page);
        await screen.ready(page);
        // With a field's error shown too: those must pass axe as well.
        if (screen.path === '/forgot-password') {
          await page.getByRole('button', { name: 'Send reset link' }).click();
          await page.getByText('Not a valid e-mail address.').waitFor();
        }
        const report = await runAxe(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        lines.push(`${screen.path.padEnd(32)} ${width.padEnd(7)} violations ${report.violations.length}, passes ${report.passes}, overflow ${overflow}px`);
        if (report.violations.length > 0) failures.push(`${screen.path} (${width}):\n${describeViolations(report.violations)}`);
        if (overflow > 0) failures.push(`${screen.path} (${width}) is ${overflow}px wider than the viewport`);
        await screenshot(page, `account${screen.path.replace(/\//g, '-')}-${width}`);
        await context.close();
      }
    }
    console.log(`axe-core results:\n${lines.join('\n')}`);
    expect(failures, failures.join('\n')).toEqual([]);
  }, 120_000);
});
