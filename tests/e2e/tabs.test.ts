import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlock } from '../support/app-flows';
import { launchBrowser, newTabletContext } from '../support/browser';
import { startEvidence, writeNotes } from '../support/capture-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { waitForActivatedServiceWorker } from '../support/pwa';
import { startServer, type RunningServer, addInspection, addUser } from '../support/server';
import { signInOnWelcome } from '../support/sync-flows';

// A note typed steadily in one tab, offline, is written around Dexie (db/direct-write.ts) from its
// second save on; another tab of the same device hears each save through the one message Dexie
// posts (its row feed reads the row's id from a part of that message) and finds the new words in
// its evidence search, which is built from its row store.

const AREA = 'Eastmarsh Borough Council';
const PASSWORD = 'a long fieldwork passphrase';
const USER = { username: 'ivy', name: 'Ivy Inspector' };

describe('two tabs of one device', () => {
  let dataDir: string;
  let dist: string;
  let inspectionId: string;
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-news-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addUser(admin, { ...USER, inspectorate: 'ofsted' });
    inspectionId = await addInspection(admin, {
      area: AREA,
      starts: '2026-11-16',
      lead: USER.username,
      members: [],
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('offline, what one tab types in several saves is found by the other tab’s evidence search', async () => {
    const device = await newTabletContext(browser);
    const a = await device.newPage();
    await signInOnWelcome(a, server.url, USER.username, PASSWORD);
    await a.getByRole('link', { name: new RegExp(`^${AREA}`) }).click();
    await a.getByRole('heading', { level: 1, name: AREA }).waitFor();
    // Every screen must be precached before the server goes away.
    expect(await waitForActivatedServiceWorker(a)).toBe(`${server.url}/sw.js`);
    // Offline, nothing is pushed, so every save after the first extends the same op: the direct way.
    await server.stop();
    await startEvidence(a, 'Practitioner interview');
    await writeNotes(a, 'First words.');
    await writeNotes(a, 'First words. Second sitting.');
    const b = await device.newPage();
    await b.goto(`${server.url}/i/${inspectionId}/evidence`);
    await unlock(b, PASSWORD);
    const results = b.locator('ul[aria-label="Results"] li');
    await expect.poll(() => results.count(), { timeout: 15_000 }).toBe(1); // the note, listed
    await b.getByLabel('Search evidence').fill('zebra');
    await expect.poll(() => results.count()).toBe(0);
    await writeNotes(a, 'First words. Second sitting. A zebra crossing.');
    await expect.poll(() => results.count(), { timeout: 15_000 }).toBe(1);
    await writeNotes(a, 'First words. Second sitting. A zebra crossing. And a giraffe.');
    await b.getByLabel('Search evidence').fill('giraffe');
    await expect.poll(() => results.count(), { timeout: 15_000 }).toBe(1);
  });
});
