import type { Page } from 'playwright-core';
import { waitForActivatedServiceWorker } from './pwa';

/**
 * Sync steps against what the inspector sees: the sign-in form on the welcome gate and the status
 * bar (data-testid sync-state, sync-text, unsent-count and its "Sync now" button).
 */

/** First use of a device, online: the welcome gate's "Sign in with your inspection account". */
export const signInOnWelcome = async (
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
): Promise<void> => {
  await page.goto(baseUrl);
  await page.getByRole('heading', { name: 'Set up Fieldbook on this device' }).waitFor();
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Your inspections' }).waitFor();
};

export const syncState = (page: Page) => page.getByTestId('sync-state');
export const syncText = (page: Page) => page.getByTestId('sync-text');
export const unsentCount = (page: Page) => page.getByTestId('unsent-count');

export const SYNCED_AT = /^Synced at \d\d:\d\d\.$/;
export const ALL_SENT = 'Everything is on the server.';

/**
 * Presses "Sync now" and waits until that sync has finished: the status bar must have shown
 * "Syncing" after the press and then "Online", "Synced at HH:MM" and nothing left to send.
 * Returns every state the bar showed meanwhile, as "Syncing: Sending your changes…" (recorded by a MutationObserver, so a sync that
 * is over in a few milliseconds is still seen).
 */
export const syncNow = async (page: Page): Promise<string[]> => {
  await page.evaluate(() => {
    const w = window as unknown as { __syncStates: string[]; __syncObserver?: MutationObserver };
    w.__syncObserver?.disconnect();
    const tag = document.querySelector('[data-testid="sync-state"]');
    const bar = tag?.closest('.fb-statusbar') ?? document.body;
    const read = () =>
      ['sync-state', 'sync-text']
        .map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '')
        .join(': ');
    w.__syncStates = [read()];
    const observer = new MutationObserver(() => {
      const now = read();
      if (w.__syncStates.at(-1) !== now) w.__syncStates.push(now);
    });
    observer.observe(bar, { subtree: true, childList: true, characterData: true });
    w.__syncObserver = observer;
    // Count only what follows the press: a sync the app started on its own (a server hint, a
    // retry) may be running or just over when the button is pressed.
    document.addEventListener(
      'click',
      (event) => {
        const button = (event.target as Element | null)?.closest('button');
        if (button?.textContent?.trim() === 'Sync now') w.__syncStates = [read()];
      },
      { capture: true, once: true },
    );
  });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.waitForFunction(() => {
    const states = (window as unknown as { __syncStates: string[] }).__syncStates;
    const syncing = states.findIndex((s) => s.startsWith('Syncing: '));
    return syncing >= 0 && states.slice(syncing + 1).some((s) => s.startsWith('Online: '));
  });
  await syncText(page).filter({ hasText: SYNCED_AT }).waitFor();
  await unsentCount(page).filter({ hasText: ALL_SENT }).waitFor();
  return page.evaluate(() => (window as unknown as { __syncStates: string[] }).__syncStates);
};

/**
 * Presses "Sync now" and waits until the run is over, whatever it ends with (some changes refused,
 * say, when `syncNow`'s "everything is on the server" will not come).
 */
export const syncOnce = async (page: Page): Promise<void> => {
  await page.waitForSelector('.fb-statusbar button:not([disabled])');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await syncState(page).filter({ hasText: 'Online' }).waitFor();
  await page.waitForSelector('.fb-statusbar button:not([disabled])');
};

/**
 * A tablet's first morning, online: signs in on the welcome gate, opens the inspection by its
 * area and resolves with the service worker's script once the whole app is precached for offline.
 */
export const signInAndOpen = async (
  page: Page,
  baseUrl: string,
  { username, password, area }: { username: string; password: string; area: string },
): Promise<string | null> => {
  await signInOnWelcome(page, baseUrl, username, password);
  await page.getByRole('link', { name: new RegExp(`^${area}`) }).click();
  await page.getByRole('heading', { level: 1, name: area }).waitFor();
  return waitForActivatedServiceWorker(page);
};

/** Words of the status bar that say no work of this device is waiting to be sent. */
export const CLAIMS_SENT = /Everything is on the server|Nothing is waiting to sync/;

/**
 * Records every line the status bar shows (state | text | unsent count) from now until the page
 * next loads, by a MutationObserver, so a state shown for a few milliseconds is still seen.
 */
export const watchBar = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __bar?: string[]; __barObserver?: MutationObserver };
    const read = () =>
      ['sync-state', 'sync-text', 'unsent-count']
        .map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '')
        .join(' | ');
    w.__bar = [read()];
    w.__barObserver?.disconnect();
    w.__barObserver = new MutationObserver(() => {
      const now = read();
      if (w.__bar!.at(-1) !== now) w.__bar!.push(now);
    });
    w.__barObserver.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });

/** The lines `watchBar` recorded since it was started on this page. */
export const barSeen = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __bar?: string[] }).__bar ?? []);
