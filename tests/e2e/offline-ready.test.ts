import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { passGate, unlock } from '../support/app-flows';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext } from '../support/browser';
import { goInApp } from '../support/day-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { controllerScript } from '../support/pwa';
import { startServer, type RunningServer } from '../support/server';

// A tablet's first visit: the service worker saves the whole app (its precache) while the
// inspector sets up the device. Until it has, a screen not opened yet cannot open without a
// connection, so the status bar says what is happening, says when the tablet is ready, and warns
// when the connection went first. Offline is made real by stopping the server; a save that breaks
// off is made real by a file missing on the server, as when a connection drops mid-way.

const SAVED = 'Fieldbook is saved on this tablet: it works offline.';
const FAILED =
  'Fieldbook could not be fully saved on this tablet for use offline. It will try again; stay connected for a minute if you can.';
const NOT_SAVED_OFFLINE =
  /^Fieldbook was not fully saved on this tablet before the connection went/;
const SETTINGS_READY = 'Yes, every screen opens offline';

const readiness = (page: Page) => page.getByTestId('offline-readiness');
const readinessSetting = (page: Page) => page.getByTestId('offline-readiness-setting');

describe('ready to work offline: a first visit saves the whole app and says so', () => {
  let browser: Browser;
  let context: BrowserContext | undefined;
  const servers: RunningServer[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    assertDistBuilt();
    browser = await launchBrowser();
  });

  /** A new tablet's first visit to a server of its own, through the gate to the inspections. */
  const firstVisit = async (
    env: Record<string, string> = {},
    before: (tablet: BrowserContext) => Promise<unknown> = async () => undefined,
  ) => {
    const server = await startServer({ env });
    servers.push(server);
    const tablet = await newTabletContext(browser);
    context = tablet;
    await before(tablet);
    const page = await tablet.newPage();
    await page.goto(server.url);
    await passGate(page);
    return { server, tablet, page };
  };

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.dispose();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('says when the tablet holds the whole app; a screen never opened then opens with the server stopped, with no reload, and so does the sealing worker after a lock', async () => {
    const { server, page } = await firstVisit();
    await expect.poll(() => readiness(page).innerText(), { timeout: 30_000 }).toBe(SAVED);
    // The first install takes this page (clientsClaim): nothing here reloaded it.
    await expect.poll(() => controllerScript(page)).toBe(`${server.url}/sw.js`);

    await server.stop();
    try {
      // Settings was never opened on this tablet: its code comes from the service worker.
      await goInApp(page, '/settings');
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
      expect(await readinessSetting(page).innerText()).toBe(SETTINGS_READY);
      // Locked (a reload), the sealing worker starts as the password is typed: its script comes
      // from the precache, and it runs (it answers a request, here one with no key: refused).
      await page.reload();
      await page.getByRole('heading', { name: 'Fieldbook is locked' }).waitFor();
      const started = page.waitForEvent('worker', {
        predicate: (w) => /^\/assets\/seal-worker-[\w-]+\.js$/.test(new URL(w.url()).pathname),
      });
      await page.getByLabel('Password', { exact: true }).focus();
      const answer = await (
        await started
      ).evaluate(
        () =>
          new Promise<unknown>((resolve) => {
            self.postMessage = resolve;
            self.dispatchEvent(
              new MessageEvent('message', { data: { id: 7, key: null, items: [['a', '{}']] } }),
            );
          }),
      );
      expect(answer).toMatchObject({ id: 7, error: expect.any(String) });
      await unlock(page);
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    } finally {
      await server.restart();
    }
  });

  it('says so when the save breaks off, warns once the connection is gone, and saves it when the connection is back', async () => {
    // One screen's code missing on the server: the worker's install fails as it would if the
    // connection dropped before that file came.
    const dist = copyDist();
    dirs.push(dist);
    const assets = join(dist, 'assets');
    const settingsCode = readdirSync(assets).filter((f) => /^SettingsPage-[^.]+\.js/.test(f));
    expect(settingsCode.length).toBeGreaterThan(0);
    const aside = mkdtempSync(join(tmpdir(), 'fieldbook-aside-'));
    dirs.push(aside);
    const moved = settingsCode.map((file) => [join(assets, file), join(aside, file)] as const);
    for (const [from, to] of moved) renameSync(from, to);

    const { server, tablet, page } = await firstVisit({ STATIC_DIR: dist });
    await expect.poll(() => readiness(page).innerText(), { timeout: 30_000 }).toBe(FAILED);
    await expectNoAxeViolations(page, 'status bar, app not saved for offline use');

    // The connection goes: the words turn into a warning about screens not opened yet.
    await tablet.setOffline(true);
    await expect.poll(() => readiness(page).innerText()).toMatch(NOT_SAVED_OFFLINE);

    // The file is there again and the connection comes back: the app is saved without a reload.
    for (const [from, to] of moved) renameSync(to, from);
    await tablet.setOffline(false);
    await expect.poll(() => readiness(page).innerText(), { timeout: 30_000 }).toBe(SAVED);
    await expect.poll(() => controllerScript(page)).toBe(`${server.url}/sw.js`);
    await goInApp(page, '/settings');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await readinessSetting(page).innerText()).toBe(SETTINGS_READY);
  });

  it('when the service worker itself could not be fetched, says so and registers it again once the connection is back', async () => {
    // The worker's script cut off, as on a connection that drops just after the page came.
    let cut = 0;
    const { server, tablet, page } = await firstVisit({}, (t) =>
      t.route('**/sw.js', (route) => {
        cut += 1;
        return route.abort('internetdisconnected');
      }),
    );
    await expect.poll(() => readiness(page).innerText(), { timeout: 30_000 }).toBe(FAILED);
    expect(cut).toBeGreaterThan(0);
    await tablet.unrouteAll();
    await tablet.setOffline(true);
    await expect.poll(() => readiness(page).innerText()).toMatch(NOT_SAVED_OFFLINE);
    await tablet.setOffline(false);
    await expect.poll(() => readiness(page).innerText(), { timeout: 30_000 }).toBe(SAVED);
    await expect.poll(() => controllerScript(page)).toBe(`${server.url}/sw.js`);
  });
});
