import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passGate, setUpInspectionOnDevice, unlock } from '../support/app-flows';
import { launchBrowser, newTabletContext } from '../support/browser';
import {
  addChildCase,
  addJourneyStage,
  addShadowingLines,
  journeyItems,
  openFromMenu,
  saveStatus,
  startEvidence,
  writeNotes,
} from '../support/capture-flows';
import { copyDist, copyDistAsNewVersion } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { controllerScript, waitForActivatedServiceWorker } from '../support/pwa';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';

// Issue 2, "What it must show": an inspector records every kind of evidence, a child's journey and
// a safeguarding concern; with the server stopped (the only real offline: a service worker's own
// fetches ignore Playwright's setOffline) the app opens, unlocks and shows all of it; words typed
// just before a reload survive; and a new version never reloads the page until the user agrees.

/** One of each kind of DESIGN.md §4.1, with words an inspector might write (no names). */
const NOTES = [
  ['Practitioner interview', 'Allocated social worker explained the safety plan for child 100234.'],
  ['Case-tracking note', 'Case record shows the assessment was completed within 45 working days.'],
  [
    'Conversation with a child or young person',
    'Young person said they feel listened to at reviews.',
  ],
  [
    'Conversation with a parent, carer, adopter or birth family',
    'Foster carer described delays in getting therapeutic support.',
  ],
  ['Conversation with a care leaver', 'Care leaver has a personal adviser and a pathway plan.'],
  ['Meeting with managers or leaders', 'Head of service described the MASH restructure.'],
  ['Focus group', 'Focus group of health visitors: thresholds are understood.'],
  ['Document or performance data review', 'Performance data shows re-referrals rising this year.'],
] as const;
const SHADOWING = 'Shadowing observation';
const LINES = [
  'Arrived for the home visit with the social worker',
  'Worker saw the child alone in their bedroom',
  'Worker agreed next steps with the parent',
] as const;

const CASE_REF = 'LAC-0457';
/** Added out of date order; the timeline must show them by date. */
const STAGES = [
  { label: 'Assessment', date: '2026-02-10' },
  { label: 'Strategy discussion', date: '2026-03-02' },
  { label: 'Referral', date: '2026-01-20' },
] as const;
const STAGES_BY_DATE = ['Referral', 'Assessment', 'Strategy discussion'];
const CONCERN = 'Child seen with an unexplained bruise during the home visit.';

const pathOf = (page: Page) => new URL(page.url()).pathname;

