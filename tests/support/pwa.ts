import type { Page } from 'playwright-core';

/** Install includes precaching the whole shell; generous for a cold, loaded two-core machine. */
export const SW_ACTIVATE_DEADLINE_MS = 30_000;

/**
 * Resolves with the script URL once this page's service worker registration has an *activated*
 * worker (its install, i.e. the precache, has finished), or null after the deadline: the
 * caller's assertion then fails with a clear message instead of a test timeout.
 */
export const waitForActivatedServiceWorker = (
  page: Page,
  timeoutMs = SW_ACTIVATE_DEADLINE_MS,
): Promise<string | null> =>
  // No named functions inside: tsx (esbuild keepNames) would wrap them in a `__name` helper
  // that does not exist in the page. A second resolve() is a no-op, so none is needed.
  page.evaluate(
    (ms) =>
      new Promise<string | null>((resolve) => {
        setTimeout(() => resolve(null), ms);
        void navigator.serviceWorker.ready.then((registration) => {
          const worker = registration.active;
          if (!worker) return;
          if (worker.state === 'activated') resolve(worker.scriptURL);
          worker.addEventListener('statechange', () => {
            if (worker.state === 'activated') resolve(worker.scriptURL);
          });
        });
      }),
    timeoutMs,
  );

/** The script URL of the worker controlling this page, or null when the network serves it. */
export const controllerScript = (page: Page): Promise<string | null> =>
  page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);

/** The React root has rendered something: the app booted, whatever screen it shows. */
export const ROOT_RENDERED = '#root > *';
