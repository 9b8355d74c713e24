import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_PASSWORD, passGate, unlock } from '../support/app-flows';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext } from '../support/browser';
import { goInApp } from '../support/day-flows';
import { assertDistBuilt } from '../support/paths';
import { startServer, type RunningServer } from '../support/server';

// A tab left open across an update asks for code the update removed: the app behind the unlock
// screen, or a screen not opened yet. Each says what happened and offers a reload, which takes
// the new version; React Router's developer page and a "try again" that can never work are
// what the user met before. The missing file is a real 404 from the route, with the service
// worker kept out so that every request reaches it.

const LOAD_FAILED = /Fieldbook could not load/;

/** Answers 404 for built files whose name starts with `prefix`, as after an update removed them. */
const removeCode = async (page: Page, prefix: string): Promise<() => Promise<void>> => {
  const pattern = new RegExp(`/assets/${prefix}-[^/]+\\.js$`);
  let removed = 0;
  await page.route(pattern, (route) => {
    removed += 1;
    return route.fulfill({ status: 404, body: 'Not found' });
  });
  return async () => {
    expect(removed, `requests for ${prefix}`).toBeGreaterThan(0);
    await page.unroute(pattern);
  };
};

describe('missing code: a tab open across an update', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    assertDistBuilt();
    server = await startServer();
    browser = await launchBrowser();
    context = await newTabletContext(browser, 'portrait', { serviceWorkers: 'block' });
    page = await context.newPage();
    await page.goto(server.url);
    await passGate(page);
    await page.getByRole('heading', { name: 'Your inspections' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('on the unlock screen: says the app could not load, stays locked, and a reload mends it', async () => {
    await page.reload();
    const restore = await removeCode(page, 'UnlockedApp');
    await page.getByLabel('Password', { exact: true }).waitFor();
    await unlockAttempt(page);
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(LOAD_FAILED);
    // Nothing was unlocked: the key is only touched once the app's code is in.
    expect(await page.getByRole('heading', { name: 'Fieldbook is locked' }).isVisible()).toBe(true);
    // The password was not wrong: the field is not marked as if it were.
    expect(await page.locator('#unlock-password').getAttribute('class')).not.toMatch(
      /govuk-input--error/,
    );
    await expectNoAxeViolations(page, 'unlock screen, app not loaded');
    await restore();
    await reloadFromTheOffer(page);
    await unlock(page);
    await page.getByRole('heading', { name: 'Your inspections' }).waitFor();
  });

  it('a screen whose code is gone says so inside the layout, and a reload opens it', async () => {
    const restore = await removeCode(page, 'SettingsPage');
    await goInApp(page, '/settings');
    await page.getByRole('heading', { name: 'This screen could not open' }).waitFor();
    expect(await page.locator('main').innerText()).toMatch(/could not load this screen/);
    // The layout stays: the sync status and the way home are still there.
    expect(await page.locator('.fb-statusbar').isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'screen that could not open');
    await restore();
    await reloadFromTheOffer(page);
    await passGate(page);
    await page.getByRole('heading', { name: 'Settings' }).first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings');
  });
});

const unlockAttempt = async (page: Page) => {
  await page.getByLabel('Password', { exact: true }).fill(DEVICE_PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
};

/** Taps the offered reload and waits for the new page: locked again, since the key lived in memory. */
const reloadFromTheOffer = (page: Page) =>
  Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: 'Reload Fieldbook' }).click(),
  ]);
