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
