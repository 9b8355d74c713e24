import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH_MAX_OPS } from '../../src/domain';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext } from '../support/browser';
import { apiLogin, goInApp } from '../support/day-flows';
import { copyDist } from '../support/dist-copy';
import { liveSaid, watchLiveRegions, type Said } from '../support/live-regions';
import { assertDistBuilt } from '../support/paths';
import { tabletScreenshots } from '../support/screenshots';
import { addInspection, addUser, startServer, type RunningServer } from '../support/server';
import { SYNCED_AT, syncNow, syncState, syncText } from '../support/sync-flows';

// What the status bar reads out, in Chromium (WCAG 2.2 4.1.3). Its line changes at every page
// of a first sync and every background sync; a screen reader hears only the news: a long sync's
// start, each quarter and its end; "Sync now" starting and ending; the connection going and
// coming back. (Typing with background syncs, where it says nothing: status-and-conflicts.)

const AREA = 'Harbury City Council';
const PASSWORD = 'a long fieldwork passphrase';
const LEAD = { username: 'lou', name: 'Lou Lead' };
const IVY = { username: 'ivy', name: 'Ivy Inspector' };
/** Inside this helper's port range (9600-9699). */
/** The team's notes before Ivy's first sign-in, received in pages of PAGE_ROWS. */
const NOTES = 1200;
/**
 * The server's pages are 1,000 rows; asked for 100 here (any size is a page the client must
 * take), so the first sync takes a dozen pages without writing ten thousand notes first.
 */
const PAGE_ROWS = 100;
const LOU_TABLET = randomUUID();
const START = 'Receiving the team’s evidence. You will hear how far it has got.';
const DONE = 'All the team’s evidence is on this tablet.';
const OFFLINE = 'Offline. Your work is kept on this device and syncs when you are back online.';

const from = (region: string, said: readonly Said[]) =>
  said.filter((s) => s.region === region).map((s) => s.text);
const bar = (said: readonly Said[]) => from('sync bar', said);

