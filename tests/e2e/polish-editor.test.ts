import { describe, expect, it } from 'vitest';
import { api, createStatement, creatorOf } from '../helpers/api.ts';
import { describeViolations, runAxe } from '../helpers/axe.ts';
import { signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { EDITOR, syncState } from '../helpers/editor-page.ts';

/** Editor polish: paragraph spacing as in the exports, a placeholder in an empty body, a link dialog instead of window.prompt. */
describe('the statement editor in Chromium', () => {
  const suite = useServerAndChromium();

  it('spaces paragraphs as the HTML export does (1em apart)', async () => {
    const { id } = await createStatement(suite.server.baseUrl, { title: 'Spacing', markdown: 'First paragraph.\n\nSecond paragraph.' });
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, creatorOf(id).cookie);
    const page = await context.newPage();
    const gapInEm = (selector: string) =>
      page.evaluate((sel) => {
        const [first, second] = [...document.querySelectorAll(sel)] as HTMLElement[];
        const gap = second!.getBoundingClientRect().top - first!.getBoundingClientRect().bottom;
        return Math.round((gap / parseFloat(getComputedStyle(first!).fontSize)) * 100) / 100;
      }, selector);
    await page.goto(`${suite.server.baseUrl}/statements/${id}`);
    await page.locator(`${EDITOR} p`).nth(1).waitFor();
    const editorGap = await gapInEm(`${EDITOR} > p`);
    const html = await (await fetch(`${suite.server.baseUrl}/api/statements/${id}/export?format=html`, { headers: { cookie: creatorOf(id).cookie } })).text();
    await page.setContent(html);
    const exportGap = await gapInEm('p');
    expect(exportGap).toBeGreaterThan(0.9);
    expect(editorGap).toBe(exportGap);
    await context.close();
  }, 60_000);

  it('shows "Write the statement…" in an empty body only, as a decoration that leaves the text and its hash alone', async () => {
    const created = await createStatement(suite.server.baseUrl, { title: 'Empty body' });
    const { id } = created;
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, creatorOf(id).cookie);
    const page = await context.newPage();
    await page.goto(`${suite.server.baseUrl}/statements/${id}`);
    const body = page.locator(`${EDITOR} > p`).first();
    const hint = () => body.evaluate((p) => getComputedStyle(p, '::before').content);
    await expect.poll(hint).toBe('"Write the statement…"');
    await expect.poll(() => syncState(page)).toBe('saved');
    // Nothing of it is in the document: the shared text and the content hash are those of an empty body.
    const reader = await EditorClient.connect(suite.server, id);
    expect(JSON.stringify(reader.json())).not.toContain('Write the statement');
    reader.destroy();
    const detail = await api<{ statement: { contentHash: string } }>(suite.server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as: creatorOf(id) });
    expect(detail.body.statement.contentHash).toBe(created.contentHash);

    // Typing replaces it; emptying the body again brings it back.
    await body.click();
    await page.keyboard.type('We');
    await expect.poll(hint).toBe('none');
    // A second, empty paragraph shows no hint: the body is not empty.
    await page.keyboard.press('Enter');
    expect(
      await page
        .locator(`${EDITOR} > p`)
        .nth(1)
        .evaluate((p) => getComputedStyle(p, '::before').content),
    ).toBe('none');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await expect.poll(hint).toBe('"Write the statement…"');
    await context.close();
  }, 60_000);

  it('adds, edits and removes a link in a dialog (http, https and mailto only), never through window.prompt', async () => {
    const { id } = await createStatement(suite.server.baseUrl, { title: 'Links', markdown: 'Read the report today.' });
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, creatorOf(id).cookie);
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      throw new Error(`a browser ${dialog.type()} was opened`);
    });
    await page.goto(`${suite.server.baseUrl}/statements/${id}`);
    const paragraph = page.locator(`${EDITOR} p`).first();
    await paragraph.waitFor();
    await expect.poll(() => syncState(page)).toBe('saved');
    // Select "report".
    await paragraph.evaluate((p) => {
      const text = p.firstChild!;
      const range = document.createRange();
      range.setStart(text, 'Read the '.length);
      range.setEnd(text, 'Read the report'.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Link' });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Remove link' }).count()).toBe(0);
    await page.waitForTimeout(300); // the dialog's entrance transition
    const axe = await runAxe(page);
    expect(axe.blocking, describeViolations(axe.blocking)).toEqual([]);
    // The address field has the focus; a javascript: address is refused under it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('href');
    await dialog.getByLabel('Link address').fill('javascript:alert(1)');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.getByText('Links must be web addresses (http or https) or e-mail addresses.').waitFor();
    expect(await paragraph.locator('a').count()).toBe(0);

    await dialog.getByLabel('Link address').fill('example.org/report');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => paragraph.locator('a').getAttribute('href')).toBe('https://example.org/report');
    expect(await paragraph.locator('a').textContent()).toBe('report');
    // Focus is back in the text.
    expect(await page.evaluate(() => document.activeElement?.closest('.ProseMirror') !== null)).toBe(true);

    // Editing it: the dialog shows the address, Apply changes it.
    await paragraph.locator('a').click();
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    expect(await dialog.getByLabel('Link address').inputValue()).toBe('https://example.org/report');
    await dialog.getByLabel('Link address').fill('https://example.org/report-2026');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => paragraph.locator('a').getAttribute('href')).toBe('https://example.org/report-2026');

    // Removing it keeps the text.
    await paragraph.locator('a').click();
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await dialog.getByRole('button', { name: 'Remove link' }).click();
    await expect.poll(() => paragraph.locator('a').count()).toBe(0);
    expect(await paragraph.textContent()).toBe('Read the report today.');

    // Escape closes without a change.
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await paragraph.locator('a').count()).toBe(0);
    await context.close();
  }, 90_000);
});
