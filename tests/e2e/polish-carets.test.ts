import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createStatement, joinOrg, signUp, signUpUser } from '../helpers/api.ts';
import { signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';
import { EDITOR, syncState } from '../helpers/editor-page.ts';

const LONG = 'We, the undersigned organizations of this city, call on the council to act before the winter comes. '.repeat(4).trim();

/** Hue (0–360) and lightness of a CSS rgb() colour. */
function hueAndLightness(rgb: string): { hue: number; lightness: number } {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).slice(0, 3).map((n) => Number(n) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  let hue = 0;
  if (d > 0) hue = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return { hue: Math.round(((hue * 60 + 360) % 360) * 10) / 10, lightness: (max + min) / 2 };
}

/** Other people's carets: labels on hover or just after they move, inside the editor, and one hue per organization in distinct shades. */
describe('carets in Chromium', () => {
  const suite = useServerAndChromium();

  it('shows two colleagues in one hue and two shades, with labels only for a moment or on hover, never past the right edge', async () => {
    const lead = await signUp(suite.server.baseUrl, 'Ada Lead', 'Harbour Alliance');
    const colleagues = [await signUpUser(suite.server.baseUrl, 'Bea Stone'), await signUpUser(suite.server.baseUrl, 'Cal Rivers')];
    for (const colleague of colleagues) await joinOrg(suite.server.baseUrl, lead, lead.orgId, colleague, 'editor');
    const { id } = await createStatement(suite.server.baseUrl, { title: 'Harbour', leadOrgId: lead.orgId, markdown: `Short line.\n\n${LONG}` }, lead);

    const open = async (cookie: string): Promise<Page> => {
      const page = await (await signedInPerson(suite.browser, suite.server.baseUrl, cookie)).newPage();
      await page.goto(`${suite.server.baseUrl}/statements/${id}`);
      await page.locator(EDITOR).waitFor();
      await expect.poll(() => syncState(page)).toBe('saved');
      return page;
    };
    const watcher = await open(lead.cookie);
    const [bea, cal] = [await open(colleagues[0]!.cookie), await open(colleagues[1]!.cookie)];
    // Bea at the start of the short line; Cal near the end of the long paragraph's first visual line (the right edge).
    // (y-prosemirror shares a caret only from a focused page: each acts in front.)
    await bea!.bringToFront();
    await bea!.locator(`${EDITOR} p`).first().click();
    await bea!.keyboard.press('Home');
    await cal!.bringToFront();
    const longParagraph = cal!.locator(`${EDITOR} p`).nth(1);
    const width = (await longParagraph.boundingBox())!.width;
    // A few characters before the line's end (at the very end, the caret draws at the next line's start).
    await longParagraph.click({ position: { x: width - 60, y: 8 } });

    const label = (name: string) => watcher.locator('.collaboration-carets__label', { hasText: name });
    await watcher.bringToFront();
    await label('Bea Stone').waitFor({ state: 'attached' });
    await label('Cal Rivers').waitFor({ state: 'attached' });
    const opacity = (name: string) => label(name).evaluate((element) => getComputedStyle(element).opacity);

    // Same organization: the same hue, two different shades (the caret's colour is its label's).
    const colours = await Promise.all(['Bea Stone', 'Cal Rivers'].map((name) => label(name).evaluate((e) => getComputedStyle(e).backgroundColor)));
    expect(colours[0]).not.toBe(colours[1]);
    const [beaTone, calTone] = colours.map(hueAndLightness);
    expect(Math.abs(beaTone!.hue - calTone!.hue)).toBeLessThan(3);
    expect(beaTone!.lightness).not.toBe(calTone!.lightness);

    // Labels are shown for a moment after a move, then hidden until the caret is hovered.
    await expect.poll(() => opacity('Bea Stone'), { timeout: 8_000 }).toBe('0');
    await expect.poll(() => opacity('Cal Rivers'), { timeout: 8_000 }).toBe('0');
    await watcher.locator('.collaboration-carets__caret', { has: label('Bea Stone') }).hover();
    await expect.poll(() => opacity('Bea Stone')).toBe('1');
    expect(await opacity('Cal Rivers')).toBe('0');

    // Cal's caret sits at the right edge: on hover, its label opens leftwards, inside the editor.
    await watcher.locator('.collaboration-carets__caret', { has: label('Cal Rivers') }).hover({ force: true });
    await expect.poll(() => opacity('Cal Rivers')).toBe('1');
    expect(await label('Cal Rivers').getAttribute('class')).toContain('collaboration-carets__label--flipped');
    const surface = await watcher.locator('.statement-editor__surface').boundingBox();
    const box = await label('Cal Rivers').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(surface!.x + surface!.width);

    // Typing shows the typist's label again, briefly.
    await watcher.mouse.move(0, 0);
    await expect.poll(() => opacity('Bea Stone'), { timeout: 8_000 }).toBe('0');
    await bea!.bringToFront();
    await bea!.keyboard.type('Now: ');
    await expect.poll(() => opacity('Bea Stone'), { timeout: 5_000 }).toBe('1');
    await expect.poll(() => opacity('Bea Stone'), { timeout: 8_000 }).toBe('0');
    for (const page of [watcher, bea!, cal!]) await page.context().close();
  }, 120_000);
});