describe('the status bar reads out news, not its every change', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let device: BrowserContext;
  let page: Page;
  let pulls = 0;
  let inspectionId = '';
  let leadToken = '';
  let schemaVersion = 0;
  let written = 0;

  /** Lou's notes, pushed from her own tablet. */
  const louWrites = async (notes: number) => {
    for (let left = notes; left > 0; left -= PUSH_MAX_OPS) {
      const ops = Array.from({ length: Math.min(PUSH_MAX_OPS, left) }, () => {
        written += 1;
        return {
          opId: randomUUID(),
          entity: 'evidence',
          entityId: randomUUID(),
          inspectionId,
          kind: 'put',
          base: {},
          fields: {
            kind: 'practitioner-interview',
            occurredAt: '2026-11-24T10:00:00.000Z',
            status: 'final',
            text: `Lou's note ${written}: the plan was reviewed on time.`,
          },
        };
      });
      const response = await fetch(`${server.url}/api/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${leadToken}` },
        body: JSON.stringify({ clientId: LOU_TABLET, schemaVersion, ops }),
      });
      expect(response.status).toBe(200);
    }
  };

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-sync-bar-news-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    for (const user of [LEAD, IVY]) await addUser(admin, { ...user, inspectorate: 'ofsted' });
    inspectionId = await addInspection(admin, {
      area: AREA,
      starts: '2026-11-23',
      lead: LEAD.username,
      members: [IVY.username],
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    ({ token: leadToken } = await apiLogin(server.url, LEAD.username, PASSWORD));
    ({ schemaVersion } = (await (await fetch(`${server.url}/healthz`)).json()) as {
      schemaVersion: number;
    });
    await louWrites(NOTES); // a week of notes, on the server before Ivy's tablet is signed in
    browser = await launchBrowser();
    device = await newTabletContext(browser);
    await device.route('**/api/sync/pull?**', (route) => {
      pulls += 1;
      const url = new URL(route.request().url());
      url.searchParams.set('limit', String(PAGE_ROWS));
      return route.continue({ url: url.toString() });
    });
    page = await device.newPage();
  });

  afterAll(async () => {
    await device?.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('[4.1.3] a first sync of a dozen pages is read out at its start, each quarter and its end', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Set up Fieldbook on this device' }).waitFor();
    await watchLiveRegions(page);
    await page.getByLabel('Username', { exact: true }).fill(IVY.username);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Your inspections' }).waitFor();
    await page.getByTestId('sync-progress').waitFor();
    await tabletScreenshots(page, 'sync-bar-first-sync', (label) =>
      expectNoAxeViolations(page, `the first sync, ${label}`),
    );
    await expect.poll(() => pulls, { timeout: 60_000 }).toBeGreaterThanOrEqual(NOTES / PAGE_ROWS);
    await syncText(page).filter({ hasText: SYNCED_AT }).waitFor({ timeout: 60_000 });
    const said = await liveSaid(page);
    console.info(`live regions in a first sync of ${pulls} pages:`, JSON.stringify(said, null, 1));
    // The bar showed every page ("… 700 records so far"); it said five things.
    expect(bar(said)).toEqual([START, '25% received.', '50% received.', '75% received.', DONE]);
  });

  it('[4.1.3] "Sync now" is read out as it starts and when it ends, with what is left', async () => {
    await goInApp(page, '/');
    await watchLiveRegions(page);
    await syncNow(page);
    await page
      .getByTestId('sync-news')
      .filter({ hasText: /^Sync finished/ })
      .waitFor({ timeout: 5000 });
    expect(bar(await liveSaid(page))).toEqual([
      'Syncing now.',
      'Sync finished. Everything is on the server.',
    ]);
  });

  it('[4.1.3] the team’s notes arriving in the background are read out as one sync, not page by page', async () => {
    await goInApp(page, `/i/${inspectionId}/evidence`);
    const shown = page.getByTestId('evidence-count');
    await shown.filter({ hasText: `${written} pieces` }).waitFor();
    await watchLiveRegions(page);
    await louWrites(PUSH_MAX_OPS); // one push: the server's hint starts one sync, of five pages
    await shown.filter({ hasText: `${written} pieces` }).waitFor({ timeout: 60_000 });
    await syncText(page).filter({ hasText: SYNCED_AT }).waitFor();
    const said = await liveSaid(page);
    console.info(`live regions as ${PUSH_MAX_OPS} notes arrive:`, JSON.stringify(said, null, 1));
    expect(bar(said)).toEqual([START, '25% received.', '50% received.', '75% received.', DONE]);
    // The list's count followed the pages on screen; it reads out only her search's answers.
    expect(from('evidence list', said)).toEqual([]);
    await tabletScreenshots(page, 'sync-bar-evidence-list', (label) =>
      expectNoAxeViolations(page, `the evidence list after the sync, ${label}`),
    );
    // Her search is answered, once.
    await watchLiveRegions(page);
    await page.getByLabel('Search evidence').fill('plan');
    const answer = `${written} pieces of evidence match`;
    await shown.filter({ hasText: answer }).waitFor();
    await page.getByTestId('evidence-count-news').filter({ hasText: answer }).waitFor();
    expect(from('evidence list', await liveSaid(page))).toEqual([answer]);
    await page.getByLabel('Search evidence').fill('');
  });

  it('[4.1.3] the connection going and coming back is read out, once each', async () => {
    await watchLiveRegions(page);
    await device.setOffline(true);
    await syncState(page).filter({ hasText: 'Offline' }).waitFor();
    await tabletScreenshots(page, 'sync-bar-offline', (label) =>
      expectNoAxeViolations(page, `offline, ${label}`),
    );
    await device.setOffline(false);
    await syncState(page).filter({ hasText: 'Online' }).waitFor();
    await syncText(page).filter({ hasText: SYNCED_AT }).waitFor();
    expect(bar(await liveSaid(page))).toEqual([OFFLINE, 'Back online.']);
  });
});
