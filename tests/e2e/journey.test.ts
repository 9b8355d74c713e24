import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext, TABLET_VIEWPORTS } from '../support/browser';
import { addChildCase, fillDateInput, journeyItems, openFromMenu } from '../support/capture-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { downloadText } from '../support/raw-storage';
import { startServer, type RunningServer, addInspection, addUser } from '../support/server';
import { expectTouchTargets } from '../support/touch';
import { ALL_SENT, signInOnWelcome, syncNow, unsentCount } from '../support/sync-flows';

// Issue 12, "What it must show", end to end: an inspector reads a tracked child's record and adds
// the journey — a strategy discussion, an initial conference 23 working days later, a placement
// out of the area — and syncs (schema version 2 on the wire). The case page flags both; the lead,
// on another tablet, sees them counted on the Journeys screen, cites the figure in a judgement,
// and the record's print, JSON and journeys CSV carry them. axe and 44 px targets on the new
// screens at 768 px, with no sideways scroll, in both orientations.

const AREA = 'Westfold Borough Council';
const PASSWORD = 'a long fieldwork passphrase';
const LEAD = { username: 'lara', name: 'Lara Lead' };
const INSPECTOR = { username: 'ivan', name: 'Ivan Inspector' };
const CASE_REF = 'WB-100234';
const LATE =
  'Initial conference 23 working days after the strategy discussion; the guidance says 15';
const FIGURE = "1 of 1 tracked children's initial conferences were late";
/** Set to a directory to keep screenshots of the new screens in both orientations. */
const SHOTS = process.env.JOURNEY_SCREENSHOTS;

