import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest as rawGet } from '../../sync-server/test/raw-http';
import { passGate, unlock } from '../support/app-flows';
import { launchBrowser, newTabletContext } from '../support/browser';
import {
  initialScripts,
  precacheUrls,
  recordFirstVisit,
  type FirstVisit,
} from '../support/first-visit';
import { DIST_DIR, REPO_ROOT, assertDistBuilt } from '../support/paths';
import { ROOT_RENDERED, controllerScript } from '../support/pwa';
import { addUser, startServer, type RunningServer } from '../support/server';

// Issue 10 point 4, a tablet's first visit: the built app crosses the wire precompressed, hashed
// files are cached for good, the service worker's precache comes compressed too and still opens
// the app offline, robots.txt keeps crawlers out, and the CSS carries only the components in use.

const CHROMIUM_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
const HASHED = /^assets\//;

/** Every class a .ts/.tsx file under src/ names, e.g. `govuk-summary-list__row`, `govuk-!-margin-0`. */
const libraryClassesInSource = (): Set<string> => {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const source = readFileSync(path, 'utf8');
        for (const match of source.matchAll(
          /(?<![\w-])(?:govuk|moj)-(?:!-)?[a-z0-9]+(?:-[a-z0-9]+)*(?:__[a-z0-9]+(?:-[a-z0-9]+)*)?(?:--[a-z0-9]+(?:-[a-z0-9]+)*)?(?![\w-])/g,
        )) {
          found.add(match[0]);
        }
      }
    }
  };
  walk(join(REPO_ROOT, 'src'));
  return found;
};

/** The names of the IndexedDB databases the page's origin holds. */
const databaseNames = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((info) => info.name));

/**
 * Counts the page's fetches of the app's code behind the gate (with the service worker blocked,
 * each one passes here), each held until `held` resolves when it is given.
 */
const countAppCode = async (page: Page, held?: Promise<void>) => {
  const fetched = { count: 0 };
  await page.route(/\/assets\/UnlockedApp-[^/]+\.js$/, async (route) => {
    fetched.count += 1;
    await held;
    await route.continue();
  });
  return fetched;
};

/** How many sealing workers (db/seal-worker.ts) the page has started. */
const sealWorkers = (page: Page) =>
  page.workers().filter((w) => /^\/assets\/seal-worker-[\w-]+\.js$/.test(new URL(w.url()).pathname))
    .length;

