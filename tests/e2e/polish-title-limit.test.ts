import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { MAX_TITLE_LENGTH } from '../../shared/api/statements.ts';
import { createStatement, creatorOf } from '../helpers/api.ts';
import { signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { EDITOR, syncState } from '../helpers/editor-page.ts';

const TITLE = `.ProseMirror h1[data-type="title"]`;

/** The title cannot grow past MAX_TITLE_LENGTH in the editor, nor in the organization page's first-statement form. */
describe('the title length limit in Chromium', () => {
  const suite = useServerAndChromium();

  it('stops typing and pasting into the title at the limit, keeps editing the body, and never refuses what others wrote', async () => {
    const start = 'T'.repeat(MAX_TITLE_LENGTH - 5);
    const { id } = await createStatement(suite.server.baseUrl, { title: start, markdown: 'Body.' });
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, creatorOf(id).cookie);
    const page = await context.newPage();
    await page.goto(`${suite.server.baseUrl}/statements/${id}`);
    await page.locator(EDITOR).waitFor();
    await expect.poll(() => syncState(page)).toBe('saved');
    // The title wraps, so End would stop at the end of its first line: put the caret after its last character.
    const caretAtTitleEnd = () =>
      page.evaluate(() => {
        const title = document.querySelector('.ProseMirror h1[data-type="title"]')!;
        const range = document.createRange();
        range.selectNodeContents(title);
        range.collapse(false);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
      });

    // Typing at the end of the title: five characters fit, the next ones are refused.
    await page.locator(TITLE).click();
    await caretAtTitleEnd();
    await page.keyboard.type('abcdefghij');
    await expect.poll(async () => (await page.locator(TITLE).textContent())?.length).toBe(MAX_TITLE_LENGTH);
    expect(await page.locator(TITLE).textContent()).toBe(`${start}abcde`);

    // A paste that would pass the limit is refused as a whole; deleting then typing works again.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'pasted words');
      document
        .querySelector('.ProseMirror h1[data-type="title"]')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await caretAtTitleEnd();
    await page.keyboard.press('Backspace');
    await page.keyboard.type('Z');
    await expect.poll(() => page.locator(TITLE).textContent()).toBe(`${start}abcdZ`);

    // The body is not limited.
    await page.locator(`${EDITOR} p`).first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' More text.');
    await expect.poll(() => page.locator(`${EDITOR} p`).first().textContent()).toBe('Body. More text.');

    // A longer title written by another client (concurrently, or not through this editor) is shown as it is.
    await expect.poll(() => syncState(page)).toBe('saved');
    const other = await EditorClient.connect(suite.server, id);
    ((other.fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Remote ');
    await other.acknowledged();
    await expect.poll(() => page.locator(TITLE).textContent()).toBe(`Remote ${start}abcdZ`);
    other.destroy();
    await context.close();
  }, 90_000);

  it('counts the characters of a new statement’s title and stops at the limit (organization page)', async () => {
    const { id } = await createStatement(suite.server.baseUrl, { title: 'Unused' });
    const person = creatorOf(id);
    // A second organization of the same person, which leads nothing yet, shows the first-statement form.
    const answer = await fetch(`${suite.server.baseUrl}/api/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: person.cookie },
      body: JSON.stringify({ name: `Fresh Org ${Date.now().toString(36)}` }),
    });
    const { org } = (await answer.json()) as { org: { id: string } };
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, person.cookie);
    const page = await context.newPage();
    await page.goto(`${suite.server.baseUrl}/orgs/${org.id}`);
    const form = page.getByRole('region', { name: 'Start your first statement' });
    await form.getByLabel('Title').fill('Clean air');
    expect(await form.getByTestId('title-counter').textContent()).toBe(`9 / ${MAX_TITLE_LENGTH} characters`);
    await form.getByLabel('Title').fill('x'.repeat(MAX_TITLE_LENGTH + 40));
    expect((await form.getByLabel('Title').inputValue()).length).toBe(MAX_TITLE_LENGTH);
    expect(await form.getByTestId('title-counter').textContent()).toBe(`${MAX_TITLE_LENGTH} / ${MAX_TITLE_LENGTH} characters`);
    await context.close();
  }, 60_000);
});
