import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newTabletContext, TABLET_VIEWPORTS } from '../support/browser';
import {
  addChildCase,
  addJourneyStage,
  fillDateInput,
  journeyItems,
  openFromMenu,
  writeNotes,
} from '../support/capture-flows';
import { apiLogin, goInApp, pullAll, syncFails } from '../support/day-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { addInspection, addUser, startServer, type RunningServer } from '../support/server';
import { signInOnWelcome, syncNow } from '../support/sync-flows';

// Two inspectors on one child's case, offline at once, as on a real inspection (S5, S5a, S8).
// Amir changes the case's status in two sittings, adds journey stages, adds a note to one stage
// and corrects another. Bea, on her own tablet, changes the case's agencies, takes it on, sets its
// status to something else, adds a stage and a case-tracking note, corrects the date of the stage
// Amir annotates and deletes the one he corrects. Back online, in either order: different fields
// (of the case and of one stage) merge without a word; the one real conflict (status) shows both
// values and who set them, on every tablet and flagged in the list of cases; the lead resolves it
// and it is gone everywhere; the deleted stage stays, saying so, until someone decides.

const PASSWORD = 'a long fieldwork passphrase';
const LEAD = { username: 'lara', name: 'Lara Lead' };
const AMIR = { username: 'amir', name: 'Amir Inspector' };
const BEA = { username: 'bea', name: 'Bea Inspector' };
const CASE_REF = 'HB-204417';
const CONFLICT_HEADING = 'Two people changed this at the same time';
const TRACKING_NOTE = 'Case record: the strategy discussion had no health representative.';
const CONTACT_NOTE = 'Contact came from the school nurse, not the GP.';
const EARLY_HELP_NOTE = 'Family support worker allocated within a week.';
/** Set to a directory to keep screenshots of the case page and the list in both orientations. */
const SHOTS = process.env.CASE_SCREENSHOTS;

type Device = { context: BrowserContext; page: Page };

/** The conflict cards on a page, by their titles. */
const conflictTitles = (page: Page) => page.locator('.govuk-summary-card__title').allInnerTexts();

const conflictCard = (page: Page, title: string): Locator =>
  page
    .locator('.govuk-summary-card')
    .filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) });

/** The stages of the child's journey as the timeline reads them, top to bottom. */
const stagesShown = (page: Page) =>
  journeyItems(page).evaluateAll((items) =>
    items.map((item) => {
      const title = item.querySelector('.moj-timeline__title')?.textContent ?? '';
      return `${title} ${item.querySelector('time')?.getAttribute('datetime') ?? ''}`;
    }),
  );

/** What the case details form shows of the fields the two changed apart. */
const detailsShown = async (page: Page) => ({
  status: await page.getByLabel('Current status').locator('option:checked').innerText(),
  assigned: await page.getByLabel('Assigned inspector').locator('option:checked').innerText(),
  outOfArea: await page.getByLabel('Yes, out of area', { exact: true }).isChecked(),
  agencies: await page
    .locator('#case-agencies input:checked')
    .evaluateAll((boxes) => boxes.map((b) => b.getAttribute('value'))),
});

const saved = (page: Page) =>
  page
    .getByTestId('case-save-status')
    .filter({ hasText: /^Saved at \d\d:\d\d:\d\d$/ })
    .waitFor();

const stage = (page: Page, title: string) =>
  journeyItems(page).filter({
    has: page.getByRole('heading', { level: 4, name: title, exact: true }),
  });

/** "Change" on one stage, then the edit, then "Save changes". */
const changeStage = async (page: Page, title: string, edit: (item: Locator) => Promise<void>) => {
  const item = stage(page, title);
  await item.getByRole('button', { name: /^Change/ }).click();
  await edit(item);
  await item.getByRole('button', { name: 'Save changes' }).click();
  await item.getByRole('button', { name: /^Change/ }).waitFor();
};

const shoot = async (page: Page, name: string) => {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const viewport of Object.values(TABLET_VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({
      path: join(SHOTS, `shared-case-${name}-${viewport.width}x${viewport.height}.png`),
      fullPage: true,
      // The top of the page, at a size the eye can read (the case page is very tall).
      clip: { x: 0, y: 0, width: viewport.width, height: 1600 },
    });
  }
  await page.setViewportSize(TABLET_VIEWPORTS.portrait);
};

const ORDERS = [
  { first: 'Bea', area: 'Harrowdale Borough Council' },
  { first: 'Amir', area: 'Greyford City Council' },
] as const;

