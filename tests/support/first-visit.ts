import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Response } from 'playwright-core';
import { newTabletContext } from './browser';
import { DIST_DIR } from './paths';
import { ROOT_RENDERED, waitForActivatedServiceWorker } from './pwa';

/** One response of a first visit as Chromium saw it. */
export type Transfer = {
  /** Path and query on the server, e.g. `/assets/index-abc.js`. */
  path: string;
  status: number;
  /** `Content-Encoding` as received; null for a plain body. */
  encoding: string | null;
  /** Bytes over the wire, headers included (CDP `Network.loadingFinished.encodedDataLength`). */
  wireBytes: number;
  /** The body once decoded: what the file weighs uncompressed. */
  bodyBytes: number;
};

export type FirstVisit = {
  /** What the page itself loaded until the first screen was drawn and the network went quiet. */
  firstScreen: Transfer[];
  /** What the service worker fetched while installing (its precache), until it activated. */
  precache: Transfer[];
};

/** The URLs (relative to the site root) that the built service worker precaches. */
export const precacheUrls = (distDir = DIST_DIR): string[] => {
  const sw = readFileSync(join(distDir, 'sw.js'), 'utf8');
  return [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1] ?? '');
};

/** Scripts the browser fetches before it can run the app: the entry and its modulepreloads. */
export const initialScripts = (indexHtml: string): string[] => {
  const srcs: string[] = [];
  for (const tag of indexHtml.match(/<script\b[^>]*>/g) ?? []) {
    if (/\btype=["']?module["']?/.test(tag)) {
      const src = /\bsrc=["']?([^"'\s>]+)/.exec(tag)?.[1];
      if (src) srcs.push(src);
    }
  }
  for (const tag of indexHtml.match(/<link\b[^>]*>/g) ?? []) {
    if (/\brel=["']?modulepreload["']?/.test(tag)) {
      const href = /\bhref=["']?([^"'\s>]+)/.exec(tag)?.[1];
      if (href) srcs.push(href);
    }
  }
  return [...new Set(srcs)];
};

type Pending = { path: string; status: number; encoding: string | null; bodyBytes: number };

const pathOf = (url: string): string => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

/**
 * A tablet's first visit to `origin`, in a fresh context (empty HTTP cache, no service worker).
 * The page's own requests are read from a CDP session on the page (every `Network.dataReceived`
 * for the decoded size, `Network.loadingFinished` for the bytes on the wire); the service
 * worker's requests from Playwright's service-worker network events, whose sizes come from the
 * same CDP event in the worker's target. A request the worker answers from the HTTP cache
 * (workbox lets hashed files come from it) costs no wire bytes, and is counted so.
 */
export const recordFirstVisit = async (
  browser: Browser,
  origin: string,
  firstScreenReady = ROOT_RENDERED,
): Promise<FirstVisit> => {
  const context = await newTabletContext(browser);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const pending = new Map<string, Pending>();
    const firstScreen: Transfer[] = [];
    cdp.on('Network.responseReceived', (event) => {
      const headers = Object.fromEntries(
        Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
      );
      pending.set(event.requestId, {
        path: pathOf(event.response.url),
        status: event.response.status,
        encoding: headers['content-encoding'] ?? null,
        bodyBytes: 0,
      });
    });
    cdp.on('Network.dataReceived', (event) => {
      const entry = pending.get(event.requestId);
      if (entry) entry.bodyBytes += event.dataLength;
    });
    cdp.on('Network.loadingFinished', (event) => {
      const entry = pending.get(event.requestId);
      if (!entry) return;
      pending.delete(event.requestId);
      firstScreen.push({ ...entry, wireBytes: event.encodedDataLength });
    });
    await cdp.send('Network.enable');

    const workerResponses: Promise<Transfer>[] = [];
    context.on('response', (response: Response) => {
      if (!response.request().serviceWorker()) return;
      workerResponses.push(
        (async () => {
          const [sizes, body, encoding] = await Promise.all([
            response.request().sizes(),
            response.body(),
            response.headerValue('content-encoding'),
          ]);
          return {
            path: pathOf(response.url()),
            status: response.status(),
            encoding,
            wireBytes: sizes.responseHeadersSize + sizes.responseBodySize,
            bodyBytes: body.length,
          };
        })(),
      );
    });

    await page.goto(origin);
    await page.waitForSelector(firstScreenReady, { state: 'visible' });
    await page.waitForLoadState('networkidle');
    const firstScreenDone = [...firstScreen];
    if (!(await waitForActivatedServiceWorker(page))) {
      throw new Error('the service worker did not activate: its precache never finished');
    }
    return { firstScreen: firstScreenDone, precache: await Promise.all(workerResponses) };
  } finally {
    await context.close();
  }
};

export const sumOf = (transfers: readonly Transfer[], key: 'wireBytes' | 'bodyBytes'): number =>
  transfers.reduce((sum, t) => sum + t[key], 0);
