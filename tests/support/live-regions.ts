import type { Page } from 'playwright-core';

/**
 * What a screen reader hears (WCAG 2.2 4.1.3): every text each live region takes, counted by a
 * MutationObserver as assistive technology watches them. Regions are named by where they are:
 * `save` (an editor's save status), `offline readiness` and `sync bar` (the app-wide status bar's
 * two), `evidence list` (the list's count), else their class.
 */

export type Said = { region: string; text: string };

type Watch = { said: Said[]; stop: () => void };

/** Starts recording every text each live region takes, from now on (until `liveSaid`). */
export const watchLiveRegions = (page: Page) =>
  page.evaluate(() => {
    const said: { region: string; text: string }[] = [];
    const last = new Map<Element, string>();
    const live = '[role="status"], [role="alert"], [aria-live]:not([aria-live="off"])';
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const node = record.target;
        const element = node instanceof Element ? node : node.parentElement;
        const region = element?.closest(live);
        if (!region) continue;
        const text = region.textContent?.trim() ?? '';
        if (!text || last.get(region) === text) continue;
        last.set(region, text);
        const name =
          region.closest('.fb-editor-status') !== null
            ? 'save'
            : region.querySelector('[data-testid="offline-readiness"]') !== null
              ? 'offline readiness'
              : region.closest('.fb-statusbar') !== null
                ? 'sync bar'
                : region.closest('.moj-filter-layout__content') !== null
                  ? 'evidence list'
                  : region.className;
        said.push({ region: name, text });
      }
    });
    observer.observe(document.body, { childList: true, characterData: true, subtree: true });
    // Stopped once read: its map holds the regions' elements, and through them the screen they
    // were in, which would keep a closed editor's words in the heap that the lock must empty.
    const stop = () => {
      observer.disconnect();
      last.clear();
    };
    (window as unknown as { __watch: Watch }).__watch = { said, stop };
  });

/** What the live regions said since `watchLiveRegions`; stops watching. */
export const liveSaid = (page: Page): Promise<Said[]> =>
  page.evaluate(() => {
    const watch = (window as unknown as { __watch: Watch }).__watch;
    watch.stop();
    return watch.said;
  });