/** A built file's text, by its path under dist/ (with or without the leading slash). */
const scriptOf = (path: string) => readFileSync(join(DIST_DIR, path.replace(/^\//, '')), 'utf8');

/** Whether `css` has a rule naming `.className` (the `!` of utility classes is escaped in CSS). */
const styles = (css: string, className: string): boolean =>
  new RegExp(
    `\\.${className.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/!/g, '\\\\!')}(?![\\w-])`,
  ).test(css);

describe('first visit: the built app on the real server', () => {
  let server: RunningServer;
  let browser: Browser;
  let visit: FirstVisit;

  beforeAll(async () => {
    assertDistBuilt();
    server = await startServer();
    browser = await launchBrowser();
    visit = await recordFirstVisit(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('sends every precached text file brotli-compressed, decompressing to the built file, with Vary', async () => {
    const urls = precacheUrls();
    expect(urls.length).toBeGreaterThan(10);
    let compressed = 0;
    for (const url of urls) {
      const file = join(DIST_DIR, url);
      const res = await rawGet(`${server.url}/${url}`, {
        'accept-encoding': CHROMIUM_ACCEPT_ENCODING,
      });
      expect(res.status, url).toBe(200);
      if (!existsSync(`${file}.br`)) {
        // Too small to gain from brotli: gzip if the build kept it, else the file as it is.
        const gzipped = existsSync(`${file}.gz`);
        expect(res.headers['content-encoding'], url).toBe(gzipped ? 'gzip' : undefined);
        const body = gzipped ? gunzipSync(res.body) : res.body;
        expect(body.equals(readFileSync(file)), url).toBe(true);
        continue;
      }
      compressed++;
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(res.headers.vary, url).toMatch(/Accept-Encoding/i);
      expect(brotliDecompressSync(res.body).equals(readFileSync(file)), url).toBe(true);
    }
    // Every script, stylesheet and the shell of a kilobyte or more: only PNG icons (packed
    // already) and files so small that compression saves less than its headers go out as they are.
    const worthCompressing = urls.filter(
      (url) => extname(url) !== '.png' && readFileSync(join(DIST_DIR, url)).length > 1_000,
    );
    expect(compressed).toBeGreaterThanOrEqual(worthCompressing.length);
    for (const url of worthCompressing)
      expect(existsSync(join(DIST_DIR, `${url}.br`)), url).toBe(true);
  });

  it('sends gzip to a client that takes only gzip', async () => {
    // The largest script: small ones may go out plain.
    const script = precacheUrls()
      .filter((url) => HASHED.test(url) && url.endsWith('.js'))
      .sort(
        (a, b) => readFileSync(join(DIST_DIR, b)).length - readFileSync(join(DIST_DIR, a)).length,
      )[0];
    const res = await rawGet(`${server.url}/${script}`, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).equals(readFileSync(join(DIST_DIR, script ?? '')))).toBe(true);
  });

  it('caches hashed files for a year, immutable, and makes the shell, sw.js and the manifest revalidate', async () => {
    for (const url of precacheUrls()) {
      const res = await rawGet(`${server.url}/${url}`, {});
      const expected = HASHED.test(url) ? 'public, max-age=31536000, immutable' : 'no-cache';
      expect(res.headers['cache-control'], url).toBe(expected);
    }
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      expect((await rawGet(`${server.url}${path}`, {})).headers['cache-control'], path).toBe(
        'no-cache',
      );
    }
  });

  it('answers robots.txt as text disallowing all crawling: the app holds data about children', async () => {
    const res = await rawGet(`${server.url}/robots.txt`, {
      'accept-encoding': CHROMIUM_ACCEPT_ENCODING,
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body.toString()).toMatch(/^User-agent: \*\nDisallow: \/\n$/);
  });

  it('loads the first screen compressed in Chromium', () => {
    // The shell, and every script and stylesheet but those too small to gain from compression.
    const compressible = visit.firstScreen.filter(
      (t) => /\.(js|css)$|^\/$/.test(t.path) && t.bodyBytes > 1_000,
    );
    expect(compressible.map((t) => t.path)).toContain('/');
    expect(compressible.filter((t) => t.path.endsWith('.js')).length).toBeGreaterThan(3);
    for (const transfer of compressible) {
      expect(transfer.encoding, transfer.path).toBe('br');
      // Headers alone are some hundred bytes: only a file of some size shows the saving.
      if (transfer.bodyBytes > 10_000) {
        expect(transfer.wireBytes, transfer.path).toBeLessThan(transfer.bodyBytes / 2);
      }
    }
  });

  it('runs only the gate for the first screen: the screens behind the lock load on unlock, precached', () => {
    const firstScripts = visit.firstScreen
      .filter((t) => t.path.endsWith('.js'))
      .map((t) => scriptOf(t.path));
    // The welcome screen's own words are there; the home screen's and the router's are not.
    const HOME = 'Your inspections';
    const ROUTER = 'useNavigate() may be used only in the context of a <Router> component.';
    expect(firstScripts.some((code) => code.includes('Set up Fieldbook on this device'))).toBe(
      true,
    );
    for (const code of firstScripts) {
      expect(code.includes(HOME)).toBe(false);
      expect(code.includes(ROUTER)).toBe(false);
    }
    // ...and they are in the precache, so unlocking works offline after this visit.
    const precached = precacheUrls().filter((url) => url.endsWith('.js'));
    expect(precached.some((url) => scriptOf(url).includes(HOME))).toBe(true);
  });

  it('builds no schema for the first screen: zod and the domain come with the app behind the gate, precached', () => {
    // What runs before the first screen is drawn: the entry and everything it imports statically
    // (Vite lists all of it as modulepreloads). Building zod's schemas and parsing the frameworks
    // cost the first screen ~200 ms of a 4× slower CPU as the app's module graph was evaluated.
    const first = initialScripts(readFileSync(join(DIST_DIR, 'index.html'), 'utf8'));
    expect(first.length).toBeGreaterThan(0);
    const ZOD = '$ZodType'; // the name zod's every schema is constructed under
    const FRAMEWORK =
      'Joint inspection of multi-agency arrangements for the protection of children';
    for (const path of first) {
      expect(scriptOf(path).includes(ZOD), `zod in ${path}`).toBe(false);
      expect(scriptOf(path).includes(FRAMEWORK), `the frameworks in ${path}`).toBe(false);
    }
    const precached = precacheUrls().filter((url) => url.endsWith('.js'));
    expect(precached.some((url) => scriptOf(url).includes(ZOD))).toBe(true);
    expect(precached.some((url) => scriptOf(url).includes(FRAMEWORK))).toBe(true);
  });

  it('signs in on the welcome screen when the app’s code (with the schemas) arrives only after the tap', async () => {
    const password = 'a long fieldwork passphrase';
    await addUser(
      { dataDir: server.dataDir, password },
      { username: 'amy', name: 'Amy Inspector', inspectorate: 'ofsted' },
    );
    // No service worker, so the app's code comes from the route below, held until released.
    const context = await newTabletContext(browser, 'portrait', { serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      let release = () => {};
      const appCode = await countAppCode(page, new Promise<void>((resolve) => (release = resolve)));
      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Set up Fieldbook on this device' }).waitFor();
      await page.getByLabel('Username', { exact: true }).fill('amy');
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      // The tap waits for the code, and says so.
      await expect.poll(() => appCode.count).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Signing in…' }).waitFor();
      release();
      await page.getByRole('heading', { level: 1, name: 'Your inspections' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('draws the welcome screen without creating the device’s database: it is made when the user starts', async () => {
    const context = await newTabletContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Set up Fieldbook on this device' }).waitFor();
      expect(await databaseNames(page)).toEqual([]);
      await passGate(page);
      expect(await databaseNames(page)).toContain('fieldbook');
    } finally {
      await context.close();
    }
  });

  it('fetches the app’s code, makes the database and starts the sealing worker while the user types their way in, not after the tap', async () => {
    const password = 'a long fieldwork passphrase';
    await addUser(
      { dataDir: server.dataDir, password },
      { username: 'ben', name: 'Ben Inspector', inspectorate: 'cqc' },
    );
    // No service worker, so every fetch of the app's code passes the route below and is counted.
    const context = await newTabletContext(browser, 'portrait', { serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      const appCode = await countAppCode(page);
      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Set up Fieldbook on this device' }).waitFor();
      expect(appCode.count).toBe(0);
      expect(sealWorkers(page)).toBe(0); // not on the first screen's load
      // Only a field taken: the code arrives, the database is made and the sealing worker that
      // seals a new tablet's first pull is started, nothing is signed in.
      await page.getByLabel('Username', { exact: true }).focus();
      await expect.poll(() => appCode.count).toBe(1);
      await expect.poll(() => databaseNames(page)).toContain('fieldbook');
      await expect.poll(() => sealWorkers(page)).toBe(1);
      await page.getByLabel('Username', { exact: true }).fill('ben');
      await page.getByLabel('Password', { exact: true }).fill(password);
      expect(
        await page.getByRole('heading', { name: 'Set up Fieldbook on this device' }).isVisible(),
      ).toBe(true);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Your inspections' }).waitFor();
      expect(appCode.count).toBe(1); // the tap used the code already there
      expect(sealWorkers(page)).toBe(1); // and the worker already there
      // A returning device: locked after a reload, the unlock screen alone is drawn; the app's
      // code comes, and the sealing worker starts, as the password is typed, and the unlock opens
      // the app with it.
      appCode.count = 0;
      await page.reload();
      await page.getByRole('heading', { name: 'Fieldbook is locked' }).waitFor();
      expect(appCode.count).toBe(0);
      await expect.poll(() => sealWorkers(page)).toBe(0);
      await page.getByLabel('Password', { exact: true }).focus();
      await expect.poll(() => appCode.count).toBe(1);
      await expect.poll(() => sealWorkers(page)).toBe(1);
      await unlock(page, password);
      await page.getByRole('heading', { level: 1, name: 'Your inspections' }).waitFor();
      expect(appCode.count).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('has the service worker fetch its precache compressed (the browser negotiates, workbox asks plain URLs)', () => {
    const fetched = new Map(visit.precache.map((t) => [t.path.replace(/\?.*$/, ''), t]));
    for (const url of precacheUrls()) {
      const transfer = fetched.get(`/${url}`);
      // Hashed files the page loaded a moment ago may come from the HTTP cache instead.
      if (!transfer) {
        expect(
          visit.firstScreen.map((t) => t.path),
          url,
        ).toContain(`/${url}`);
        continue;
      }
      expect(transfer.status, url).toBe(200);
      if (existsSync(join(DIST_DIR, `${url}.br`))) expect(transfer.encoding, url).toBe('br');
    }
    expect(visit.precache.some((t) => t.path.startsWith('/index.html'))).toBe(true);
  });

  it('opens from the compressed precache with the server stopped', async () => {
    const context = await newTabletContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForSelector(ROOT_RENDERED);
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await page.reload();
      await page.waitForSelector(ROOT_RENDERED);
      expect(await controllerScript(page)).toBe(`${server.url}/sw.js`);
      await server.stop();
      try {
        await page.reload();
        await page.waitForSelector(ROOT_RENDERED);
        // The stylesheet came out of the cache decoded: the first screen is styled, not bare HTML.
        const heading = await page.evaluate(() => {
          const h1 = document.querySelector('h1');
          return h1 ? { className: h1.className, font: getComputedStyle(h1).fontFamily } : null;
        });
        expect(heading?.className).toMatch(/govuk-heading/);
        expect(heading?.font).toMatch(/system-ui/);
      } finally {
        await server.restart();
      }
    } finally {
      await context.close();
    }
  });

  it('compiles in every GOV.UK and MOJ Frontend component the screens use, and only those', () => {
    const css = readdirSync(join(DIST_DIR, 'assets'))
      .filter((name) => name.endsWith('.css'))
      .map((name) => readFileSync(join(DIST_DIR, 'assets', name), 'utf8'))
      .join('\n');
    // The libraries' own full builds say which classes have styles at all (some are only hooks).
    const library = [
      'govuk-frontend/dist/govuk/govuk-frontend.min.css',
      '@ministryofjustice/frontend/moj/moj-frontend.min.css',
    ]
      .map((file) => readFileSync(join(REPO_ROOT, 'node_modules', file), 'utf8'))
      .join('\n');
    const used = [...libraryClassesInSource()];
    expect(used.length).toBeGreaterThan(50);
    const unstyled = used.filter((name) => styles(library, name) && !styles(css, name));
    expect(unstyled, 'add their components to src/app/styles.scss').toEqual([]);
    // ...and not the rest: components no screen names stay out.
    for (const unused of [
      'govuk-accordion',
      'govuk-cookie-banner',
      'moj-rich-text-editor',
      'moj-multi-file-upload',
    ]) {
      expect(used).not.toContain(unused);
      expect(styles(css, unused), unused).toBe(false);
    }
    expect(relative(REPO_ROOT, DIST_DIR)).toBe('dist');
  });
});
