import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newTabletContext, openTabletProfile } from './browser';
import { copyDist } from './dist-copy';
import { assertDistBuilt } from './paths';
import {
  addInspection,
  addUser,
  startServer,
  type AdminOptions,
  type RunningServer,
} from './server';
import { signInAndOpen } from './sync-flows';

type Person = { username: string; name: string };

export type TeamTablet = {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The service worker's script once the app is precached (signInAndOpen). */
  precached: string | null;
  /** Closes the browser, stops the server and removes its data and its copy of `dist/`. */
  dispose: () => Promise<void>;
};

/**
 * One inspection of `area` with a lead and an inspector on a fresh server (serving a private copy
 * of `dist/`), and the inspector's tablet (or, with `signInAs: 'lead'`, the lead's) signed in with
 * the inspection open. Playwright's clock is installed, so a test can move the page's time on.
 * `setUp` runs admin commands before the server starts (on a free port, so files can run side by
 * side); `userDataDir` keeps the tablet's profile there (a browser of its own, e.g. on a `smallDisk`).
 */
export const inspectorsTablet = async ({
  name,
  area,
  password,
  lead,
  inspector,
  setUp,
  signInAs = 'inspector',
  userDataDir,
}: {
  name: string;
  area: string;
  password: string;
  lead: Person;
  inspector: Person;
  setUp?: (admin: AdminOptions) => Promise<unknown>;
  signInAs?: 'lead' | 'inspector';
  /** A directory for the profile, instead of a fresh in-memory context. */
  userDataDir?: string;
}): Promise<TeamTablet> => {
  assertDistBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), `fieldbook-${name}-e2e-`));
  const dist = copyDist();
  const admin = { dataDir, password };
  for (const user of [lead, inspector]) await addUser(admin, { ...user, inspectorate: 'ofsted' });
  await addInspection(admin, {
    area,
    starts: '2026-11-23',
    lead: lead.username,
    members: [inspector.username],
  });
  await setUp?.(admin);
  const server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
  let browser: Browser | undefined;
  let persistent: BrowserContext | undefined;
  const dispose = async () => {
    await persistent?.close();
    await browser?.close();
    await server.dispose();
    for (const dir of [dataDir, dist]) rmSync(dir, { recursive: true, force: true });
  };
  try {
    let context: BrowserContext;
    if (userDataDir) {
      context = persistent = await openTabletProfile(userDataDir);
      const own = context.browser();
      if (!own) throw new Error('A persistent Chromium context without its browser');
      browser = own;
    } else {
      browser = await launchBrowser();
      context = await newTabletContext(browser);
    }
    await context.clock.install();
    const page = context.pages()[0] ?? (await context.newPage());
    const person = signInAs === 'lead' ? lead : inspector;
    const precached = await signInAndOpen(page, server.url, { ...person, password, area });
    return { server, browser, context, page, precached, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
};
