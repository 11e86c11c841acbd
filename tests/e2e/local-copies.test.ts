import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeStatementJSONToYDoc } from '../../shared/schema/ydoc.ts';
import { api, createStatement, joinOrg, sessionCookieOf, signUp, signUpUser, type Person } from '../helpers/api.ts';
import { newPerson, signedInPerson } from '../helpers/browser.ts';
import { useServerAndChromium } from '../helpers/browser-suite.ts';
import { p, statement } from '../helpers/doc-builders.ts';
import { EDITOR, syncState, typeAtEnd } from '../helpers/editor-page.ts';
import { storedDocument } from '../helpers/stored-document.ts';

const PASSWORD = 'correct horse battery';

/** The statement copies (y-indexeddb databases) in this page's browser profile. */
async function copyNames(page: Page): Promise<string[]> {
  const names = await page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? ''));
  return names.filter((name) => name.startsWith('jointly:')).sort();
}

async function logIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

async function logOut(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${name}\\s*, account menu$`) }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await page.waitForURL(/\/login$/);
}

/**
 * While `blocked()` is true, this profile's /collab websockets never reach the server (the page
 * sees a socket that opens and never answers): edits made then exist only on this device.
 */
async function holdBackCollab(context: BrowserContext, blocked: () => boolean): Promise<void> {
  await context.routeWebSocket(/\/collab/, (socket) => {
    if (!blocked()) socket.connectToServer();
  });
}

/**
 * This device's copies of statements (client/collab/local-copies.ts) belong to the person
 * signed in: named after them, deleted when their session ends or their access does, and
 * never opened for anyone else on the same browser profile.
 */
describe('local copies of statements in Chromium belong to the person signed in', () => {
  const suite = useServerAndChromium();
  let amal: Person;
  let ben: Omit<Person, 'orgId'>;

  beforeAll(async () => {
    amal = await signUp(suite.server.baseUrl, 'Amal Haddad', 'Housing Now');
    ben = await signUpUser(suite.server.baseUrl, 'Ben Okafor');
    await joinOrg(suite.server.baseUrl, amal, amal.orgId, ben, 'editor');
  }, 60_000);

  it('deletes every copy at logout, so the next person on the same profile never loads or sends the unsynced edits of the previous one', async () => {
    const { baseUrl } = suite.server;
    const { id } = await createStatement(baseUrl, {}, amal);
    let collabBlocked = false;
    const profile = await newPerson(suite.browser);
    await holdBackCollab(profile, () => collabBlocked);

    // Amal opens the statement once online: this device now holds her copy of it.
    const first = await profile.newPage();
    await logIn(first, baseUrl, amal.user.email);
    await first.goto(`${baseUrl}/statements/${id}`);
    await first.locator(EDITOR).waitFor();
    await expect.poll(() => syncState(first)).toBe('saved');
    expect(await copyNames(first)).toEqual([`jointly:${amal.user.id}:statement:${id}`]);
    await first.close();

    // Then, in a new tab whose edits cannot reach the server, she writes from her copy alone.
    collabBlocked = true;
    const page = await profile.newPage();
    await page.goto(`${baseUrl}/statements/${id}`);
    await page.locator(EDITOR).waitFor();
    await typeAtEnd(page, ' Words Amal never sent.');
    await expect.poll(() => page.locator(EDITOR).textContent()).toContain('Words Amal never sent.');
    await page.waitForTimeout(500); // y-indexeddb stores asynchronously
    expect(await syncState(page)).not.toBe('saved');

    // She logs out with the statement open: the copy (open on this page) is closed and deleted.
    await logOut(page, 'Amal Haddad');
    expect(await copyNames(page)).toEqual([]);

    // Ben, who may edit the same statement, signs in on the same profile and opens it.
    collabBlocked = false;
    await logIn(page, baseUrl, ben.user.email);
    await page.goto(`${baseUrl}/statements/${id}`);
    await page.locator(EDITOR).waitFor();
    await expect.poll(() => syncState(page)).toBe('saved');
    await typeAtEnd(page, ' Ben was here.');
    await expect.poll(() => syncState(page)).toBe('saved');
    await expect.poll(async () => (await storedDocument(suite.server, id)).xml).toContain('Ben was here.');
    expect(await page.locator(EDITOR).textContent()).not.toContain('Words Amal never sent.');
    expect((await storedDocument(suite.server, id)).xml).not.toContain('Words Amal never sent.');
    expect(await copyNames(page)).toEqual([`jointly:${ben.user.id}:statement:${id}`]);
    await profile.close();
  }, 90_000);

  it('deletes the copy of a person whose organization is removed from the statement, once the server closes their connection (4403)', async () => {
    const { baseUrl } = suite.server;
    const { id } = await createStatement(baseUrl, {}, amal);
    const carla = await signUp(baseUrl, 'Carla Mendes', 'Legal Aid Collective');
    const added = await api(baseUrl, 'POST', `/api/statements/${id}/participants`, { orgId: carla.orgId, required: false }, { as: amal });
    expect(added.status).toBe(200);

    const profile = await signedInPerson(suite.browser, baseUrl, carla.cookie);
    const page = await profile.newPage();
    await page.goto(`${baseUrl}/statements/${id}`);
    await page.locator(EDITOR).waitFor();
    await typeAtEnd(page, ' Carla adds a line.');
    await expect.poll(() => syncState(page)).toBe('saved');
    expect(await copyNames(page)).toEqual([`jointly:${carla.user.id}:statement:${id}`]);

    const removed = await api(baseUrl, 'DELETE', `/api/statements/${id}/participants/${carla.orgId}`, undefined, { as: amal });
    expect(removed.status).toBe(204);
    await page.locator('[data-collab-failure="forbidden"]').waitFor();
    await expect.poll(() => copyNames(page)).toEqual([]);
    await profile.close();
  }, 60_000);

  it('deletes every copy when the session is ended elsewhere (logout everywhere: the socket closes with 4401, the next request is answered 401)', async () => {
    const { baseUrl } = suite.server;
    const { id } = await createStatement(baseUrl, {}, amal);
    const dana = await signUp(baseUrl, 'Dana Levi', 'Renters Alliance');
    const added = await api(baseUrl, 'POST', `/api/statements/${id}/participants`, { orgId: dana.orgId, required: false }, { as: amal });
    expect(added.status).toBe(200);

    const profile = await signedInPerson(suite.browser, baseUrl, dana.cookie);
    const page = await profile.newPage();
    await page.goto(`${baseUrl}/statements/${id}`);
    await page.locator(EDITOR).waitFor();
    await typeAtEnd(page, ' Dana adds a line.');
    await expect.poll(() => syncState(page)).toBe('saved');
    expect(await copyNames(page)).toEqual([`jointly:${dana.user.id}:statement:${id}`]);

    // Dana, on another device, ends every other session of hers.
    const login = await api(baseUrl, 'POST', '/api/auth/login', { email: dana.user.email, password: PASSWORD });
    expect(login.status).toBe(200);
    const ended = await api(baseUrl, 'POST', '/api/auth/logout-everywhere', undefined, { as: { cookie: sessionCookieOf(login.headers) } });
    expect(ended.status).toBe(200);
    await page.waitForURL(/\/login\?next=/);
    await expect.poll(() => copyNames(page)).toEqual([]);
    await profile.close();
  }, 60_000);

  it("never sends a page's unsynced edits under the session of the next person who signed in on the same profile in another tab", async () => {
    const { baseUrl } = suite.server;
    const { id } = await createStatement(baseUrl, {}, amal);
    let collabBlocked = false;
    const held: { close(): Promise<void> }[] = [];
    const profile = await signedInPerson(suite.browser, baseUrl, amal.cookie);
    await profile.routeWebSocket(/\/collab/, (socket) => {
      if (collabBlocked) held.push(socket);
      else socket.connectToServer();
    });
    const page = await profile.newPage();
    await page.goto(`${baseUrl}/statements/${id}`);
    await page.locator(EDITOR).waitFor();
    await expect.poll(() => syncState(page)).toBe('saved');

    // Amal's connection drops and she writes on, unsynced.
    collabBlocked = true;
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await typeAtEnd(page, ' Words typed by Amal before Ben came.');
    await expect.poll(() => page.locator(EDITOR).textContent()).toContain('Words typed by Amal before Ben came.');

    // Ben signs in on the same profile (another tab): the cookie is his now. Then the network returns.
    const [name, value] = ben.cookie.split('=') as [string, string];
    await profile.addCookies([{ name, value, url: baseUrl }]);
    collabBlocked = false;
    for (const socket of held.splice(0)) await socket.close();

    // Amal's page asks for a token, gets Ben's, and stops instead of sending her words as his.
    await page.locator('[data-collab-failure="signed-out"]').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1_000);
    expect((await storedDocument(suite.server, id)).xml).not.toContain('Words typed by Amal');
    await profile.close();
  }, 60_000);

  it('names copies after the person, and never opens a copy from before names carried one (it is deleted at sign-in)', async () => {
    const { baseUrl } = suite.server;
    const { id } = await createStatement(baseUrl, {}, amal);
    // A copy as earlier versions named it, holding words the server never had.
    const old = new Y.Doc();
    writeStatementJSONToYDoc(old, statement('Joint statement on housing', p('Words of nobody in particular.')));
    const oldUpdate = [...Y.encodeStateAsUpdate(old)];
    old.destroy();

    const profile = await signedInPerson(suite.browser, baseUrl, amal.cookie);
    const page = await profile.newPage();
    // A page of this origin where the app does not run, so nothing deletes the copy while it is planted.
    await page.goto(`${baseUrl}/api/me`);
    await page.evaluate(
      async ({ name, update }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onupgradeneeded = () => {
            request.result.createObjectStore('updates', { autoIncrement: true });
            request.result.createObjectStore('custom');
          };
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error ?? new Error('open failed'));
        });
        await new Promise<void>((resolve, reject) => {
          const transaction = db.transaction('updates', 'readwrite');
          transaction.objectStore('updates').add(new Uint8Array(update));
          transaction.oncomplete = () => resolve();
          transaction.onerror = () => reject(transaction.error ?? new Error('write failed'));
        });
        db.close();
      },
      { name: `jointly:statement:${id}`, update: oldUpdate },
    );
    expect(await copyNames(page)).toEqual([`jointly:statement:${id}`]);

    await page.goto(`${baseUrl}/statements/${id}`);
    await page.locator(EDITOR).waitFor();
    await expect.poll(() => syncState(page)).toBe('saved');
    await expect.poll(() => copyNames(page)).toEqual([`jointly:${amal.user.id}:statement:${id}`]);
    expect(await page.locator(EDITOR).textContent()).not.toContain('Words of nobody in particular.');
    expect((await storedDocument(suite.server, id)).xml).not.toContain('Words of nobody in particular.');
    await profile.close();
  }, 60_000);
});
