import type { Page } from 'playwright-core';

/** The statement editor's text surface on the statement page. */
export const EDITOR = '.ProseMirror[aria-label="Statement text"]';

/** The sync indicator's state: connecting | saving | saved | offline. */
export async function syncState(page: Page): Promise<string | null> {
  return page.locator('[data-sync-state]').getAttribute('data-sync-state');
}

/** Types `text` at the very end of the statement, as a person would. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator(EDITOR).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** Opens the statement page and waits until its editor shows and reads "saved" (page errors are logged). */
export async function openStatement(page: Page, baseUrl: string, id: string): Promise<void> {
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${baseUrl}/statements/${id}`);
  await page
    .locator(EDITOR)
    .waitFor({ timeout: 20_000 })
    .catch(async (error: unknown) => {
      console.log(
        await page
          .locator('main')
          .innerText()
          .catch(() => '(no main)'),
      );
      throw error;
    });
  await page.locator('[data-sync-state="saved"]').waitFor({ timeout: 20_000 });
}
