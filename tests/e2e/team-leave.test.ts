import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reopenLocked } from '../support/app-flows';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext } from '../support/browser';
import { startEvidence, writeNotes } from '../support/capture-flows';
import { adminApi, apiLogin, goInApp } from '../support/day-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { waitForActivatedServiceWorker } from '../support/pwa';
import { dumpIndexedDb } from '../support/raw-storage';
import { tabletScreenshots } from '../support/screenshots';
import { addInspection, addTeamCast, startServer, type RunningServer } from '../support/server';
import { signInOnWelcome, syncNow } from '../support/sync-flows';
import { expectTouchTargets } from '../support/touch';

// Taken off a team with nothing unsent (S6a). Amy's note is on the server, every word of it
// acknowledged. Next morning she opens it on the tablet, with no signal, to add a line; meanwhile
// the coordinator takes her off the team. The signal comes back as she types: the tablet learns it
// must forget the inspection before the editor has saved her new words. They are not lost: they are
// kept as a refused change she can copy, and the screen she was on says what happened, with no way
// back into an inspection the tablet no longer has.

const PASSWORD = 'a long fieldwork passphrase';
const AREA = 'Moorside Borough';
const WRITTEN = 'Moorside: the health visitor was not invited to the conference.';
const LATE = ' Her next visit is booked for Friday.';
/** The autosave's debounce (useAutosave.ts): her words must not be saved before the tablet forgets. */
const DEBOUNCE_MS = 300;

/**
 * Holds the page's clock just ahead of where it is. The clock runs while the test asks what time it
 * is, and on a loaded machine can pass the time asked for ("Cannot fast-forward to the past", seen
 * once in CI): then it asks again.
 */
const holdClock = async (page: Page): Promise<void> => {
  for (;;) {
    try {
      return await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 5);
    } catch (error) {
      if (!String(error).includes('to the past')) throw error;
    }
  }
};

describe('taken off a team while adding to a note the server already has', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ids = { inspection: '', lena: '', note: '' };

  const reopen = () => reopenLocked(page, PASSWORD);
  /** In both orientations, axe-clean with 44 px targets, and saved for a person to look at. */
  const screenshot = (name: string) =>
    tabletScreenshots(page, `team-leave-${name}`, async (label) => {
      await expectNoAxeViolations(page, label);
      await expectTouchTargets(page, label);
    });

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-team-leave-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addTeamCast(admin);
    ids.inspection = await addInspection(admin, {
      area: AREA,
      starts: '2026-11-23',
      lead: 'lena',
      members: ['amy'],
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    ids.lena = (await apiLogin(server.url, 'lena', PASSWORD)).user.id;

    browser = await launchBrowser();
    context = await newTabletContext(browser);
    // The page's timers, so the autosave can be held while the tablet learns of the removal.
    await context.clock.install();
    page = await context.newPage();
    await signInOnWelcome(page, server.url, 'amy', PASSWORD);
    expect(await waitForActivatedServiceWorker(page)).toBe(`${server.url}/sw.js`);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('[S6a] her words typed as the tablet forgets the inspection are kept as refused, and the note screen says what happened', async () => {
    await goInApp(page, `/i/${ids.inspection}`);
    ids.note = await startEvidence(page, 'Case-tracking note');
    await writeNotes(page, WRITTEN);
    await syncNow(page); // every word on the server and acknowledged: nothing waits
    expect(((await dumpIndexedDb(page))?.outbox ?? []).length).toBe(0);

    // Next morning, no signal; the tablet opens on her note. Meanwhile she is taken off the team.
    await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
    await reopen();
    await page.getByRole('heading', { level: 1, name: 'Case-tracking note' }).waitFor();
    const { token } = await apiLogin(server.url, 'cora', PASSWORD);
    await adminApi(server.url, token, 'PUT', `/api/admin/inspections/${ids.inspection}/team`, {
      members: [{ userId: ids.lena, role: 'lead' }],
    });

    // The signal comes back (the `online` event starts the sync, S7); its first answer, which
    // teams she is on, arrives as she types, with the page's clock held so the editor cannot
    // save her words before the tablet has acted on it.
    let answer = () => {};
    const held = new Promise<void>((resolve) => (answer = resolve));
    let asked = () => {};
    const askedMe = new Promise<void>((resolve) => (asked = resolve));
    await context.route('**/api/me', async (route) => {
      asked();
      await held;
      await route.continue();
    });
    await context.unroute('**/api/**');
    await context.setOffline(false);
    await askedMe;
    await page.getByLabel('Notes', { exact: true }).focus();
    await page.keyboard.press('Control+End');
    await holdClock(page);
    await page.keyboard.type(LATE);
    answer();
    // The clock moves only a millisecond at a time, and only as far as the debounce allows.
    let advanced = 0;
    while ((await page.locator('#evidence-text').count()) > 0) {
      expect(advanced, 'the editor closed before its debounce ran').toBeLessThan(DEBOUNCE_MS - 50);
      await page.clock.runFor(1);
      advanced += 1;
      await page.waitForTimeout(20);
    }
    await page.clock.resume();

    // The note's screen says what happened and where her words are; no way into the inspection.
    const main = page.locator('main');
    await page
      .getByRole('heading', { level: 1, name: 'This note is no longer on this device' })
      .waitFor();
    expect(await main.innerText()).toContain(`You are no longer on the team of the ${AREA}`);
    await main.getByRole('link', { name: 'See the change the server refused' }).waitFor();
    await main.getByRole('link', { name: 'Go to your inspections' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main menu' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Inspections']);
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((href) => href.includes(ids.inspection))).toEqual([]);
    // The banner counts her words among what could not be sent.
    await expect
      .poll(() => page.getByTestId('device-notice').innerText())
      .toContain('1 change you had not sent could not go to the server');
    await screenshot('note-after-removal');

    // Her words are kept as one refused change, never sent, and are there after a reload.
    const outbox = ((await dumpIndexedDb(page))?.outbox ?? []) as Record<string, unknown>[];
    expect(outbox.map((op) => [op.entityId, op.state, op.reason])).toEqual([
      [ids.note, 'rejected', 'forbidden'],
    ]);
    await reopen();
    await goInApp(page, '/refused');
    const card = page.getByTestId('refused-change');
    await expect.poll(() => card.allInnerTexts()).toHaveLength(1);
    const text = await card.innerText();
    expect(text).toContain(`${WRITTEN}${LATE}`);
    expect(text).toMatch(/^Case-tracking note, \d+ \w+ \d{4}, \d\d:\d\d\n/);
    expect(await card.getByTestId('refused-reason').innerText()).toContain('taken off its team');
    await screenshot('refused-after-removal');
  });
});
