import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_WAIT_MS } from '../../src/sync/transport';
import { launchBrowser, newTabletContext } from '../support/browser';
import { startEvidence, writeNotes } from '../support/capture-flows';
import { apiLogin, pullAll } from '../support/day-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { tabletScreenshots } from '../support/screenshots';
import { addInspection, addUser, startServer, type RunningServer } from '../support/server';
import {
  ALL_SENT,
  SYNCED_AT,
  signInAndOpen,
  syncState,
  syncText,
  unsentCount,
} from '../support/sync-flows';

// Hotel Wi-Fi that takes a request and never answers: the push reaches the server, which applies
// it, and its answer is lost for good. The status bar must leave "Syncing" and say Offline, and
// the work must go once the link answers again, sent twice but kept once (S3 duplicate).
// The page's clock is Playwright's, so the 30 s wait passes at once.

const AREA = 'Easthaven Council';
const PASSWORD = 'a long fieldwork passphrase';
const INSPECTOR = { username: 'ike', name: 'Ike Inspector' };
const LEAD = { username: 'liv', name: 'Liv Lead' };
const NOTES = 'Met the team manager at the hotel; she described the duty rota and its gaps.';

describe('a sync on Wi-Fi that never answers', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-silent-wifi-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    for (const user of [LEAD, INSPECTOR]) await addUser(admin, { ...user, inspectorate: 'ofsted' });
    await addInspection(admin, {
      area: AREA,
      starts: '2026-11-23',
      lead: LEAD.username,
      members: [INSPECTOR.username],
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
    context = await newTabletContext(browser);
    await context.clock.install();
    page = await context.newPage();
    await signInAndOpen(page, server.url, { ...INSPECTOR, password: PASSWORD, area: AREA });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('[S7][S3] leaves "Syncing" for Offline, and sends the work once the link answers again, kept once', async () => {
    /**
     * 'answer-lost': a push reaches the server, which applies it, and its answer never comes back;
     * 'silent': no request is answered at all; 'up': everything goes through.
     */
    let link: 'answer-lost' | 'silent' | 'up' = 'answer-lost';
    let lost = 0;
    await context.route('**/api/**', async (route) => {
      if (link === 'up') return route.continue();
      if (link === 'silent' || !route.request().url().includes('/api/sync/push'))
        return link === 'silent' ? undefined : route.continue(); // never answered
      const answer = await route.fetch(); // the server applies it…
      if (answer.ok()) lost += 1; // …and the route is never fulfilled
      link = 'silent';
    });

    const id = await startEvidence(page, 'Practitioner interview');
    await writeNotes(page, NOTES);
    await expect.poll(() => lost, { timeout: 30_000 }).toBeGreaterThan(0);
    await syncState(page).filter({ hasText: 'Syncing' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);

    await page.clock.fastForward(ANSWER_WAIT_MS + 1_000);
    await syncState(page)
      .filter({ hasText: /^Offline$/ })
      .waitFor({ timeout: 10_000 });
    await syncText(page)
      .filter({ hasText: /^Last synced at \d\d:\d\d\.$/ })
      .waitFor();

    // Still Offline while a retry waits on the silent link (it asks GET /api/me first).
    await page.clock.fastForward(5_000);
    await syncState(page)
      .filter({ hasText: /^Offline$/ })
      .waitFor();
    await tabletScreenshots(page, 'silent-wifi-offline');

    // The link answers again: the engine's own retry (backoff of a few seconds) sends the work.
    link = 'up';
    await page.clock.fastForward(ANSWER_WAIT_MS + 1_000); // also ends a retry held meanwhile
    await syncText(page).filter({ hasText: SYNCED_AT }).waitFor({ timeout: 30_000 });
    await unsentCount(page).filter({ hasText: ALL_SENT }).waitFor();

    const { token } = await apiLogin(server.url, INSPECTOR.username, PASSWORD);
    const rows = (await pullAll(server.url, token)).filter((row) => row.id === id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.fields.text).toBe(NOTES);
    expect(rows[0]!.conflicts).toEqual({});
  });
});
