import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { api, signUp, type Person } from '../helpers/api.ts';
import { describeViolations, runAxe } from '../helpers/axe.ts';
import { DESKTOP, PHONE, screenshot, signedInPerson } from '../helpers/browser.ts';
import { EDITOR } from '../helpers/editor-page.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';

const DRAFT = '## Our demands\n\nWe call for a moratorium on evictions this winter.\n\n- Rent caps\n- Legal aid for every tenant\n';

interface Screen {
  name: string;
  /** Signed in as the lead, or a logged-out visitor. */
  as: 'lead' | 'visitor';
  path: () => string;
  /** Resolves once the page shows its content (not a loading state). */
  ready: (page: Page) => Promise<unknown>;
}

async function post<T>(server: TestServer, path: string, body: unknown, as: Person): Promise<T> {
  const answer = await api<T>(server.baseUrl, 'POST', path, body, { as });
  if (answer.status >= 300) throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** How far the page is wider than the viewport (0: no sideways scrolling), and the elements that stick out. */
async function overflowX(page: Page): Promise<{ pixels: number; culprits: string[] }> {
  return page.evaluate(() => {
    const pixels = document.documentElement.scrollWidth - window.innerWidth;
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 3)
      .map((element) => `<${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}">`);
    return { pixels, culprits };
  });
}

