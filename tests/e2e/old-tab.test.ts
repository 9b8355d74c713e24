import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlock } from '../support/app-flows';
import { expectNoAxeViolations } from '../support/axe';
import { startEvidence, writeNotes } from '../support/capture-flows';
import { dumpIndexedDb } from '../support/raw-storage';
import { tabletScreenshots } from '../support/screenshots';
import { inspectorsTablet, type TeamTablet } from '../support/team-tablet';
import { expectTouchTargets } from '../support/touch';

// A tab left open for days on the version before an update. Another tab takes the update, and the
// new version opens the device database one version up (its Dexie upgrade), which IndexedDB holds
// back until every older connection has closed. Here that other tab is a page of the same origin
// that opens the database one version up itself and adds a store, as a newer layout would.
// Before, the old tab's Dexie closed at once, opened the upgraded database again without a version
// and went on writing and syncing with the old code, saying nothing (13 requests to the server in
// the 4 s after the upgrade, and the note written again under the new version). Now the old tab
// saves the words its editor holds while the upgrade waits, then closes its database for good,
// stops syncing and says so, and its Reload opens the note on the upgraded database.

const AREA = 'Eastmarsh Borough Council';
const PASSWORD = 'a long fieldwork passphrase';
const UPDATED = 'Fieldbook has been updated in another tab';

/** The app's database version in IndexedDB's numbering (Dexie's 5, since the write token), and the newer layout's. */
const APP_VERSION = 50;
const NEWER_VERSION = APP_VERSION + 10;

/** The newer version's open, run in a page: one version up, adding a store. A script in a string, so no bundler helper leaks into the page. */
const UPGRADE = `(async (name) => {
  const from = (await indexedDB.databases()).find((d) => d.name === name)?.version ?? 0;
  let blocked = false;
  const version = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name, from + 10);
    request.onblocked = () => { blocked = true; };
    request.onupgradeneeded = () => { request.result.createObjectStore('probe'); };
    request.onsuccess = () => { const v = request.result.version; request.result.close(); resolve(v); };
    request.onerror = () => reject(request.error);
  });
  return { from, version, blocked };
})('fieldbook')`;

describe('a tab on the old version when another tab upgrades the database', () => {
  let tablet: TeamTablet;
  beforeAll(async () => {
    tablet = await inspectorsTablet({
      name: 'old-tab',
      area: AREA,
      password: PASSWORD,
      lead: { username: 'lena', name: 'Lena Lead' },
      inspector: { username: 'ivy', name: 'Ivy Inspector' },
    });
  });
  afterAll(() => tablet?.dispose());

  it('saves the words typed, then neither writes nor syncs, says so, and Reload opens them on the new layout', async () => {
    const { page: old, context: device, server, precached } = tablet;
    expect(precached).toBe(`${server.url}/sw.js`);
    const inspectionId = new URL(old.url()).pathname.split('/')[2];
    const id = await startEvidence(old, 'Practitioner interview');
    await writeNotes(old, 'First words.');
    let upgraded = false;
    const requestsAfter: string[] = [];
    old.on('request', (request) => {
      if (upgraded && new URL(request.url()).pathname.startsWith('/api/'))
        requestsAfter.push(`${request.method()} ${request.url()}`);
    });

    // The last words are still waiting for their autosave when the newer version opens the database.
    const typed = 'First words. Typed as the update lands.';
    await old.getByLabel('Notes', { exact: true }).fill(typed);
    const other = await device.newPage();
    await other.goto(`${server.url}/robots.txt`);
    const upgrade = (await other.evaluate(UPGRADE)) as {
      from: number;
      version: number;
      blocked: boolean;
    };
    upgraded = true;
    const afterUpgrade = await dumpIndexedDb(other);
    // It waited for the old tab (the save), and went ahead: the old tab closed its connection.
    expect(upgrade).toEqual({ from: APP_VERSION, version: NEWER_VERSION, blocked: true });

    const heading = old.getByRole('heading', { level: 1, name: UPDATED });
    await heading.waitFor();
    expect(await old.locator('main').innerText()).toContain(
      'Reload to carry on — your words are kept.',
    );
    expect(await old.getByLabel('Notes', { exact: true }).count()).toBe(0);
    expect(await old.evaluate(() => document.activeElement?.textContent)).toBe(UPDATED);
    // What would start a sync or a save: coming online, the tab shown again, the page hidden.
    await old.evaluate(() => {
      window.dispatchEvent(new Event('online'));
      document.dispatchEvent(new Event('visibilitychange'));
      window.dispatchEvent(new Event('pagehide'));
    });
    await tabletScreenshots(old, 'updated-in-another-tab', async (label) => {
      await expectNoAxeViolations(old, label);
      await expectTouchTargets(old, label);
    });
    // Nothing written after the upgrade, nothing sent or asked of the server.
    expect(await dumpIndexedDb(other)).toEqual(afterUpgrade);
    expect(requestsAfter).toEqual([]);

    // Reload: the app opens on the upgraded database (the store the newer version added is
    // there) with the words typed as the update landed.
    await Promise.all([
      old.waitForEvent('load'),
      old.getByRole('button', { name: 'Reload' }).click(),
    ]);
    await unlock(old, PASSWORD);
    await old.goto(`${server.url}/i/${inspectionId}/evidence/${id}`);
    await unlock(old, PASSWORD);
    const notes = old.getByLabel('Notes', { exact: true });
    await notes.waitFor();
    expect(await notes.inputValue()).toBe(typed);
    expect(await readLayout(other)).toEqual({ version: NEWER_VERSION, probe: true });
  });
});

/** The database's version and whether the newer version's store is there, read without opening a version. */
const readLayout = (page: Page) =>
  page.evaluate(`(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('fieldbook');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const layout = { version: db.version, probe: db.objectStoreNames.contains('probe') };
    db.close();
    return layout;
  })()`);