describe('two inspectors on one child’s case, offline at once', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let lead: Device;
  let amir: Device;
  let bea: Device;
  /** One inspection per order of syncing, so each starts clean on the same three tablets. */
  const inspectionIds = new Map<string, string>();

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-shared-case-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addUser(admin, { ...LEAD, inspectorate: 'ofsted' });
    await addUser(admin, { ...AMIR, inspectorate: 'cqc' });
    await addUser(admin, { ...BEA, inspectorate: 'hmic' });
    for (const { area } of ORDERS) {
      const id = await addInspection(admin, {
        area,
        starts: '2026-11-23',
        lead: LEAD.username,
        members: [AMIR.username, BEA.username],
      });
      inspectionIds.set(area, id);
    }
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
    const device = async (user: { username: string }): Promise<Device> => {
      const context = await newTabletContext(browser);
      const page = await context.newPage();
      await signInOnWelcome(page, server.url, user.username, PASSWORD);
      return { context, page };
    };
    [lead, amir, bea] = [await device(LEAD), await device(AMIR), await device(BEA)];
  });

  afterAll(async () => {
    for (const d of [lead, amir, bea]) await d?.context.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.each(ORDERS)('$first syncing first', ({ first, area }) => {
    let casePath = '';
    /** Amir's second sitting ends on this status, Bea's edit on the other; the later push is current. */
    const AMIR_STATUS = 'Early help';
    const BEA_STATUS = 'Looked after';
    const current = first === 'Bea' ? AMIR_STATUS : BEA_STATUS;
    const competing = first === 'Bea' ? BEA_STATUS : AMIR_STATUS;
    const competitor = first === 'Bea' ? BEA.name : AMIR.name;

    it('Amir adds a tracked child placed out of the area, with two stages; both tablets have it', async () => {
      const { page } = amir;
      await goInApp(page, `/i/${inspectionIds.get(area)}`);
      await addChildCase(page, { caseRef: CASE_REF, ageBand: '5 to 9', status: 'Child in need' });
      casePath = new URL(page.url()).pathname;
      await page.getByLabel('Yes, out of area', { exact: true }).check();
      await saved(page);
      await addJourneyStage(page, { label: 'Early help', date: '2026-08-20' });
      await addJourneyStage(page, { label: 'Contact / front door', date: '2026-08-28' });
      await syncNow(page);
      await syncNow(bea.page);
      await goInApp(bea.page, casePath);
      await expect
        .poll(() => stagesShown(bea.page))
        .toEqual(['Early help 2026-08-20', 'Contact / front door 2026-08-28']);
    });

    it('offline, each changes the case on their own tablet', async () => {
      await server.stop();

      // Amir, first sitting: the status, the stages he has read so far, a note on the first stage
      // and a correction to the second. The app then tries to sync and fails.
      const a = amir.page;
      await a.getByLabel('Current status').selectOption({ label: 'Child protection plan' });
      await saved(a);
      await addJourneyStage(a, { label: 'Referral', date: '2026-09-01' });
      await addJourneyStage(a, { label: 'Strategy discussion', date: '2026-09-03' });
      await changeStage(a, 'Early help', (item) =>
        item.getByLabel('Note (optional)').fill(EARLY_HELP_NOTE),
      );
      await changeStage(a, 'Contact / front door', (item) =>
        item.getByLabel('Note (optional)').fill(CONTACT_NOTE),
      );
      await syncFails(a);

      // Bea, on the same case.
      const b = bea.page;
      await b.getByLabel('Police', { exact: true }).check();
      await b.getByLabel('Health visiting', { exact: true }).check();
      await b.getByLabel('Assigned inspector').selectOption({ label: BEA.name });
      await b.getByLabel('Current status').selectOption({ label: BEA_STATUS });
      await saved(b);
      await addJourneyStage(b, { label: 'Assessment', date: '2026-09-02' });
      await changeStage(b, 'Early help', (item) => fillDateInput(item, 'Date', '2026-08-21'));
      const contact = stage(b, 'Contact / front door');
      await contact.getByRole('button', { name: /^Delete/ }).click();
      await contact.getByRole('button', { name: 'Yes, delete this stage' }).click();
      await contact.waitFor({ state: 'detached' });
      await b.getByRole('link', { name: 'Record a case-tracking note for this child' }).click();
      await b.getByRole('heading', { level: 1, name: 'Case-tracking note' }).waitFor();
      await writeNotes(b, TRACKING_NOTE);
      await syncFails(b);

      // Amir, a second sitting: the status again (no conflict with his own first), one more stage.
      await goInApp(a, casePath);
      await a.getByLabel('Current status').selectOption({ label: AMIR_STATUS });
      await saved(a);
      await addJourneyStage(a, { label: 'Section 47 enquiry', date: '2026-09-04' });
    });

    it(`[S5] back online, ${first} first: different fields merge, the status conflict shows both values on every tablet`, async () => {
      // Once the server is back the tablets sync on their own (the event stream reopening, the
      // engine's retry), and may do so before Sync now is pressed: the second one's pushes wait,
      // held from before the restart, until the first one's are in, so the order is the one tested.
      const [one, two] = first === 'Bea' ? [bea, amir] : [amir, bea];
      const held: Route[] = [];
      await two.context.route('**/api/sync/push', (route) => void held.push(route));
      await server.restart();
      await syncNow(one.page);
      await two.context.unroute('**/api/sync/push');
      for (const route of held.splice(0)) await route.continue();
      await syncNow(two.page);
      await syncNow(one.page);
      await syncNow(lead.page);
      await goInApp(lead.page, casePath);

      for (const [who, { page }] of [
        ['Amir', amir],
        ['Bea', bea],
        ['Lara', lead],
      ] as const) {
        await goInApp(page, casePath);
        await page.getByRole('heading', { name: CONFLICT_HEADING }).first().waitFor();
        // Two contested things, no more: the status, and the stage Bea deleted as Amir changed it.
        // Nothing for the agencies, the assignment, the out-of-area flag or the stage both edited.
        expect(await conflictTitles(page), who).toEqual([
          'Current status',
          `${BEA.name} deleted this while it was being changed`,
        ]);
        const status = await conflictCard(page, 'Current status').innerText();
        expect(status, who).toContain(current);
        expect(status, who).toContain(`${competitor}, `);
        expect(status, who).toContain(competing);
        expect(status, `${who}: Amir's first sitting is no conflict (S5a)`).not.toContain(
          'Child protection plan',
        );
        // The form follows the pulled row a render after the cards do.
        await expect
          .poll(() => detailsShown(page), { message: who })
          .toEqual({
            status: current,
            assigned: BEA.name,
            outOfArea: true,
            agencies: ['police', 'health-visiting'],
          });
        // Every stage once, in date order, with both inspectors' edits of the first.
        expect(await stagesShown(page), who).toEqual([
          'Early help 2026-08-21',
          'Contact / front door 2026-08-28',
          'Referral 2026-09-01',
          'Assessment 2026-09-02',
          'Strategy discussion 2026-09-03',
          'Section 47 enquiry 2026-09-04',
        ]);
        expect(await stage(page, 'Early help').innerText(), who).toContain(EARLY_HELP_NOTE);
        expect(await stage(page, 'Contact / front door').innerText(), who).toContain(CONTACT_NOTE);
        expect(await page.getByTestId('case-evidence').innerText(), who).toContain(TRACKING_NOTE);
      }
      if (first === 'Bea') await shoot(lead.page, 'case-page');
    });

    it('the list of child cases says which case has a choice to make', async () => {
      const page = lead.page;
      await openFromMenu(page, 'Child cases', 'Child cases');
      const contested = page.getByTestId('contested-cases');
      await expect
        .poll(() => contested.innerText())
        .toContain('Two people changed this case at the same time.');
      if (first === 'Bea') await shoot(page, 'case-list');
      await contested.getByRole('link', { name: CASE_REF, exact: true }).click();
      await page.getByRole('heading', { name: CONFLICT_HEADING }).first().waitFor();
    });

    it('[S5] the lead keeps one status; the choice is gone on every tablet', async () => {
      const page = lead.page;
      await conflictCard(page, 'Current status')
        .getByRole('button', { name: `Keep this value (Current status from ${competitor})` })
        .click();
      await expect.poll(() => conflictTitles(page)).not.toContain('Current status');
      await syncNow(page);
      for (const { page } of [amir, bea]) {
        await syncNow(page);
        await expect.poll(() => conflictTitles(page)).not.toContain('Current status');
        await expect.poll(async () => (await detailsShown(page)).status).toBe(competing);
      }
      const { token } = await apiLogin(server.url, LEAD.username, PASSWORD);
      const rows = await pullAll(server.url, token);
      const theCase = rows.find(
        (r) => r.entity === 'childCase' && r.inspectionId === inspectionIds.get(area),
      );
      expect(theCase?.conflicts).toEqual({});
      expect(theCase?.fields.status).toBe(competing.toLowerCase().replace(' ', '-'));
    });

    it('[S5] the deleted stage: Bea, who deleted it, sees it kept and deletes it again for everyone', async () => {
      const page = bea.page;
      const card = conflictCard(page, `${BEA.name} deleted this while it was being changed`);
      await card.getByRole('button', { name: /Delete this stage/ }).click();
      await stage(page, 'Contact / front door').waitFor({ state: 'detached' });
      await syncNow(page);
      for (const { page } of [amir, lead]) {
        await syncNow(page);
        await stage(page, 'Contact / front door').waitFor({ state: 'detached' });
        expect(await page.getByRole('heading', { name: CONFLICT_HEADING }).count()).toBe(0);
        expect(await stagesShown(page)).toHaveLength(5);
      }
      // Nothing left to decide: the list of cases no longer asks.
      await openFromMenu(lead.page, 'Child cases', 'Child cases');
      await lead.page.getByRole('table').waitFor();
      expect(await lead.page.getByTestId('contested-cases').count()).toBe(0);
    });
  });
});
