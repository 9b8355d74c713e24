/**
 * A tablet's first visit: the bytes that cross the wire, measured through Chromium (CDP
 * `Network.loadingFinished.encodedDataLength`, headers included) against the real server, for
 * the first screen and for the whole visit once the service worker has precached the app. The
 * floor is the same files each compressed on its own at brotli's best level, bodies only (what
 * no server could beat); the uncompressed size of the same files is printed beside them.
 * Lighthouse's score for the same first screen is `npm run lighthouse` (by hand, not here).
 *
 * It also reports what the first screen costs the page's main thread on a slow tablet: its long
 * tasks (the Long Tasks API: 50 ms or more) with the CPU slowed 4× as Lighthouse's mobile preset
 * does, from navigation until a few seconds after load, as the longest task and the total blocking
 * time (the sum of each long task's time beyond 50 ms, what Lighthouse's TBT adds up after the
 * first paint). Its floor is the same screen as the app drew it, served as static HTML with the
 * same stylesheet and no script: the parsing, style, layout and paint no script could avoid.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchBrowser, newTabletContext } from '../support/browser';
import { recordFirstVisit, sumOf, type Transfer } from '../support/first-visit';
import { DIST_DIR, assertDistBuilt } from '../support/paths';
import { startServer } from '../support/server';
import { median } from './stats';
import type { BenchRow, BenchSuite } from './types';

const KB = 1024;
/** Lighthouse's mobile preset slows the CPU 4×. */
const CPU_SLOWDOWN = 4;
const LOADS = 5; // each, alternated with the floor's
/** After `load`: long enough for the screen the keyring check picks and what starts after it. */
const SETTLE_MS = 3_000;
const LONG_TASK_MS = 50;
const FIRST_SCREEN_HEADING = 'Set up Fieldbook on this device';

type MainThread = { longestMs: number; blockingMs: number; busyMs: number };

/**
 * One load of `url` in a fresh context (empty cache, no service worker) with the CPU slowed, its
 * long tasks observed from before the page's first script; `html`, when given, is answered for
 * the page itself instead of the server's.
 */
const loadOnSlowCpu = async (browser: Browser, url: string, html?: string): Promise<MainThread> => {
  const context = await newTabletContext(browser);
  try {
    const page = await context.newPage();
    if (html !== undefined) {
      await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await cdp.send('Performance.enable');
    // No named functions inside (tsx would wrap them in a helper the page does not have).
    await page.addInitScript(() => {
      const tasks: number[] = [];
      (window as unknown as { fbLongTasks: number[] }).fbLongTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url);
    // A fixed wait, not a poll for the heading: polling would itself run on the measured thread.
    await page.waitForTimeout(SETTLE_MS);
    const seen = await page.evaluate(() => ({
      tasks: (window as unknown as { fbLongTasks: number[] }).fbLongTasks,
      heading: document.querySelector('h1')?.textContent ?? null,
    }));
    const { metrics } = await cdp.send('Performance.getMetrics');
    const busySeconds = metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    if (seen.heading !== FIRST_SCREEN_HEADING) {
      throw new Error(`the first screen did not come up in time: its heading was ${seen.heading}`);
    }
    return {
      longestMs: Math.max(0, ...seen.tasks),
      blockingMs: seen.tasks.reduce((sum, d) => sum + Math.max(0, d - LONG_TASK_MS), 0),
      busyMs: busySeconds * 1000,
    };
  } finally {
    await context.close();
  }
};

/** The first screen as the app drew it, without its scripts: what the floor loads. */
const firstScreenMarkup = async (browser: Browser, url: string): Promise<string> => {
  const context = await newTabletContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: FIRST_SCREEN_HEADING }).waitFor();
    return (await page.content())
      .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
      .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/g, '');
  } finally {
    await context.close();
  }
};

