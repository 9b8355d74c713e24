import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext } from '../support/browser';
import { DIST_DIR, assertDistBuilt } from '../support/paths';
import { ROOT_RENDERED, controllerScript, waitForActivatedServiceWorker } from '../support/pwa';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';

// The cheapest end-to-end check: the built app, served by the real server, is a working PWA.
// It looks at no particular screen (those have their own tests), only at the shell around them.

/** Parses a Content-Security-Policy header into directive → sources. */
const parseCsp = (header: string): Map<string, string[]> =>
  new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(
        (tokens): tokens is [string, ...string[]] => tokens[0] !== undefined && tokens[0] !== '',
      )
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );

/** Width and height from a PNG's IHDR chunk, so a manifest icon is checked as a real image. */
const pngSize = (bytes: Buffer): { width: number; height: number } => {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
};

type ManifestIcon = { src: string; sizes: string; type?: string; purpose?: string };
type Manifest = { name?: string; display?: string; start_url?: string; icons?: ManifestIcon[] };

describe('smoke: the built app on the real server', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    assertDistBuilt();
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('answers GET /healthz with {ok: true, schemaVersion}', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    expect(body).toEqual({ ok: true, schemaVersion: expect.any(Number) });
    expect(Number.isInteger((body as { schemaVersion: number }).schemaVersion)).toBe(true);
    expect((body as { schemaVersion: number }).schemaVersion).toBeGreaterThan(0);
  });

  it('serves the app with security headers and a CSP that refuses inline script', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const header = response.headers.get('content-security-policy');
    expect(header, 'Content-Security-Policy header').toBeTruthy();
    const csp = parseCsp(header ?? '');
    const scriptSrc = csp.get('script-src') ?? csp.get('default-src');
    expect(scriptSrc, 'script-src or default-src').toBeDefined();
    // An injected <script> or onclick= must not run: the data is about children.
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(scriptSrc).not.toContain('*');
    // Plugins and <base> are other ways to run or redirect script.
    expect(csp.get('object-src') ?? csp.get('default-src')).toContain("'none'");
    const framing = csp.get('frame-ancestors');
    expect(
      framing?.includes("'none'") ||
        framing?.includes("'self'") ||
        response.headers.has('x-frame-options'),
      'frame-ancestors or X-Frame-Options guards against clickjacking',
    ).toBe(true);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBeTruthy();
    expect(response.headers.has('x-powered-by')).toBe(false);
  });

  it('loads in Chromium with a linked manifest: standalone, 192/512 and maskable PNG icons', async () => {
    const context = await newTabletContext(browser);
    try {
      const page = await context.newPage();
      const cspViolations: string[] = [];
      page.on('console', (message: ConsoleMessage) => {
        if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      });
      await page.goto(server.url);
      await page.waitForSelector(ROOT_RENDERED);
      expect(await page.title()).toMatch(/Fieldbook/);
      expect(await page.getAttribute('html', 'lang')).toMatch(/^en(-GB)?$/);

      const manifestHref = await page.getAttribute('link[rel="manifest"]', 'href');
      expect(manifestHref, '<link rel="manifest">').toBeTruthy();
      const manifestUrl = new URL(manifestHref ?? '', server.url);
      const manifest = (await (await fetch(manifestUrl)).json()) as Manifest;
      expect(manifest.display).toBe('standalone');
      expect(manifest.name).toMatch(/Fieldbook/);
      const icons = manifest.icons ?? [];
      const wanted = [
        { sizes: '192x192', purpose: 'any' },
        { sizes: '512x512', purpose: 'any' },
        { sizes: '512x512', purpose: 'maskable' },
      ];
      for (const { sizes, purpose } of wanted) {
        const icon = icons.find(
          (i) => i.sizes === sizes && (i.purpose ?? 'any').split(' ').includes(purpose),
        );
        expect(icon, `a ${sizes} ${purpose} icon`).toBeDefined();
        const response = await fetch(new URL(icon?.src ?? '', manifestUrl));
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('image/png');
        const size = pngSize(Buffer.from(await response.arrayBuffer()));
        expect(`${size.width}x${size.height}`).toBe(sizes);
      }
      expect(cspViolations, 'the app itself breaks its CSP').toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(['portrait', 'landscape'] as const)(
    'opens on a first screen that axe finds no WCAG 2.2 A/AA violations on (%s tablet)',
    async (orientation) => {
      const context = await newTabletContext(browser, orientation);
      try {
        const page = await context.newPage();
        await page.goto(server.url);
        await page.waitForSelector(ROOT_RENDERED);
        await expectNoAxeViolations(page, `the first screen (${orientation})`);
      } finally {
        await context.close();
      }
    },
  );

  it('registers a service worker that controls the page after a reload and opens with the server stopped', async () => {
    const context = await newTabletContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForSelector(ROOT_RENDERED);
      const script = await waitForActivatedServiceWorker(page);
      expect(script, 'the app registers /sw.js (vite-plugin-pwa, src/app) and it activates').toBe(
        `${server.url}/sw.js`,
      );
      // The first install takes the page it came from (clientsClaim), and a reload keeps it.
      await expect.poll(() => controllerScript(page)).toBe(`${server.url}/sw.js`);
      await page.reload();
      await page.waitForSelector(ROOT_RENDERED);
      expect(await controllerScript(page)).toBe(`${server.url}/sw.js`);

      await server.stop();
      try {
        // The precached shell opens offline, also on a deep link (navigateFallback)...
        await page.reload();
        await page.waitForSelector(ROOT_RENDERED);
        await page.goto(`${server.url}/some/deep/link`);
        await page.waitForSelector(ROOT_RENDERED);
        expect(await page.title()).toMatch(/Fieldbook/);
        // ...but the API is never answered from the cache: offline data lives in Dexie (§4).
        await expect(page.goto(`${server.url}/api/me`)).rejects.toThrow(/ERR_/);
        // A fresh tab: the failed navigation leaves the old one on Chromium's error page.
        const tab = await context.newPage();
        await tab.goto(server.url);
        await tab.waitForSelector(ROOT_RENDERED);
        const apiFetch = await tab.evaluate(() =>
          globalThis.fetch('/api/me').then(
            (r) => `answered ${r.status}`,
            () => 'network error',
          ),
        );
        expect(apiFetch).toBe('network error');
      } finally {
        await server.restart();
      }
    } finally {
      await context.close();
    }
  });

  it('builds a service worker that precaches the shell and leaves /api and /healthz to the network', () => {
    const sw = readFileSync(join(DIST_DIR, 'sw.js'), 'utf8');
    expect(sw).toContain('index.html');
    expect(sw).toContain('manifest.webmanifest');
    // The denylist regexes of vite.config.ts survive minification as literals.
    const denylist = /denylist:\[([^\]]*)\]/.exec(sw)?.[1];
    expect(denylist, 'the navigation route has a denylist').toBeDefined();
    expect(denylist).toContain(String.raw`/^\/api\//`);
    expect(denylist).toContain(String.raw`/^\/healthz/`);
    expect(sw).not.toMatch(/["']\/?api\//);
  });
});