type Device = { context: BrowserContext; page: Page };

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe("the child's journey, measured (issue 12)", () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let inspector: Device;
  let lead: Device;
  let caseId = '';

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-journey-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addUser(admin, { ...LEAD, inspectorate: 'ofsted' });
    await addUser(admin, { ...INSPECTOR, inspectorate: 'cqc' });
    // Fieldwork from 23 November 2026; the stages below are all before it.
    await addInspection(admin, {
      area: AREA,
      starts: '2026-11-23',
      lead: LEAD.username,
      members: [INSPECTOR.username],
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
    const device = async (): Promise<Device> => {
      const context = await newTabletContext(browser);
      return { context, page: await context.newPage() };
    };
    inspector = await device();
    lead = await device();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await inspector?.context.close();
    await lead?.context.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const openInspection = async (page: Page) => {
    await page.getByRole('link', { name: new RegExp(`^${AREA}`) }).click();
    await page.getByRole('heading', { level: 1, name: AREA }).waitFor();
  };

  /** Stage, date and (for a placement) where it is, through the case page's own form. */
  const addStage = async (page: Page, label: string, date: string, outOfArea = false) => {
    const before = await journeyItems(page).count();
    await page.getByLabel('Stage', { exact: true }).selectOption({ label });
    await fillDateInput(page, 'Date', date);
    if (outOfArea) await page.getByLabel('Out of the area', { exact: true }).check();
    await page.getByRole('button', { name: 'Add stage' }).click();
    await expect.poll(() => journeyItems(page).count()).toBe(before + 1);
  };

  /** axe, 44 px targets and no sideways scroll in both orientations; screenshots if asked. */
  const checkScreen = async (page: Page, label: string) => {
    for (const orientation of ['portrait', 'landscape'] as const) {
      await page.setViewportSize(TABLET_VIEWPORTS[orientation]);
      const where = `${label} (${orientation})`;
      await expectNoAxeViolations(page, where);
      await expectTouchTargets(page, where);
      expect(await noSidewaysScroll(page), `${where} scrolls sideways`).toBe(true);
      if (SHOTS) {
        const { width, height } = TABLET_VIEWPORTS[orientation];
        await page.screenshot({
          path: join(SHOTS, `${label.replace(/\W+/g, '-')}-${width}x${height}.png`),
          fullPage: true,
        });
        // The top of the page at a size the eye can read (the full page can be very tall).
        await page.screenshot({
          path: join(SHOTS, `${label.replace(/\W+/g, '-')}-${width}x${height}-top.png`),
          fullPage: true,
          clip: { x: 0, y: 0, width, height: 1400 },
        });
      }
    }
    await page.setViewportSize(TABLET_VIEWPORTS.portrait);
  };

  it('the inspector records the journey; the case page flags the late conference and the out-of-area placement', async () => {
    const { page } = inspector;
    await signInOnWelcome(page, server.url, INSPECTOR.username, PASSWORD);
    await openInspection(page);
    caseId = await addChildCase(page, { caseRef: CASE_REF, status: 'Child protection plan' });
    // Thu 1 Oct → Tue 3 Nov 2026: 2 Oct (1), 5–9 (6), 12–16 (11), 19–23 (16), 26–30 (21), 2–3 Nov (23)
    await addStage(page, 'Strategy discussion', '2026-10-01');
    await addStage(page, 'Child protection conference', '2026-11-03');
    await addStage(page, 'Placement', '2026-11-05', true);

    const flags = page.getByTestId('journey-flags');
    await expect
      .poll(() => flags.getByTestId('journey-flag-late').innerText())
      .toBe(`Late ${LATE}`);
    expect(await flags.getByTestId('journey-flag-out-of-area').innerText()).toBe(
      'Out of area Placed out of the area on 5 November 2026',
    );
    const conference = journeyItems(page).filter({ hasText: 'Child protection conference' });
    expect(await conference.getByTestId('journey-measure').innerText()).toContain(
      '23 working days after the strategy discussion',
    );
    await checkScreen(page, 'case page');

    // Schema version 2 on the wire: the new field is accepted, nothing is refused.
    await syncNow(page);
    expect(await unsentCount(page).innerText()).toBe(ALL_SENT);
  });

  it("the lead's Journeys screen counts them, each late step a link to the child", async () => {
    const { page } = lead;
    await signInOnWelcome(page, server.url, LEAD.username, PASSWORD);
    await openInspection(page);
    await syncNow(page);
    await openFromMenu(page, 'Journeys', "Children's journeys");

    const row = page.getByTestId('steps-cp-initial-conference');
    await expect
      .poll(() => row.locator('td').allInnerTexts())
      .toEqual(['1', '23 working days', '1']);
    const late = page.getByTestId('late-cp-initial-conference');
    expect(await late.innerText()).toContain(`Late: ${LATE}`);
    expect(await late.getByRole('link', { name: CASE_REF }).getAttribute('href')).toMatch(
      new RegExp(`/cases/${caseId}$`),
    );
    expect(await page.getByTestId('out-of-area-figure').innerText()).toBe(
      '1 of 1 tracked children were placed out of the area.',
    );
    await page.getByTestId('out-of-area-children').getByRole('link', { name: CASE_REF }).waitFor();
    await checkScreen(page, 'journeys screen');

    await late.getByRole('link', { name: CASE_REF }).click();
    await page.getByRole('heading', { level: 1, name: CASE_REF }).waitFor();
    await page.getByTestId('journey-flag-out-of-area').waitFor();
  });

  it('the lead cites the figure in a judgement; it syncs as cited', async () => {
    const { page } = lead;
    await openFromMenu(page, 'Judgements', 'Judgements');
    await page
      .getByRole('link', { name: 'The effectiveness of help and protection', exact: true })
      .click();
    await page.getByLabel(FIGURE, { exact: true }).check();
    await page.getByRole('button', { name: 'Cite this figure' }).click();
    await page.getByTestId('cited-figures').getByText(FIGURE, { exact: true }).waitFor();
    await page
      .getByTestId('judgement-save-status')
      .filter({ hasText: /^Saved at \d\d:\d\d:\d\d$/ })
      .waitFor();
    await checkScreen(page, 'judgement with a cited figure');
    await syncNow(page);
    expect(await unsentCount(page).innerText()).toBe(ALL_SENT);
  });

  it('the record holds both flags: the printed document, the JSON and the journeys CSV', async () => {
    const { page } = lead;
    await openFromMenu(page, 'Export', 'Inspection record');
    const part = page.getByTestId('record-journeys');
    await expect.poll(() => part.innerText()).toContain(`${CASE_REF}: ${LATE}`);
    expect(await page.getByTestId('record-out-of-area').innerText()).toBe(
      `1 of 1 tracked children were placed out of the area: ${CASE_REF}.`,
    );
    expect(await page.getByTestId('record-judgement-help-and-protection').innerText()).toContain(
      FIGURE,
    );

    const [jsonDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the record (JSON)' }).click(),
    ]);
    const record = JSON.parse(await downloadText(jsonDownload)) as {
      journeys: {
        steps: { timescaleId: string; late: number; lateSteps: { text: string }[] }[];
        outOfArea: { cases: { caseRef: string }[] };
      };
      rows: { entity: string; fields: Record<string, unknown> }[];
    };
    const step = record.journeys.steps.find((s) => s.timescaleId === 'cp-initial-conference');
    expect(step?.late).toBe(1);
    expect(step?.lateSteps.map((s) => s.text)).toEqual([LATE]);
    expect(record.journeys.outOfArea.cases.map((c) => c.caseRef)).toEqual([CASE_REF]);
    const placement = record.rows.find(
      (r) => r.entity === 'journeyEvent' && r.fields.stage === 'placement',
    );
    expect(placement?.fields.outOfArea).toBe(true);
    const draft = record.rows.find((r) => r.entity === 'judgementDraft');
    expect(draft?.fields.figures).toEqual([
      expect.objectContaining({ text: FIGURE, count: 1, of: 1 }),
    ]);

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download journeys (CSV)' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(
      /^fieldbook-westfold-borough-council-\d{4}-\d\d-\d\d-journeys\.csv$/,
    );
    const lines = (await downloadText(csvDownload)).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines).toContain(
      `${CASE_REF},Tracked,yes,Initial conference,2026-10-01,2026-11-03,23 working days,2026-10-22,late,${LATE}`,
    );
  });
});
