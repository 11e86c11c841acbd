import { describe, expect, it } from 'vitest';
import { createStatement, signUp } from '../helpers/api.ts';
import { describeViolations, runAxe } from '../helpers/axe.ts';
import { signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';
import { EDITOR } from '../helpers/editor-page.ts';
import { waitFor } from '../helpers/wait.ts';

// What Word and Google Docs put on the clipboard, trimmed (see tests/unit/paste-cleanup.test.ts).
const WORD = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style><!-- p.MsoNormal {margin:0cm;} --></style></head><body><!--StartFragment-->
<h2>Our demands<o:p></o:p></h2>
<p class=MsoNormal>Stop <b>evictions</b> <i>now</i>, see <a href="https://example.org/report">the report</a>.<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Housing first<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Legal aid<o:p></o:p></p>
<!--EndFragment--></body></html>`;
const GOOGLE_DOCS = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1"><p dir="ltr"><span style="font-weight:700;">Bold</span><span> and </span><a href="https://example.org/g"><span style="text-decoration:underline;">linked</span></a></p><ul><li><p>one</p></li><ul><li><p>nested</p></li></ul></ul></b>`;

describe('bringing text in from Word, Google Docs and files, in Chromium', () => {
  const suite = useServerAndChromium();

  it('keeps headings, lists, bold, italic and links, drops the rest, and the server stores the same', async () => {
    const { server } = suite;
    const author = await signUp(server.baseUrl, 'Amal Haddad', 'Housing Now');
    const statement = await createStatement(server.baseUrl, { title: 'Pasted', markdown: 'Intro.' }, author);
    const context = await signedInPerson(suite.browser, server.baseUrl, author.cookie);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/statements/${statement.id}`);
    await page.locator('[data-sync-state="saved"]').waitFor();
    await page.locator(`${EDITOR} p`, { hasText: 'Intro.' }).click();
    await page.keyboard.press('End');

    for (const html of [WORD, GOOGLE_DOCS]) {
      // Into a new empty paragraph, so that the first pasted block is not merged into the text
      // before (Word's paste ends in a list: the second Enter leaves it).
      await page.keyboard.press('Enter');
      if (html === GOOGLE_DOCS) await page.keyboard.press('Enter');
      // A real paste event carrying the clipboard's HTML, handled by ProseMirror's own paste path.
      await page.locator(EDITOR).evaluate((editor, clipboardHtml) => {
        const data = new DataTransfer();
        data.setData('text/html', clipboardHtml);
        data.setData('text/plain', 'plain fallback');
        editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, html);
    }

    const exported = async () =>
      (await fetch(`${server.baseUrl}/api/statements/${statement.id}/export?format=md&version=current`, { headers: { cookie: author.cookie } })).text();
    const expected =
      '# Pasted\n\nIntro.\n\n## Our demands\n\nStop **evictions** *now*, see [the report](https://example.org/report).\n\n- Housing first\n- Legal aid\n\n**Bold** and [linked](https://example.org/g)\n\n- one\n  - nested\n';
    await waitFor(async () => (await exported()) === expected, 'the pasted text to reach the server', 10_000, 100).catch(async () => {
      expect(await exported()).toBe(expected);
    });
    const editorHtml = await page.locator(EDITOR).innerHTML();
    expect(editorHtml).not.toMatch(/mso|o:p|docs-internal|<u>|plain fallback/i);
    await context.close();
  }, 90_000);

  it('starts a new statement from formatted text pasted into the form, or from a Markdown file', async () => {
    const { server } = suite;
    const author = await signUp(server.baseUrl, 'Ben Okafor', 'Tenants Union');
    const context = await signedInPerson(suite.browser, server.baseUrl, author.cookie);
    const page = await context.newPage();
    const exported = async () => {
      await page.waitForURL(/\/statements\/[\w-]+$/);
      const id = page.url().split('/').pop()!;
      return (await fetch(`${server.baseUrl}/api/statements/${id}/export?format=md`, { headers: { cookie: author.cookie } })).text();
    };

    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel('Title').fill('From Word');
    await page.getByLabel('Start from existing text').evaluate((box, clipboardHtml) => {
      const data = new DataTransfer();
      data.setData('text/html', clipboardHtml);
      data.setData('text/plain', 'Our demands Stop evictions now');
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, WORD);
    // Shown formatted, as the statement will hold it (not flattened into the text box).
    const preview = page.getByTestId('pasted-text-preview');
    await preview.waitFor();
    expect(await preview.locator('h2').textContent()).toBe('Our demands');
    expect(await preview.locator('strong').textContent()).toBe('evictions');
    expect(await preview.locator('li').allTextContents()).toEqual(['Housing first', 'Legal aid']);
    expect(await preview.locator('a').getAttribute('href')).toBe('https://example.org/report');
    expect(await page.getByLabel('Start from existing text').count()).toBe(0);
    const report = await runAxe(page);
    expect(report.violations, describeViolations(report.violations)).toEqual([]);
    // Removing it gives the empty box back; pasting again shows it again.
    await preview.getByRole('button', { name: 'Remove pasted text' }).click();
    await page.getByLabel('Start from existing text').evaluate((box, clipboardHtml) => {
      const data = new DataTransfer();
      data.setData('text/html', clipboardHtml);
      data.setData('text/plain', 'Our demands Stop evictions now');
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, WORD);
    await preview.waitFor();
    await page.getByRole('button', { name: 'Create statement' }).click();
    expect(await exported()).toBe(
      '# From Word\n\n## Our demands\n\nStop **evictions** *now*, see [the report](https://example.org/report).\n\n- Housing first\n- Legal aid\n',
    );

    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel('Title').fill('From Markdown');
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'draft.md', mimeType: 'text/markdown', buffer: Buffer.from('1. First\n2. Second\n\n> Quoted\n') });
    await page.getByRole('button', { name: 'Create statement' }).click();
    expect(await exported()).toBe('# From Markdown\n\n1. First\n2. Second\n\n> Quoted\n');
    await context.close();
  }, 90_000);
});
