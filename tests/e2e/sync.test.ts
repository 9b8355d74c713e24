import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext } from '../support/browser';
import {
  addChildCase,
  openFromMenu,
  signedInAs,
  startEvidence,
  writeNotes,
} from '../support/capture-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { startServer, addInspection, addUser } from '../support/server';
import { expectTouchTargets } from '../support/touch';
import type { RunningServer } from '../support/server';
import {
  ALL_SENT,
  SYNCED_AT,
  signInOnWelcome,
  syncNow,
  syncState,
  syncText,
  unsentCount,
} from '../support/sync-flows';

// Issue 3, "What it must show", end to end: two inspectors on two tablets (two browser contexts:
// two devices with their own storage) edit the same child's case while the server is stopped;
// when it is back and both sync, different fields merge, the same field keeps both values with
// who wrote each and when until one of them keeps a value, and the other tablet follows.

const AREA = 'Westshire County Council';
const PASSWORD = 'a long fieldwork passphrase';
const AMY = { username: 'amy', name: 'Amy Inspector' };
const BEN = { username: 'ben', name: 'Ben Inspector' };
const CASE_REF = '100234';

type Device = { context: BrowserContext; page: Page };

/** A case page's conflict card for one field ("Initials"), as the inspector reads it. */
const conflictRows = (page: Page, fieldLabel: string) =>
  page
    .locator('.govuk-summary-card')
    .filter({ has: page.getByRole('heading', { level: 3, name: fieldLabel, exact: true }) })
    .locator('.govuk-summary-list__row')
    .evaluateAll((rows) =>
      rows.map((row) => ({
        who: row.querySelector('dt')?.textContent?.trim() ?? '',
        value: row.querySelector('.govuk-summary-list__value')?.textContent?.trim() ?? '',
      })),
    );

const CONFLICT_HEADING = 'Two people changed this at the same time';

