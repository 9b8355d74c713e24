/**
 * A tablet's first visit: the bytes that cross the wire, measured through Chromium (CDP
 * `Network.loadingFinished.encodedDataLength`, headers included) against the real server, for
 * the first screen and for the whole visit once the service worker has precached the app. The
 * floor is the same files each compressed on its own at brotli's best level, bodies only (what
 * no server could beat); the uncompressed size of the same files is printed beside them.
 * Lighthouse's score for the same first screen is `npm run lighthouse` (by hand, not here).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { launchBrowser } from '../support/browser';
import { recordFirstVisit, sumOf, type Transfer } from '../support/first-visit';
import { DIST_DIR, assertDistBuilt } from '../support/paths';
import { startServer } from '../support/server';
import type { BenchRow, BenchSuite } from './types';

const KB = 1024;

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
      ];
    } finally {
      await browser.close();
      await server.dispose();
    }
  },
};
