/**
 * Offline reload: the tablet has opened the app once (the service worker precached the shell),
 * the network is gone (the server process is stopped: the only offline a service worker obeys),
 * and the inspector reloads. We time reload → the capture screen is usable (its heading shown, a
 * kind of evidence can be chosen). The floor is the same reload of a one-line page from a bare
 * local server with no service worker: what any page costs the browser, so the ratio is what
 * the app's shell, SW and start-up add.
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
  capturePath,
  setUpInspectionOnDevice,
} from '../support/app-flows';
import { controllerScript, waitForActivatedServiceWorker } from '../support/pwa';
import { startServer } from '../support/server';
import { startStaticServer } from '../support/static-server';
import { median } from './stats';
import type { BenchSuite } from './types';

const RELOADS = 9; // odd, for a true median; the first is a warm-up and is not counted
const OFFLINE_RELOAD_GOAL_MS = 1_000;

const FLOOR_HTML = '<!doctype html><html lang="en"><title>floor</title><h1 id="ready">floor</h1>';

const timeReloads = async (page: Page, readySelectors: readonly string[]): Promise<number> => {
  const samples: number[] = [];
  for (let i = 0; i <= RELOADS; i++) {
    const started = performance.now();
    await page.reload();
    for (const selector of readySelectors)
      await page.waitForSelector(selector, { state: 'visible' });
    if (i > 0) samples.push(performance.now() - started);
  }
  return median(samples);
};

const measureApp = async (): Promise<number> => {
  assertDistBuilt();
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const context = await newTabletContext(browser);
    const page = await context.newPage();
    const inspectionId = await setUpInspectionOnDevice(page, server.url);
    await page.goto(`${server.url}${capturePath(inspectionId)}`);
    await page.waitForSelector(CAPTURE_READY, { state: 'visible' });
    if (!(await waitForActivatedServiceWorker(page))) {
      throw new Error('no service worker activated: the app must register /sw.js');
    }
    await page.reload();
    if (!(await controllerScript(page))) {
      throw new Error('the service worker does not control the page');
    }
    await server.stop();
    return await timeReloads(page, [CAPTURE_READY, CAPTURE_INTERACTIVE]);
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
    return await timeReloads(page, ['#ready']);
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
    return [
      {
        name: `offline reload → capture screen usable (median of ${RELOADS})`,
        value: app,
        unit: 'ms',
        floor: { name: 'reload of a one-line page, no SW', value: floor },
        goal: `≤ ${OFFLINE_RELOAD_GOAL_MS} ms`,
      },
    ];
  },
};
