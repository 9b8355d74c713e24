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
  page.evaluate(
    (ms) =>
      new Promise<string | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), ms);
        void navigator.serviceWorker.ready.then((registration) => {
          const worker = registration.active;
          if (!worker) return;
          const done = () => {
            clearTimeout(timer);
            resolve(worker.scriptURL);
          };
          if (worker.state === 'activated') done();
          else
            worker.addEventListener('statechange', () => {
              if (worker.state === 'activated') done();
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