/** The app's first screen and its static floor, loads alternated, medians. */
const mainThreadRows = async (browser: Browser, origin: string): Promise<BenchRow[]> => {
  const floorHtml = await firstScreenMarkup(browser, `${origin}/`);
  const app: MainThread[] = [];
  const floor: MainThread[] = [];
  for (let i = 0; i < LOADS; i++) {
    app.push(await loadOnSlowCpu(browser, `${origin}/`));
    floor.push(await loadOnSlowCpu(browser, `${origin}/first-screen-floor`, floorHtml));
  }
  const of = (runs: MainThread[], key: keyof MainThread) => median(runs.map((r) => r[key]));
  console.log(
    `  ${CPU_SLOWDOWN}× CPU, longest task ms app ${app.map((r) => r.longestMs.toFixed(0)).join(' ')}; ` +
      `floor ${floor.map((r) => r.longestMs.toFixed(0)).join(' ')}; busy ms app ` +
      `${app.map((r) => r.busyMs.toFixed(0)).join(' ')}; floor ${floor.map((r) => r.busyMs.toFixed(0)).join(' ')}`,
  );
  const scope = `first screen at ${CPU_SLOWDOWN}× slower CPU, load + ${SETTLE_MS / 1000} s, median of ${LOADS}`;
  const floorName = 'the same screen as static HTML and stylesheet, no script';
  return [
    {
      name: `${scope}: longest task (0 = none of ${LONG_TASK_MS} ms or more)`,
      value: of(app, 'longestMs'),
      unit: 'ms',
      floor: { name: floorName, value: of(floor, 'longestMs') },
      goal: 'reported (Lighthouse: TBT ≤ 200 ms for full marks)',
    },
    {
      name: `${scope}: total blocking time`,
      value: of(app, 'blockingMs'),
      unit: 'ms',
      floor: { name: floorName, value: of(floor, 'blockingMs') },
    },
    {
      name: `${scope}: main thread busy (CDP TaskDuration)`,
      value: of(app, 'busyMs'),
      unit: 'ms',
      floor: { name: floorName, value: of(floor, 'busyMs') },
    },
  ];
};

/** The built file a response carries, or null for anything that is not a file of dist/. */
const distFile = (path: string): string | null => {
  const bare = path.replace(/\?.*$/, '');
  const file = join(DIST_DIR, bare === '/' ? 'index.html' : bare.slice(1));
  return existsSync(file) ? file : null;
};

/** Each distinct file once, at brotli's best, or as it came when it is not a file of dist/. */
const floorBytes = (transfers: readonly Transfer[]): { brotli: number; plain: number } => {
  const seen = new Map<string, { brotli: number; plain: number }>();
  for (const t of transfers) {
    const file = distFile(t.path);
    const key = file ?? t.path;
    if (seen.has(key)) continue;
    if (!file) {
      seen.set(key, { brotli: t.wireBytes, plain: t.bodyBytes });
      continue;
    }
    const bytes = readFileSync(file);
    const packed = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    });
    seen.set(key, { brotli: Math.min(packed.length, bytes.length), plain: bytes.length });
  }
  const all = [...seen.values()];
  return {
    brotli: all.reduce((sum, s) => sum + s.brotli, 0),
    plain: all.reduce((sum, s) => sum + s.plain, 0),
  };
};

const rows = (scope: string, transfers: readonly Transfer[]): BenchRow[] => {
  const floor = floorBytes(transfers);
  return [
    {
      name: `first visit: ${scope}, bytes over the wire (${transfers.length} responses)`,
      value: sumOf(transfers, 'wireBytes') / KB,
      unit: 'KB',
      floor: { name: 'each file once, brotli best, no headers', value: floor.brotli / KB },
      goal: 'reported; Lighthouse ≥ 90 (npm run lighthouse)',
    },
    {
      name: `first visit: ${scope}, the same files uncompressed`,
      value: floor.plain / KB,
      unit: 'KB',
    },
  ];
};

export const clientFirstVisit: BenchSuite = {
  title: 'client first visit',
  run: async () => {
    assertDistBuilt();
    const server = await startServer();
    const browser = await launchBrowser();
    try {
      const visit = await recordFirstVisit(browser, server.url);
      const wire = (list: readonly Transfer[]) => (sumOf(list, 'wireBytes') / KB).toFixed(1);
      console.log(
        `  first screen ${wire(visit.firstScreen)} KB in ${visit.firstScreen.length} responses; ` +
          `precache ${wire(visit.precache)} KB in ${visit.precache.length}`,
      );
      return [
        ...rows('first screen', visit.firstScreen),
        ...rows('first screen and the whole precache', [...visit.firstScreen, ...visit.precache]),
        ...(await mainThreadRows(browser, server.url)),
      ];
    } finally {
      await browser.close();
      await server.dispose();
    }
  },
};