describe('capture: a day of evidence on a tablet with no connection (issue 2)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let inspectionId = '';
  let dist: string | undefined;
  let updatedDist: string | undefined;
  let updatedServer: RunningServer | undefined;

  beforeAll(async () => {
    assertDistBuilt();
    dist = copyDist();
    server = await startServer({ env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
    context = await newTabletContext(browser);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await updatedServer?.dispose();
    await server?.dispose();
    for (const dir of [dist, updatedDist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records one of each of the nine kinds of evidence, shadowing as three timestamped lines', async () => {
    inspectionId = await setUpInspectionOnDevice(page, server.url);
    // The precache must be complete before the server goes away in the next test.
    expect(await waitForActivatedServiceWorker(page)).toBe(`${server.url}/sw.js`);

    for (const [kind, text] of NOTES) {
      await startEvidence(page, kind);
      await writeNotes(page, text);
    }

    await startEvidence(page, SHADOWING);
    await addShadowingLines(page, LINES);
    const items = page.getByRole('list', { name: 'Observation lines' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(3);
    for (const [i, line] of LINES.entries()) {
      await expect.poll(() => items.nth(i).innerText()).toContain(line);
      // Each line carries the time it was added, as HH:MM:SS and a machine-readable instant.
      const time = items.nth(i).locator('time');
      expect(await time.innerText()).toMatch(/^\d\d:\d\d:\d\d$/);
      expect(Date.parse((await time.getAttribute('datetime')) ?? '')).not.toBeNaN();
    }

    await openFromMenu(page, 'Evidence', 'Evidence');
    await expect
      .poll(() => page.getByTestId('evidence-count').innerText())
      .toBe('9 pieces of evidence');
  });

  it('records a child case whose three journey stages, added out of order, show in date order', async () => {
    await addChildCase(page, { caseRef: CASE_REF, initials: 'JS', ageBand: '10 to 15' });
    for (const stage of STAGES) await addJourneyStage(page, stage);
    await expect
      .poll(() => journeyItems(page).locator('h4').allInnerTexts())
      .toEqual(STAGES_BY_DATE);
    const dates = await journeyItems(page)
      .locator('time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(dates).toEqual(['2026-01-20', '2026-02-10', '2026-03-02']);
  });

  it('raises a safeguarding concern: told to phone the referral through now, then records to whom and when', async () => {
    await openFromMenu(page, 'Safeguarding', 'Safeguarding concerns');
    await page.getByRole('link', { name: 'Raise a safeguarding concern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Raise a safeguarding concern' }).waitFor();
    await page.getByLabel('What is the concern?').fill(CONCERN);
    await page.getByLabel('Child case (optional)').selectOption({ label: `${CASE_REF} (JS)` });
    await page.getByRole('button', { name: 'Save the concern' }).click();
    await page.getByRole('heading', { level: 1, name: /^Safeguarding concern/ }).waitFor();

    const phone = page.getByRole('alert').filter({ hasText: 'Phone the referral through now' });
    await expect
      .poll(() => phone.innerText())
      .toContain('Phone the referral through now — this cannot wait for sync');

    await page.getByLabel("Children's social care", { exact: true }).check();
    await page.getByRole('button', { name: 'Record the referral' }).click();
    const referred = page.getByText(/^Referred to Children's social care at \d/);
    await referred.waitFor();
    // Referred: the alert has done its job and goes.
    await phone.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('h1 .govuk-tag').innerText()).toBe('Referred');
  });

  it('with the server stopped, reloads, unlocks with the password and shows everything', async () => {
    await server.stop();
    await page.reload();
    // The service worker serves the shell; every load starts locked.
    await page.getByRole('heading', { name: 'Fieldbook is locked' }).waitFor();
    expect(await controllerScript(page)).toBe(`${server.url}/sw.js`);
    await unlock(page);

    await openFromMenu(page, 'Evidence', 'Evidence');
    await expect
      .poll(() => page.getByTestId('evidence-count').innerText())
      .toBe('9 pieces of evidence');
    const results = page.getByRole('list', { name: 'Results' }).getByRole('listitem');
    const shown = await results.evaluateAll((els) =>
      els.map((li) => ({
        kind: li.querySelector('h3 a')?.firstChild?.textContent?.trim() ?? '',
        snippet: li.querySelector('.fb-result__snippet')?.textContent ?? '',
      })),
    );
    const byKind = new Map(shown.map((s) => [s.kind, s.snippet]));
    for (const [kind, text] of NOTES) expect(byKind.get(kind), kind).toBe(text);
    expect(byKind.get(SHADOWING), SHADOWING).toBe(LINES.join(' · '));

    await openFromMenu(page, 'Child cases', 'Child cases');
    await page.getByRole('link', { name: new RegExp(CASE_REF) }).click();
    await page.getByRole('heading', { level: 1, name: `${CASE_REF} (JS)` }).waitFor();
    await expect
      .poll(() => journeyItems(page).locator('h4').allInnerTexts())
      .toEqual(STAGES_BY_DATE);
    expect(await page.getByTestId('case-summary').innerText()).toContain('aged 10 to 15');

    await openFromMenu(page, 'Safeguarding', 'Safeguarding concerns');
    const concerns = page.getByTestId('concerns');
    await expect.poll(() => concerns.innerText()).toContain(CONCERN);
    expect(await concerns.innerText()).toMatch(/To Children's social care, \d/);
    expect(await concerns.innerText()).toContain(`Child case ${CASE_REF}`);
  });

  it('keeps a sentence typed into a new note when the page reloads mid-sentence, offline', async () => {
    const id = await startEvidence(page, 'Practitioner interview');
    const notes = page.getByLabel('Notes', { exact: true });
    // Keystroke by keystroke, no full stop, no blur, no button: the autosave alone stores it
    // (issue 2: at most ~300 ms after the last keystroke).
    const sentence = 'Team manager said supervision happens monthly but';
    await notes.pressSequentially(sentence);
    await saveStatus(page)
      .filter({ hasText: /^Saved at / })
      .waitFor();
    expect(await notes.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Fieldbook is locked' }).waitFor();
    await unlock(page);
    expect(pathOf(page)).toBe(`/i/${inspectionId}/evidence/${id}`);
    await expect.poll(() => notes.inputValue()).toBe(sentence);

    // Reloaded inside the 300 ms window itself: what was stored stays whole. (The last words may
    // be lost: the flush on pagehide cannot finish an encrypted write before the page goes.)
    const tail = ' not always recorded';
    await notes.pressSequentially(tail);
    await page.reload();
    await page.getByRole('heading', { name: 'Fieldbook is locked' }).waitFor();
    await unlock(page);
    await page.getByRole('heading', { level: 1, name: 'Practitioner interview' }).waitFor();
    expect([sentence, sentence + tail]).toContain(await notes.inputValue());
  });

  it('offers an update while a draft is open and reloads only when the user agrees', async () => {
    const notes = page.getByLabel('Notes', { exact: true });
    const draftText = await notes.inputValue();
    expect(draftText).not.toBe('');
    await page.evaluate(() => {
      (window as unknown as { __marker: string }).__marker = 'before-update';
    });

    // The coordinator ships a new version: the same origin now serves a changed precache.
    updatedDist = copyDistAsNewVersion(dist ?? '', 'update-test-v2');
    updatedServer = await startServer({
      port: server.port,
      dataDir: server.dataDir,
      env: { STATIC_DIR: updatedDist },
    });
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    const banner = page.getByRole('region', { name: 'Update available' });
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.innerText()).toContain('You have a form open');

    // The new worker waits for the user's word; the old one still serves this page.
    expect(
      await page.evaluate(() =>
        navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state ?? null),
      ),
    ).toBe('installed');
    // Nothing reloaded: the same document, the draft still on screen.
    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe(
      'before-update',
    );
    expect(await notes.inputValue()).toBe(draftText);
    expect(await page.locator('meta[name="fieldbook-build"]').count()).toBe(0);

    await Promise.all([
      page.waitForEvent('load'),
      banner.getByRole('button', { name: 'Reload and update' }).click(),
    ]);
    // The new version's shell, from the new precache, and a new document (locked, as every load is).
    await page.locator('meta[name="fieldbook-build"][content="update-test-v2"]').waitFor({
      state: 'attached',
    });
    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe(
      undefined,
    );
    await passGate(page);
    await expect.poll(() => notes.inputValue()).toBe(draftText);
    await expect.poll(() => page.getByRole('region', { name: 'Update available' }).count()).toBe(0);
  });
});