const openCase = async (page: Page) => {
  await openFromMenu(page, 'Child cases', 'Child cases');
  // From the list's table: once two people change the case, the list also names it above.
  await page
    .getByRole('table')
    .getByRole('link', { name: new RegExp(`^${CASE_REF}`) })
    .click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${CASE_REF}`) }).waitFor();
};

const caseSaved = (page: Page) =>
  page
    .getByTestId('case-save-status')
    .filter({ hasText: /^Saved at \d\d:\d\d:\d\d$/ })
    .waitFor();

describe('sync: two inspectors edit the same child case offline and merge (issue 3)', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let amy: Device;
  let ben: Device;

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-sync-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addUser(admin, {
      username: 'lena',
      name: 'Lena Lead',
      inspectorate: 'ofsted',
      admin: true,
    });
    for (const [user, inspectorate] of [
      [AMY, 'ofsted'],
      [BEN, 'cqc'],
    ] as const) {
      await addUser(admin, { ...user, inspectorate });
    }
    await addInspection(admin, {
      area: AREA,
      starts: '2026-11-16',
      lead: 'lena',
      members: ['amy', 'ben'],
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
    const device = async (): Promise<Device> => {
      const context = await newTabletContext(browser);
      return { context, page: await context.newPage() };
    };
    amy = await device();
    ben = await device();
  });

  afterAll(async () => {
    await amy?.context.close();
    await ben?.context.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('signs both inspectors in on their own tablets; both see the inspection', async () => {
    for (const [device, user] of [
      [amy, AMY],
      [ben, BEN],
    ] as const) {
      await signInOnWelcome(device.page, server.url, user.username, PASSWORD);
      const link = device.page.getByRole('link', { name: new RegExp(`^${AREA}`) });
      await link.click();
      await device.page.getByRole('heading', { level: 1, name: AREA }).waitFor();
      await signedInAs(device.page, user.name).waitFor({ state: 'attached' });
    }
  });

  it('a case Amy adds reaches Ben; both show "Synced at HH:MM" and nothing left to send', async () => {
    await addChildCase(amy.page, { caseRef: CASE_REF, initials: 'JS', ageBand: '5 to 9' });
    await expect.poll(() => unsentCount(amy.page).innerText()).toMatch(/not yet on the server/);
    const states = await syncNow(amy.page);
    // The press shows progress: "Syncing" with what it is doing, then the time it finished.
    expect(states.some((s) => /^Syncing: (Sending your changes|Receiving the team)/.test(s))).toBe(
      true,
    );
    expect(await syncState(amy.page).innerText()).toBe('Online');
    expect(await syncText(amy.page).innerText()).toMatch(SYNCED_AT);
    expect(await unsentCount(amy.page).innerText()).toBe(ALL_SENT);

    await syncNow(ben.page);
    await openCase(ben.page);
    expect(await ben.page.getByTestId('case-summary').innerText()).toContain('aged 5 to 9');
    // The pulled case was sealed off the screens' thread, in the sealing worker (db/seal-worker.ts),
    // not by the fallback on the page's own thread that a worker failing to start would leave.
    expect(ben.page.workers().map((w) => new URL(w.url()).pathname)).toContainEqual(
      expect.stringMatching(/^\/assets\/seal-worker-[\w-]+\.js$/),
    );
    await openCase(amy.page);
  });

  it('merges offline edits: different fields silently, the same field as a conflict with both values', async () => {
    await server.stop();
    // Nobody has touched either tablet yet: the event stream dropping is news enough that the
    // server is gone, and the bar says so at once rather than "Online" until the next trigger.
    for (const { page } of [amy, ben]) {
      await syncState(page).filter({ hasText: 'Offline' }).waitFor({ timeout: 10_000 });
    }

    // Amy: initials and age band. Ben: initials and status. Each also records evidence.
    await amy.page.getByLabel('Initials (optional)').fill('JA');
    await amy.page.getByLabel('Age band').selectOption({ label: '10 to 15' });
    await caseSaved(amy.page);
    await startEvidence(amy.page, 'Case-tracking note');
    await writeNotes(amy.page, 'Amy read the case record: the plan is reviewed monthly.');

    await openCase(ben.page);
    await ben.page.getByLabel('Initials (optional)').fill('JB');
    await ben.page.getByLabel('Current status').selectOption({ label: 'Child in need' });
    await caseSaved(ben.page);
    await startEvidence(ben.page, 'Practitioner interview');
    await writeNotes(ben.page, 'Ben met the health visitor: contacts are weekly.');

    // Offline, the work waits on each tablet, counted.
    for (const { page } of [amy, ben]) {
      await expect.poll(() => unsentCount(page).innerText()).toMatch(/^\d+ changes? not yet on/);
      await syncState(page).filter({ hasText: 'Offline' }).waitFor();
    }

    await server.restart();
    await syncNow(amy.page);
    await syncNow(ben.page);
    // Amy pulls what Ben pushed after her sync.
    await syncNow(amy.page);

    for (const [device, own, other] of [
      [amy, 'Amy read the case record', 'Ben met the health visitor'],
      [ben, 'Ben met the health visitor', 'Amy read the case record'],
    ] as const) {
      const { page } = device;
      expect(await unsentCount(page).innerText()).toBe(ALL_SENT);
      await openFromMenu(page, 'Evidence', 'Evidence');
      const results = page.getByRole('list', { name: 'Results' });
      await expect.poll(() => results.innerText()).toContain(own);
      expect(await results.innerText()).toContain(other);

      await openCase(page);
      // Unrelated fields merged: Amy's age band and Ben's status, on both tablets.
      await expect
        .poll(() => page.getByTestId('case-summary').innerText())
        .toMatch(/Child in need · aged 10 to 15/);
      await page.getByRole('heading', { name: CONFLICT_HEADING }).waitFor();
      // Both values, each saying who wrote it and when: the current one from the server's
      // history of the record (looked up online), the other from the conflict itself.
      // "sent 30 Nov 2026, 09:14", or "written 30 Nov 2026, 09:14, sent 09:20" when the edit was
      // made offline a minute or more before it reached the server (its UUIDv7 op id, S1).
      const when = `\\d{1,2} \\w{3} \\d{4}(,| at) \\d\\d:\\d\\d`;
      const byline = (name: string) =>
        new RegExp(`${name}, (sent ${when}|written ${when}, sent (${when}|\\d\\d:\\d\\d))`);
      // The current value's author comes from the server's history, fetched after the card shows:
      // wait for that lookup to finish, not just for the card.
      await expect
        .poll(async () => (await conflictRows(page, 'Initials'))[0]?.who)
        .toMatch(/^Current value – (?!looking up)/);
      const rows = await conflictRows(page, 'Initials');
      expect(rows).toHaveLength(2);
      expect(rows.map((r) => r.value).sort()).toEqual(['JA', 'JB']);
      const [current, competing] = rows;
      expect(current?.who).toMatch(byline(current?.value === 'JA' ? AMY.name : BEN.name));
      expect(competing?.who).toMatch(byline(competing?.value === 'JA' ? AMY.name : BEN.name));
    }
    // The conflict card is a screen inspectors must be able to use too (DESIGN.md §6).
    await expectNoAxeViolations(amy.page, 'a case page with a conflict');
    await expectTouchTargets(amy.page, 'a case page with a conflict');
  });

  it('one resolves the conflict; after the other syncs, both show that value and no conflict', async () => {
    const { page } = amy;
    // Amy keeps Ben's initials, whichever of the two is current.
    const rows = await conflictRows(page, 'Initials');
    const bensRow = rows.findIndex((r) => r.value === 'JB');
    expect(bensRow).toBeGreaterThanOrEqual(0);
    await page
      .locator('.govuk-summary-card')
      .filter({ has: page.getByRole('heading', { level: 3, name: 'Initials', exact: true }) })
      .locator('.govuk-summary-list__row')
      .nth(bensRow)
      .getByRole('button', { name: /^Keep this value/ })
      .click();
    await page.getByRole('heading', { name: CONFLICT_HEADING }).waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: `${CASE_REF} (JB)` }).waitFor();
    await syncNow(page);

    await syncNow(ben.page);
    await ben.page.getByRole('heading', { level: 1, name: `${CASE_REF} (JB)` }).waitFor();
    await ben.page.getByRole('heading', { name: CONFLICT_HEADING }).waitFor({ state: 'detached' });
    expect(await ben.page.getByLabel('Initials (optional)').inputValue()).toBe('JB');
    expect(await ben.page.getByTestId('case-summary').innerText()).toMatch(
      /Child in need · aged 10 to 15/,
    );
    expect(await unsentCount(ben.page).innerText()).toBe(ALL_SENT);
  });

  it("online, a teammate's new evidence appears on the other tablet without pressing Sync now", async () => {
    await openFromMenu(amy.page, 'Evidence', 'Evidence');
    const results = amy.page.getByRole('list', { name: 'Results' });
    const text = 'Ben observed the strategy meeting: police attended.';
    await startEvidence(ben.page, 'Meeting with managers or leaders');
    await writeNotes(ben.page, text);
    // Ben's tablet sends it shortly after the write; the server hints Amy's tablet to pull.
    await expect.poll(() => results.innerText(), { timeout: 20_000 }).toContain(text);
    await unsentCount(ben.page).filter({ hasText: ALL_SENT }).waitFor();
  });
});
