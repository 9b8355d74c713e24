import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';

/** Debian's Chromium: playwright-core never downloads a browser of its own here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The flags the machine needs: headless as root without a sandbox, and none of Chromium's
 * background connections, which this closed network refuses (noisy, and slow at start-up).
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const launchBrowser = (extraArgs: readonly string[] = []): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });

export type TabletOrientation = 'portrait' | 'landscape';

/** The smallest tablet the app supports (DESIGN.md §6: usable from 768 px wide). */
export const TABLET_VIEWPORTS = {
  portrait: { width: 768, height: 1024 },
  landscape: { width: 1024, height: 768 },
} as const satisfies Record<TabletOrientation, { width: number; height: number }>;

/**
 * A fresh context (its own IndexedDB, service workers and storage: one "device") sized like a
 * tablet, with touch, so tap targets and layouts are checked as inspectors meet them.
 */
export const newTabletContext = (
  browser: Browser,
  orientation: TabletOrientation = 'portrait',
  options: BrowserContextOptions = {},
): Promise<BrowserContext> =>
  withConsole(browser.newContext({ ...tabletOptions(orientation), ...options }));

const tabletOptions = (orientation: TabletOrientation) =>
  ({
    viewport: TABLET_VIEWPORTS[orientation],
    hasTouch: true,
    isMobile: false,
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    serviceWorkers: 'allow',
  }) as const satisfies BrowserContextOptions;

/**
 * The same tablet on a profile kept on disk (`userDataDir`): closing the context is the tablet
 * switched off overnight, and opening it again on the same directory finds its IndexedDB, service
 * worker and precache as they were left. A browser of its own; closing the context closes it.
 */
export const openTabletProfile = (
  userDataDir: string,
  orientation: TabletOrientation = 'portrait',
): Promise<BrowserContext> =>
  withConsole(
    chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      ...tabletOptions(orientation),
    }),
  );

/** FIELDBOOK_E2E_CONSOLE=1 prints the app's console warnings and errors (for chasing a flaky wait). */
const withConsole = async (pending: Promise<BrowserContext>): Promise<BrowserContext> => {
  const context = await pending;
  if (process.env.FIELDBOOK_E2E_CONSOLE)
    context.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        console.log(`[browser ${message.type()}] ${message.text()}`);
    });
  return context;
};
