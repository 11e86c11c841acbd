import { describe, expect, it } from 'vitest';
import { signUp } from '../helpers/api.ts';
import { DESKTOP, PHONE, signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';

/** Toasts appear where they cover nothing of the header, at desktop and phone widths. */
describe('toasts in Chromium', () => {
  const suite = useServerAndChromium();

  for (const [width, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`keep clear of the header (${width})`, async () => {
      const person = await signUp(suite.server.baseUrl, 'Lena Frost', `Rivers Trust (${width})`);
      const context = await signedInPerson(suite.browser, suite.server.baseUrl, person.cookie, viewport);
      const page = await context.newPage();
      await page.goto(suite.server.baseUrl);
      await page.getByRole('button', { name: /account menu$/ }).waitFor();
      // A failed logout is told in a toast.
      await page.route('**/api/auth/logout', (route) => route.abort());
      await page.getByRole('button', { name: /account menu$/ }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      const toast = page.locator('.mantine-Notification-root').filter({ hasText: 'Could not log out' });
      await toast.waitFor();
      await page.waitForTimeout(400); // the toast's entrance transition
      const header = await page.locator('header').first().boundingBox();
      const box = await toast.boundingBox();
      expect(header && box).toBeTruthy();
      expect(box!.y).toBeGreaterThanOrEqual(header!.y + header!.height);
      await context.close();
    }, 60_000);
  }
});
