import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { TABLET_VIEWPORTS } from './browser';
import { ARTIFACTS_DIR } from './paths';

/**
 * The page in both tablet orientations (768x1024, 1024x768), full length, saved as
 * tests/.artifacts/screenshots/<name>-<width>x<height>.png for a person to look at; `check` runs
 * in each orientation first (axe, touch targets). Leaves the page in portrait.
 */
export const tabletScreenshots = async (
  page: Page,
  name: string,
  check?: (label: string) => Promise<void>,
): Promise<void> => {
  const dir = join(ARTIFACTS_DIR, 'screenshots');
  mkdirSync(dir, { recursive: true });
  for (const { width, height } of Object.values(TABLET_VIEWPORTS)) {
    await page.setViewportSize({ width, height });
    await check?.(`${name} ${width}×${height}`);
    await page.screenshot({ path: join(dir, `${name}-${width}x${height}.png`), fullPage: true });
  }
  await page.setViewportSize(TABLET_VIEWPORTS.portrait);
};