describe('the main screens are accessible (axe-core) and usable at 1280 px and at phone width', () => {
  const suite = useServerAndChromium();
  let lead: Person;
  let drafting: StatementDetail;
  let published: StatementDetail;
  let inviteToken: string;

  beforeAll(async () => {
    lead = await signUp(suite.server.baseUrl, 'Amal Haddad', 'Housing Now');
    const partner = await signUp(suite.server.baseUrl, 'Ben Okafor', 'Tenants Union');
    const created = await post<{ statement: StatementDetail }>(
      suite.server,
      '/api/statements',
      { title: 'Joint statement on evictions', leadOrgId: lead.orgId, markdown: DRAFT },
      lead,
    );
    drafting = created.statement;
    await post(suite.server, `/api/statements/${drafting.id}/participants`, { orgId: partner.orgId, required: true }, lead);
    await post(suite.server, `/api/statements/${drafting.id}/signoffs`, { orgId: lead.orgId, contentHash: drafting.contentHash }, lead);
    const toPublish = (
      await post<{ statement: StatementDetail }>(
        suite.server,
        '/api/statements',
        { title: 'Statement on rent caps', leadOrgId: lead.orgId, markdown: DRAFT },
        lead,
      )
    ).statement;
    await post(suite.server, `/api/statements/${toPublish.id}/signoffs`, { orgId: lead.orgId, contentHash: toPublish.contentHash }, lead);
    published = (await post<{ statement: StatementDetail }>(suite.server, `/api/statements/${toPublish.id}/publish`, undefined, lead)).statement;
    inviteToken = (await post<{ token: string }>(suite.server, `/api/orgs/${lead.orgId}/invites`, { role: 'editor' }, lead)).token;
  }, 60_000);

  const screens: Screen[] = [
    { name: 'login', as: 'visitor', path: () => '/login', ready: (p) => p.getByRole('button', { name: 'Log in' }).waitFor() },
    { name: 'signup', as: 'visitor', path: () => '/signup', ready: (p) => p.getByRole('button', { name: 'Create account' }).waitFor() },
    {
      name: 'invitation',
      as: 'visitor',
      path: () => `/invites/${inviteToken}`,
      ready: (p) => p.getByRole('heading', { name: 'Join Housing Now as an editor' }).waitFor(),
    },
    { name: 'dashboard', as: 'lead', path: () => '/', ready: (p) => p.getByTestId('signoff-progress').nth(1).waitFor() },
    {
      name: 'statement-page',
      as: 'lead',
      path: () => `/statements/${drafting.id}`,
      ready: async (p) => {
        await p.locator(EDITOR).waitFor();
        await p.locator('[data-sync-state="saved"]').waitFor();
        await p.getByTestId('signoff-summary').waitFor();
      },
    },
    { name: 'organization', as: 'lead', path: () => `/orgs/${lead.orgId}`, ready: (p) => p.getByRole('heading', { name: 'Members' }).waitFor() },
    {
      name: 'public-page',
      as: 'visitor',
      path: () => `/s/${published.id}`,
      ready: (p) => p.getByRole('heading', { name: 'Statement on rent caps' }).first().waitFor(),
    },
  ];

  it('has no serious or critical axe violations on any main screen, at either width, and nothing wider than a phone', async () => {
    const contexts: BrowserContext[] = [];
    const open = async (as: Screen['as'], viewport: { width: number; height: number }) => {
      // bypassCSP: the public page's strict CSP (style-src 'self') would refuse the test's own
      // inline stylesheet that turns transitions off (axe itself needs no bypass, helpers/axe.ts).
      const context =
        as === 'lead'
          ? await signedInPerson(suite.browser, suite.server.baseUrl, lead.cookie, viewport)
          : await suite.browser.newContext({ viewport, bypassCSP: true });
      contexts.push(context);
      return context;
    };
    const lines: string[] = [];
    const failures: string[] = [];
    for (const [width, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const visitor = await (await open('visitor', viewport)).newPage();
      const signedIn = await (await open('lead', viewport)).newPage();
      for (const screen of screens) {
        const page = screen.as === 'lead' ? signedIn : visitor;
        await page.goto(`${suite.server.baseUrl}${screen.path()}`);
        // No transitions: axe measures colours as they end, not halfway through a fade.
        await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; animation: none !important; }' });
        await screen.ready(page);
        const report = await runAxe(page);
        const overflow = await overflowX(page);
        lines.push(
          `${screen.name.padEnd(15)} ${width.padEnd(7)} violations ${report.violations.length} (serious/critical ${report.blocking.length}), passes ${report.passes}, horizontal overflow ${overflow.pixels}px ${overflow.culprits.join(' ')}`,
        );
        if (report.violations.length > 0) lines.push(describeViolations(report.violations));
        if (report.blocking.length > 0) failures.push(`${screen.name} (${width}):\n${describeViolations(report.blocking)}`);
        if (overflow.pixels > 0) failures.push(`${screen.name} (${width}) is ${overflow.pixels}px wider than the viewport: ${overflow.culprits.join(' ')}`);
        await screenshot(page, `${screen.name}-${width}`);
      }
    }
    console.log(`axe-core results:\n${lines.join('\n')}`);
    for (const context of contexts) await context.close();
    expect(failures, failures.join('\n')).toEqual([]);
  }, 150_000);

  it('formats with keyboard shortcuts; the toolbar shows them, follows the cursor and is one tab stop with arrow keys', async () => {
    const context = await signedInPerson(suite.browser, suite.server.baseUrl, lead.cookie);
    const page = await context.newPage();
    await page.goto(`${suite.server.baseUrl}/statements/${drafting.id}`);
    await page.locator(EDITOR).waitFor();
    await page.locator('[data-sync-state="saved"]').waitFor();

    // Click the last list item's own text (a click on the editor's middle, then Ctrl+End, can
    // race the selection the click sets), go to its end and start a new item.
    await page.locator(`${EDITOR} li`, { hasText: 'Legal aid for every tenant' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('Bold words');
    await page.keyboard.press('Control+b');
    await page.keyboard.press('Control+i');
    await page.keyboard.type(' and italic ones');
    await expect.poll(() => page.locator(`${EDITOR} strong`).allTextContents()).toContain('Bold words');
    await expect.poll(() => page.locator(`${EDITOR} em`).allTextContents()).toContain(' and italic ones');

    const bold = page.getByRole('button', { name: 'Bold', exact: true });
    const italic = page.getByRole('button', { name: 'Italic', exact: true });
    await expect.poll(() => italic.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('false');
    expect(await bold.getAttribute('aria-keyshortcuts')).toBe('Control+B');

    // The toolbar is one tab stop; arrow keys move between its buttons.
    await bold.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Italic');
    expect(await italic.getAttribute('tabindex')).toBe('0');
    expect(await bold.getAttribute('tabindex')).toBe('-1');
    await page.locator(`${EDITOR} strong`, { hasText: 'Bold words' }).click();
    await page.keyboard.press('End');

    // Ctrl+Alt+2 makes the paragraph a heading; the toolbar's tooltip names the shortcut.
    await page.keyboard.press('Control+Alt+2');
    await page.locator(`${EDITOR} h2`, { hasText: 'Bold words and italic ones' }).waitFor();
    await page.getByRole('button', { name: 'Heading 2', exact: true }).hover();
    await page.getByRole('tooltip', { name: 'Heading 2 (Ctrl+Alt+2)' }).waitFor();
    await context.close();
  }, 60_000);
});
