/**
 * Node-side driver for the bench page: builds it once per run, serves it from a bare static
 * server and opens it in Chromium, so suites only call `window.fieldbookBench` functions.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { launchBrowser, newTabletContext } from '../support/browser';
import { ARTIFACTS_DIR, REPO_ROOT } from '../support/paths';
import { startStaticServer } from '../support/static-server';
import type { StaticServer } from '../support/static-server';

const BENCH_PAGE_DIR = join(ARTIFACTS_DIR, 'bench-page');

let built: Promise<unknown> | undefined;

const buildBenchPage = (): Promise<unknown> =>
  (built ??= build({ configFile: join(REPO_ROOT, 'tests', 'bench', 'vite.bench.config.ts') }));

export type BenchPage = { page: Page; close: () => Promise<void> };

/** `browserArgs`: extra Chromium flags for this page's browser (the typing bench unpaces frames). */
export const openBenchPage = async (
  options: { browserArgs?: readonly string[] } = {},
): Promise<BenchPage> => {
  await buildBenchPage();
  let site: StaticServer | undefined;
  let browser: Browser | undefined;
  try {
    site = await startStaticServer(BENCH_PAGE_DIR, { isolated: true });
    browser = await launchBrowser(options.browserArgs);
    const page = await (await newTabletContext(browser)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${site.url}/`);
    await page
      .waitForFunction(() => window.fieldbookBench !== undefined, undefined, { timeout: 30_000 })
      .catch(() => {
        throw new Error(
          `the bench page did not start: ${errors.join('; ') || 'no error reported'}`,
        );
      });
    const openSite = site;
    const openBrowser = browser;
    return {
      page,
      close: async () => {
        await openBrowser.close();
        await openSite.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await site?.close();
    throw error;
  }
};
