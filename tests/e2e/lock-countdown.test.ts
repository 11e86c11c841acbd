import { beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { addPartner, api, createStatement, getStatement, signUp, type Person } from '../helpers/api.ts';
import { describeViolations, expectNoBlockingViolations, runAxe } from '../helpers/axe.ts';
import { DESKTOP, screenshot, signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';
import { EDITOR, openStatement } from '../helpers/editor-page.ts';

const PHONE_375 = { width: 375, height: 812 } as const;
/** Long enough that the end of the text is far below the top of the page. */
const LONG_DRAFT = Array.from({ length: 40 }, (_, n) => `Paragraph ${n + 1}: the council must act on housing now, before the winter.`).join('\n\n');

/** The text as the server holds it now (the Markdown export of the current text). */
async function serverMarkdown(baseUrl: string, id: string, as: Person): Promise<string> {
  const response = await fetch(`${baseUrl}/api/statements/${id}/export?format=md&version=current`, { headers: { cookie: as.cookie } });
  return response.text();
}

describe('locking is deliberate: a countdown announced to every open editor, cancellable, and kind to the typist (Chromium)', () => {
  const suite = useServerAndChromium();
  let lead: Person;
  let partner: Person;

  beforeAll(async () => {
    lead = await signUp(suite.server.baseUrl, 'Alice Example', 'Green Streets');
    partner = await signUp(suite.server.baseUrl, 'Ben Okafor', 'Tenants Union');
  });

  it('the lead locks with a 30 s countdown; another editor sees who and when, live; the lead cancels and the banner goes for both', async () => {
    const statement = await createStatement(suite.server.baseUrl, { title: 'Joint statement on evictions', markdown: 'We call for a moratorium.' }, lead);
    await addPartner(suite.server.baseUrl, statement.id, lead, partner);
    const a = await (await signedInPerson(suite.browser, suite.server.baseUrl, lead.cookie, DESKTOP)).newPage();
    const b = await (await signedInPerson(suite.browser, suite.server.baseUrl, partner.cookie, DESKTOP)).newPage();
    await openStatement(a, suite.server.baseUrl, statement.id);
    await openStatement(b, suite.server.baseUrl, statement.id);

    await a.getByTestId('lock-button').click();
    const dialog = a.getByRole('dialog', { name: 'Lock the text?' });
    await dialog.waitFor();
    expect(await dialog.getByRole('radio', { name: 'In 30 seconds (recommended)' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('radio', { name: 'Now, without a countdown' }).isChecked()).toBe(false);
    await expectNoBlockingViolations(a, 'lock dialog, 1280 px');
    await screenshot(a, 'lock-dialog', { fullPage: false });
    const requestedAt = Date.now();
    await dialog.getByRole('button', { name: 'Lock in 30 seconds' }).click();
    await dialog.waitFor({ state: 'detached' });

    const pending = (await getStatement(suite.server.baseUrl, statement.id, lead)).pendingLock;
    expect(pending).not.toBeNull();
    expect(pending!.requestedBy.name).toBe('Alice Example');
    expect(Date.parse(pending!.lockAt) - requestedAt).toBeGreaterThan(25_000);

    // Ben, in his own browser profile, sees the announcement without reloading.
    const banner = b.getByTestId('lock-countdown');
    await banner.waitFor({ timeout: 5_000 });
    const announced = Date.now() - requestedAt;
    console.log(`lock countdown announced to the other editor ${announced} ms after the click`);
    expect(await banner.getByTestId('lock-countdown-who').textContent()).toBe('Alice Example');
    expect(await banner.locator('time').getAttribute('datetime')).toBe(pending!.lockAt);
    const shownTime = await b.evaluate(
      (iso) => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(Date.parse(iso)),
      pending!.lockAt,
    );
    expect(await banner.locator('time').textContent()).toBe(shownTime);
    expect(await banner.textContent()).toMatch(new RegExp(`^Alice Example will lock the text at ${shownTime} \\(in \\d+ s\\)`));
    // It ticks.
    const seconds = async () => Number((await banner.getByTestId('lock-countdown-seconds').textContent())?.match(/\d+/)?.[0]);
    const first = await seconds();
    expect(first).toBeGreaterThan(20);
    expect(first).toBeLessThanOrEqual(30);
    await expect.poll(seconds, { timeout: 5_000 }).toBeLessThan(first);
    // Ben is no lead editor: no Cancel lock for him. He can still type meanwhile.
    expect(await banner.getByRole('button', { name: 'Cancel lock' }).count()).toBe(0);
    expect(await b.locator(EDITOR).getAttribute('contenteditable')).toBe('true');
    await screenshot(b, 'lock-countdown-other-editor', { fullPage: false });
    // The lead sees it too, with Cancel lock.
    const leadBanner = a.getByTestId('lock-countdown');
    await leadBanner.waitFor();
    expect(await leadBanner.getByTestId('lock-countdown-who').textContent()).toBe('You');

    await leadBanner.getByRole('button', { name: 'Cancel lock' }).click();
    await leadBanner.waitFor({ state: 'detached', timeout: 5_000 });
    await banner.waitFor({ state: 'detached', timeout: 5_000 });
    const after = await getStatement(suite.server.baseUrl, statement.id, lead);
    expect(after.pendingLock).toBeNull();
    expect(after.status).toBe('drafting');
    expect(await b.locator(EDITOR).getAttribute('contenteditable')).toBe('true');
    await a.context().close();
    await b.context().close();
  }, 90_000);

  it('when the lock fires while the other editor types, their refused words are offered to them, in view, with focus still in the text', async () => {
    const statement = await createStatement(suite.server.baseUrl, { title: 'Statement on rents', markdown: LONG_DRAFT }, lead);
    await addPartner(suite.server.baseUrl, statement.id, lead, partner);
    const b = await (await signedInPerson(suite.browser, suite.server.baseUrl, partner.cookie, DESKTOP)).newPage();
    // Ben's frames to the server pass through here: from a moment before the lock they are held
    // back 1.5 s (a slow link), so keystrokes are certainly on their way when the lock fires.
    let heldMs = 0;
    await b.routeWebSocket(/\/collab/, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => {
        if (heldMs === 0) server.send(message);
        else setTimeout(() => server.send(message), heldMs);
      });
    });
    await openStatement(b, suite.server.baseUrl, statement.id);

    // A short countdown, over the API (the dialog offers 30 s and more; the rules are the same).
    const locked = await api<{ statement: StatementDetail }>(
      suite.server.baseUrl,
      'POST',
      `/api/statements/${statement.id}/lock`,
      { delaySeconds: 6 },
      { as: lead },
    );
    expect(locked.status).toBe(202);
    await b.getByTestId('lock-countdown').waitFor({ timeout: 5_000 });

    // Ben types at the end of a long text, without pause, until his editor turns read-only.
    await b.locator(EDITOR).click();
    await b.keyboard.press('Control+End');
    // Letters only after the first words, so what the lock cuts off is always part of a word (never a lone space).
    // Keys pressed after the text turned read-only change nothing.
    const opening = ' Before the lock I kept ';
    await b.keyboard.type(opening);
    const lockAt = Date.parse(locked.body.statement.pendingLock!.lockAt);
    await b.waitForTimeout(Math.max(0, lockAt - Date.now() - 1_000));
    heldMs = 1_500;
    const letters = 'typing'.repeat(400);
    await b.keyboard.type(letters);
    const allTyped = `${opening}${letters}`;
    expect(await b.locator(EDITOR).getAttribute('contenteditable')).toBe('false');

    // Focus never dropped out of the text.
    expect(await b.evaluate(() => document.activeElement?.closest('.ProseMirror') !== null)).toBe(true);

    // The words the server did not take are offered, and are exactly what the server lacks.
    const notice = b.getByTestId('refused-edits');
    await notice.waitFor({ timeout: 10_000 });
    const box = notice.getByLabel('Text that was not saved');
    await expect.poll(() => box.inputValue(), { timeout: 10_000 }).not.toBe('');
    const offered = await box.inputValue();
    const stored = await serverMarkdown(suite.server.baseUrl, statement.id, lead);
    console.log(`offered back: "${offered}"`);
    // Exactly what the server lacks: the server's last paragraph ends with the first part of what this page
    // holds, and the rest of it is what is offered (widened to the start of the word it finishes).
    const original = 'Paragraph 40: the council must act on housing now, before the winter.';
    const lastParagraph = stored.split('\n').find((line) => line.startsWith('Paragraph 40:'))!;
    const localParagraph = (await b.locator(`${EDITOR} p`).last().textContent())!;
    const savedTyped = lastParagraph.slice(original.length);
    const localTyped = localParagraph.slice(original.length);
    const refusedTail = localTyped.slice(savedTyped.length);
    console.log(`typed until read-only ${localTyped.length} characters, saved ${savedTyped.length}, refused ${refusedTail.length}`);
    expect(allTyped.startsWith(localTyped)).toBe(true);
    expect(localTyped.startsWith(savedTyped)).toBe(true);
    expect(refusedTail).not.toBe('');
    // (A space the lock cut off before the first refused word is not offered: only words are.)
    expect(offered.endsWith(refusedTail.trimStart())).toBe(true);
    expect(localTyped.endsWith(offered)).toBe(true);
    expect(`${original}${localTyped}`.slice(0, -offered.length).endsWith(' ')).toBe(true);

    // The notice is on screen (sticky above the text), though the page is scrolled to the end.
    expect(await b.evaluate(() => window.scrollY)).toBeGreaterThan(200);
    const inView = await notice.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
    // ... and it did not take focus.
    expect(await b.evaluate(() => document.activeElement?.closest('.ProseMirror') !== null)).toBe(true);
    await screenshot(b, 'lock-refused-words', { fullPage: false });

    // Copy text works (the clipboard, where allowed; the box is selected otherwise).
    await b.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.baseUrl });
    await notice.getByRole('button', { name: 'Copy text' }).click();
    await expect.poll(() => notice.getByRole('status').textContent()).toMatch(/Copied to the clipboard\.|Could not copy automatically/);
    await b.context().close();
  }, 90_000);

  it('an empty statement cannot be locked: the dialog shows the server’s EMPTY_STATEMENT message', async () => {
    const statement = await createStatement(suite.server.baseUrl, { title: 'Title only' }, lead);
    const a = await (await signedInPerson(suite.browser, suite.server.baseUrl, lead.cookie, DESKTOP)).newPage();
    await openStatement(a, suite.server.baseUrl, statement.id);
    await a.getByTestId('lock-button').click();
    const dialog = a.getByRole('dialog', { name: 'Lock the text?' });
    await dialog.getByRole('radio', { name: 'Now, without a countdown' }).check();
    await dialog.getByRole('button', { name: 'Lock now' }).click();
    await expect
      .poll(() => dialog.getByTestId('lock-dialog-error').textContent(), { timeout: 10_000 })
      .toMatch(/^The statement has no text yet[.:] [Ww]rite the body before locking or publishing it\.$/);
    expect(await dialog.isVisible()).toBe(true);
    expect((await getStatement(suite.server.baseUrl, statement.id, lead)).status).toBe('drafting');
    // With a countdown too.
    await dialog.getByRole('radio', { name: 'In 30 seconds (recommended)' }).check();
    await dialog.getByRole('button', { name: 'Lock in 30 seconds' }).click();
    await expect.poll(() => dialog.getByTestId('lock-dialog-error').textContent(), { timeout: 10_000 }).toContain('The statement has no text yet');
    expect((await getStatement(suite.server.baseUrl, statement.id, lead)).pendingLock).toBeNull();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Nor signed: the sign-off dialog shows the same refusal and stays open.
    await a.getByRole('button', { name: 'Sign off on this text for Green Streets' }).click();
    const signing = a.getByRole('dialog', { name: 'Sign off for Green Streets' });
    await signing.getByRole('button', { name: 'Continue' }).click();
    await signing.getByLabel('I have read this text and my organization approves it').check();
    await signing.getByRole('button', { name: 'Sign for Green Streets' }).click();
    await expect.poll(() => signing.getByTestId('signoff-dialog-error').textContent(), { timeout: 10_000 }).toMatch(/no text/);
    expect(await signing.isVisible()).toBe(true);
    expect((await getStatement(suite.server.baseUrl, statement.id, lead)).participants[0]?.signoff).toBeNull();
    await a.context().close();
  }, 60_000);

  it('the lock dialog and the countdown banner pass axe at 375 px', async () => {
    const statement = await createStatement(suite.server.baseUrl, { title: 'Statement on heating', markdown: 'Heat every home.' }, lead);
    const a = await (await signedInPerson(suite.browser, suite.server.baseUrl, lead.cookie, PHONE_375)).newPage();
    await openStatement(a, suite.server.baseUrl, statement.id);
    await a.getByTestId('lock-button').click();
    const dialog = a.getByRole('dialog', { name: 'Lock the text?' });
    await dialog.waitFor();
    await expectNoBlockingViolations(a, 'lock dialog, 375 px');
    const report = await runAxe(a);
    expect(report.violations, describeViolations(report.violations)).toEqual([]);
    await screenshot(a, 'lock-dialog-375', { fullPage: false });
    await dialog.getByRole('button', { name: 'Lock in 30 seconds' }).click();
    await dialog.waitFor({ state: 'detached' });
    await a.getByTestId('lock-countdown').waitFor();
    await expectNoBlockingViolations(a, 'statement page with the lock countdown, 375 px');
    await a.getByTestId('lock-countdown').getByRole('button', { name: 'Cancel lock' }).click();
    await a.getByTestId('lock-countdown').waitFor({ state: 'detached' });
    await a.context().close();
  }, 60_000);
});
