import type { beforeHandleMessagePayload } from '@hocuspocus/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatement, signUp, type Person } from '../helpers/api.ts';
import { describeViolations, runAxe } from '../helpers/axe.ts';
import { launchChromium, screenshot, signedInPerson } from '../helpers/browser.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { EDITOR, syncState, typeAtEnd } from '../helpers/editor-page.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

const MAX_UPDATE_BYTES = 16 * 1024;

/** About 24 KB of plain text in 80 paragraphs: one paste, one Yjs update over the cap. */
const PASTED = Array.from({ length: 80 }, (_, n) => `Pasted paragraph ${n + 1}: ${'the council must act on housing now. '.repeat(8).trim()}`).join('\n\n');

/** A real paste event carrying plain text, handled by ProseMirror's own paste path. */
async function pastePlainText(page: Page, text: string): Promise<void> {
  await page.locator(EDITOR).evaluate((editor, clipboardText) => {
    const data = new DataTransfer();
    data.setData('text/plain', clipboardText);
    editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** The statement's body paragraphs as a client that connects now reads them from the server. */
async function serverParagraphs(server: TestServer, statementId: string, as: Person): Promise<string> {
  const client = await EditorClient.connect(server, statementId, as);
  try {
    return client.paragraphs().join('\n');
  } finally {
    client.destroy();
  }
}

/**
 * "A refusal a person can understand": a person pastes more than the server admits in one
 * update (`admission.maxUpdateBytes`). The browser says so in a dialog that offers the
 * refused text, shows the server's text again, never sends the refused update again (neither
 * by reconnecting nor from IndexedDB after a reload), and saves what the person types next.
 */
describe('a paste over the size cap is refused, explained and offered back, never resent', () => {
  let server: TestServer;
  let browser: Browser;
  /** Frames over the cap the server received: each is the refused paste, sent (again). */
  let oversizedFrames = 0;
  /** Websocket upgrades and Hocuspocus connections the server has seen: a reconnect loop shows here. */
  let upgrades = 0;
  let connections = 0;

  beforeAll(async () => {
    server = await startServer({
      config: { serveClient: true, admission: { maxUpdateBytes: MAX_UPDATE_BYTES } },
      build: {
        collabExtensions: [
          {
            // Ahead of Jointly's own extensions, so it sees the frames admission refuses.
            priority: 1_000_000,
            onConnect: async () => {
              connections += 1;
            },
            beforeHandleMessage: async ({ update }: beforeHandleMessagePayload) => {
              if (update.byteLength > MAX_UPDATE_BYTES) oversizedFrames += 1;
            },
          },
        ],
      },
    });
    server.app.server.on('upgrade', () => {
      upgrades += 1;
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('tells the person, offers the text to copy, restores the server’s text and keeps saving', async () => {
    expect(new TextEncoder().encode(PASTED).byteLength).toBeGreaterThan(MAX_UPDATE_BYTES);
    const author = await signUp(server.baseUrl, 'Amal Haddad', 'Housing Now');
    const statement = await createStatement(server.baseUrl, { title: 'Refused paste', markdown: 'We call for a moratorium.' }, author);
    const context = await signedInPerson(browser, server.baseUrl, author.cookie);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/statements/${statement.id}`);
    await page.locator('[data-sync-state="saved"]').waitFor();
    await typeAtEnd(page, ' Typed before.');
    await expect.poll(() => syncState(page)).toBe('saved');
    expect(await serverParagraphs(server, statement.id, author)).toContain('We call for a moratorium. Typed before.');

    // The paste, into a new paragraph at the end.
    const beforePaste = { upgrades, connections };
    await page.keyboard.press('Enter');
    await pastePlainText(page, PASTED);

    // The dialog says what was refused and why, and offers the refused text, focused.
    const dialog = page.getByRole('dialog', { name: 'Your change was too large to save' });
    await dialog.waitFor({ timeout: 15_000 });
    expect(await dialog.textContent()).toMatch(
      /Your last change \(about \d+ KB\) was larger than the server accepts in one change, as a very long paste can be\. Nothing of it was saved or shared with the others\. The editor shows the saved text again, and you can keep editing\./,
    );
    const box = dialog.getByLabel('Text that was not saved');
    expect(await box.inputValue()).toBe(PASTED);
    expect(await box.getAttribute('readonly')).not.toBeNull();
    await expect.poll(() => box.evaluate((element) => element === document.activeElement)).toBe(true);
    await screenshot(page, 'refused-change-dialog', { fullPage: false });
    const axe = await runAxe(page);
    expect(axe.blocking, describeViolations(axe.blocking)).toEqual([]);

    // The editor shows the server's text again: what was saved before, none of the paste.
    await expect.poll(() => page.locator(EDITOR).textContent()).toContain('Typed before.');
    expect(await page.locator(EDITOR).textContent()).not.toContain('Pasted paragraph');

    // Sent once, refused once; the one new connection is the fresh session on the server's text.
    expect(oversizedFrames).toBe(1);
    expect(upgrades - beforePaste.upgrades).toBe(1);
    expect(connections - beforePaste.connections).toBe(1);

    // The server never stored it.
    expect(await serverParagraphs(server, statement.id, author)).not.toContain('Pasted paragraph');

    // It is not sent again while the page sits there, and the page does not reconnect in a loop
    // (one reconnect is tolerated: the server may close a connection for reasons of its own).
    const settled = upgrades;
    await page.waitForTimeout(3_000);
    expect(oversizedFrames).toBe(1);
    expect(upgrades - settled).toBeLessThanOrEqual(1);

    // "Copy text" puts the refused text on the clipboard; Escape closes the dialog.
    await dialog.getByRole('button', { name: 'Copy text' }).click();
    await dialog.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(PASTED);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // The person keeps editing, and it is saved.
    await typeAtEnd(page, ' Typed after.');
    await expect.poll(() => syncState(page)).toBe('saved');
    await expect.poll(() => serverParagraphs(server, statement.id, author)).toContain('Typed after.');

    // After a reload, nothing of the refused paste comes back from this device's copy.
    await page.reload();
    await page.locator('[data-sync-state="saved"]').waitFor();
    await page.waitForTimeout(1_500);
    expect(oversizedFrames).toBe(1);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.locator(EDITOR).textContent()).toContain('Typed after.');
    expect(await page.locator(EDITOR).textContent()).not.toContain('Pasted paragraph');
    const stored = await serverParagraphs(server, statement.id, author);
    expect(stored).not.toContain('Pasted paragraph');
    expect(stored).toContain('Typed after.');
    await context.close();
  }, 120_000);
});
