/**
 * Offline reload: the tablet has opened the app once (the service worker precached the shell),
 * the network is gone (the server process is stopped: the only offline a service worker obeys),
 * and the inspector reloads. Every load starts locked (the data key lives only in memory), so we
 * time reload → the unlock screen is usable, and reload → unlock → the capture screen is usable
 * (its heading shown, a kind of evidence can be chosen). The floor is the same reload of a
 * one-line page from a bare local server with no service worker: what any page costs the
 * browser, so the ratio is what the app's shell, SW and start-up add.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, newTabletContext } from '../support/browser';
import { assertDistBuilt } from '../support/paths';
import {
  CAPTURE_INTERACTIVE,
  CAPTURE_READY,
  UNLOCK_READY,
  capturePath,
  passGate,
  setUpInspectionOnDevice,
  unlock,
} from '../support/app-flows';
import { controllerScript, waitForActivatedServiceWorker } from '../support/pwa';
import { startServer } from '../support/server';
import { startStaticServer } from '../support/static-server';
import { median } from './stats';
import type { BenchSuite } from './types';

const RELOADS = 9; // odd, for a true median; the first is a warm-up and is not counted
const OFFLINE_RELOAD_GOAL_MS = 1_000;

const FLOOR_HTML = '<!doctype html><html lang="en"><title>floor</title><h1 id="ready">floor</h1>';

/** Median time from reload to `ready` resolving; the first reload warms up and is not counted. */
const timeReloads = async (page: Page, ready: (page: Page) => Promise<void>): Promise<number> => {
  const samples: number[] = [];
  for (let i = 0; i <= RELOADS; i++) {
    const started = performance.now();
    await page.reload();
    await ready(page);
    if (i > 0) samples.push(performance.now() - started);
  }
  return median(samples);
};

const visible =
  (...selectors: string[]) =>
  async (page: Page) => {
    for (const selector of selectors) await page.waitForSelector(selector, { state: 'visible' });
  };

type AppReloads = { toUnlockScreen: number; toCaptureScreen: number };

const measureApp = async (): Promise<AppReloads> => {
  assertDistBuilt();
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const context = await newTabletContext(browser);
    const page = await context.newPage();
    const inspectionId = await setUpInspectionOnDevice(page, server.url);
    await page.goto(`${server.url}${capturePath(inspectionId)}`);
    await passGate(page); // every load starts locked: the key lives only in memory
    await page.waitForSelector(CAPTURE_READY, { state: 'visible' });
    if (!(await waitForActivatedServiceWorker(page))) {
      throw new Error('no service worker activated: the app must register /sw.js');
    }
    await page.reload();
    if (!(await controllerScript(page))) {
      throw new Error('the service worker does not control the page');
    }
    await server.stop();
    return {
      toUnlockScreen: await timeReloads(page, visible(UNLOCK_READY)),
      toCaptureScreen: await timeReloads(page, async (p) => {
        await p.waitForSelector(UNLOCK_READY, { state: 'visible' });
        await unlock(p);
        await visible(CAPTURE_READY, CAPTURE_INTERACTIVE)(p);
      }),
    };
  } finally {
    await browser.close();
    await server.dispose();
  }
};

const measureFloor = async (): Promise<number> => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-floor-'));
  writeFileSync(join(dir, 'index.html'), FLOOR_HTML);
  const site = await startStaticServer(dir);
  const browser = await launchBrowser();
  try {
    const context = await newTabletContext(browser);
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    return await timeReloads(page, visible('#ready'));
  } finally {
    await browser.close();
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

export const clientOfflineReload: BenchSuite = {
  title: 'client offline reload',
  run: async () => {
    const floor = await measureFloor();
    const app = await measureApp();
    const floorRow = { name: 'reload of a one-line page, no SW', value: floor };
    return [
      {
        name: `offline reload → unlock screen usable (median of ${RELOADS})`,
        value: app.toUnlockScreen,
        unit: 'ms',
        floor: floorRow,
        goal: `≤ ${OFFLINE_RELOAD_GOAL_MS} ms`,
      },
      {
        // Includes deriving the key from the password (PBKDF2, 600,000 iterations by design).
        name: `offline reload → unlock → capture screen usable (median of ${RELOADS})`,
        value: app.toCaptureScreen,
        unit: 'ms',
        floor: floorRow,
        goal: `≤ ${OFFLINE_RELOAD_GOAL_MS} ms`,
      },
    ];
  },
};
