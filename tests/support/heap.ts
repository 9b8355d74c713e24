import type { Page } from 'playwright-core';

/**
 * The page's whole JavaScript heap as Chromium's DevTools sees it (CDP
 * `HeapProfiler.takeHeapSnapshot`, which collects garbage first), as one string to search: a
 * secret found in it is still reachable from the page. Every string the heap holds is in the
 * snapshot's `strings` table, so a plain search finds it.
 */
export const heapSnapshot = async (page: Page): Promise<string> => {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    await cdp.detach();
  }
  return chunks.join('');
};
