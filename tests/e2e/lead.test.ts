import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncRowSchema } from '../../src/domain';
import { launchBrowser, newTabletContext } from '../support/browser';
import { unlock } from '../support/app-flows';
import {
  menuLink,
  openFromMenu,
  startEvidence,
  writeNotes,
  saveStatus,
} from '../support/capture-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { waitForActivatedServiceWorker } from '../support/pwa';
import { downloadText } from '../support/raw-storage';
import { startServer, addInspection, addUser } from '../support/server';
import type { RunningServer } from '../support/server';
import { ALL_SENT, signInOnWelcome, syncNow, syncState, unsentCount } from '../support/sync-flows';

// Issue 4, "What it must show", end to end: an inspector records evidence and a safeguarding
// concern with no connection and syncs; the lead signs in on another tablet, sees both in Today
// (the concern first), returns the evidence for follow-up; the inspector sees it at the top of
// their home screen and replies; the lead marks it reviewed, drafts a graded judgement citing
// it, and exports the record: the document, the CSV and the JSON hold the evidence, the grade and
// the concern. The inspector can read the judgement but not grade it (S8).

const AREA = 'Eastmarsh Borough Council';
const PASSWORD = 'a long fieldwork passphrase';
const LEAD = { username: 'lena', name: 'Lena Lead' };
const INSPECTOR = { username: 'ian', name: 'Ian Inspector' };
/** A second inspector, so Today's grouping by author shows. */
const SECOND = { username: 'sam', name: 'Sam Inspector' };
const SECOND_TEXT = 'Head of service said the front door restructure finished in June.';
const EVIDENCE_TEXT =
  'Health visitor described weekly home visits; the neglect toolkit was used at the core group.';
const ROLE = 'Specialist health visitor';
const JUDGEMENT = { id: 'quality-of-practice', title: 'The quality of practice' };
const CONCERN = 'Toddler left alone with an intoxicated adult during the home visit.';
const COMMENT = 'Please check whether the GP was invited to the core group.';
const REPLY = 'The GP was invited but sent a written report instead.';
const RATIONALE = 'Practice is consistently child-focused; the neglect toolkit is used well.';

type Device = { context: BrowserContext; page: Page };

/** True when `first` comes before `second` in the page (document order, i.e. reading order). */
const comesBefore = (page: Page, first: string, second: string) =>
  page.evaluate(
    ([a, b]) => {
      const x = document.querySelector(a!);
      const y = document.querySelector(b!);
      return Boolean(x && y && x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING);
    },
    [first, second],
  );

describe('the lead inspector’s evening: review, follow-up, judgement and the record (issue 4)', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let inspector: Device;
  let second: Device;
  let lead: Device;
  let inspectionId = '';
  let evidenceId = '';

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-lead-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addUser(admin, { ...LEAD, inspectorate: 'ofsted' });
    for (const [user, inspectorate] of [
      [INSPECTOR, 'cqc'],
      [SECOND, 'hmic'],
    ] as const) {
      await addUser(admin, { ...user, inspectorate });
    }
    inspectionId = await addInspection(admin, {
      area: AREA,
      starts: '2026-11-16',
      lead: LEAD.username,
      members: [INSPECTOR.username, SECOND.username],
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
    const device = async (): Promise<Device> => {
      const context = await newTabletContext(browser);
      return { context, page: await context.newPage() };
    };
    inspector = await device();
    second = await device();
    lead = await device();
  });

  afterAll(async () => {
    await inspector?.context.close();
    await second?.context.close();
    await lead?.context.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const openInspection = async (page: Page) => {
    await page.getByRole('link', { name: new RegExp(`^${AREA}`) }).click();
    await page.getByRole('heading', { level: 1, name: AREA }).waitFor();
  };

  it('offline, the inspector records tagged evidence and raises a safeguarding concern; back online, both sync', async () => {
    const { page } = inspector;
    await signInOnWelcome(page, server.url, INSPECTOR.username, PASSWORD);
    await openInspection(page);
    // Every screen must be precached before the server goes away.
    expect(await waitForActivatedServiceWorker(page)).toBe(`${server.url}/sw.js`);

    await server.stop();
    evidenceId = await startEvidence(page, 'Practitioner interview');
    await writeNotes(page, EVIDENCE_TEXT);
    await page.getByLabel('Source agency').selectOption({ label: 'Health visiting' });
    await page.getByLabel('Practitioner role').fill(ROLE);
    await page.getByLabel(JUDGEMENT.title, { exact: true }).check();
    await page.getByLabel('Strength', { exact: true }).check();
    await expect
      .poll(() => page.getByLabel(JUDGEMENT.title, { exact: true }).isChecked())
      .toBe(true);
    await saveStatus(page)
      .filter({ hasText: /^Saved at \d\d:\d\d:\d\d$/ })
      .waitFor();

    await openFromMenu(page, 'Safeguarding', 'Safeguarding concerns');
    await page.getByRole('link', { name: 'Raise a safeguarding concern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Raise a safeguarding concern' }).waitFor();
    await page.getByLabel('What is the concern?').fill(CONCERN);
    await page.getByRole('button', { name: 'Save the concern' }).click();
    await page.getByRole('heading', { level: 1, name: /^Safeguarding concern/ }).waitFor();

    await syncState(page).filter({ hasText: 'Offline' }).waitFor();
    await expect.poll(() => unsentCount(page).innerText()).toMatch(/^\d+ changes? not yet on/);

    await server.restart();
    await syncNow(page);
    expect(await unsentCount(page).innerText()).toBe(ALL_SENT);
  });

  it('a second inspector records evidence online and syncs', async () => {
    const { page } = second;
    await signInOnWelcome(page, server.url, SECOND.username, PASSWORD);
    await openInspection(page);
    await startEvidence(page, 'Meeting with managers or leaders');
    await writeNotes(page, SECOND_TEXT);
    await syncNow(page);
  });

  it('the lead signs in: Today shows the concern at the top and the evidence grouped by inspector', async () => {
    const { page } = lead;
    await signInOnWelcome(page, server.url, LEAD.username, PASSWORD);
    await openInspection(page);
    await syncNow(page);
    await openFromMenu(page, 'Today', 'Today’s review');

    const concerns = page.getByTestId('today-concerns');
    await expect.poll(() => concerns.innerText()).toContain(CONCERN);
    expect(await concerns.innerText()).toContain(`by ${INSPECTOR.name}`);
    await page
      .getByRole('heading', { level: 2, name: 'Safeguarding concerns not closed (1)' })
      .waitFor();
    // The concern comes before everything else on the screen: the counts and the new evidence.
    expect(await comesBefore(page, '#today-concerns', '#today-counts')).toBe(true);
    expect(await comesBefore(page, '#today-concerns', '#today-new')).toBe(true);

    const fromInspector = page.getByRole('region', { name: `New evidence from ${INSPECTOR.name}` });
    // A snippet of the notes (the whole text is one tap away).
    await expect.poll(() => fromInspector.innerText()).toContain(EVIDENCE_TEXT.slice(0, 60));
    const text = await fromInspector.innerText();
    expect(text).toContain(`${INSPECTOR.name} (1 new)`);
    expect(text).toContain('Practitioner interview (1)');
    expect(text).toContain(ROLE);
    expect(text).not.toContain(SECOND_TEXT.slice(0, 40));
    // Each inspector's evidence under their own name.
    const fromSecond = page.getByRole('region', { name: `New evidence from ${SECOND.name}` });
    await expect.poll(() => fromSecond.innerText()).toContain(SECOND_TEXT.slice(0, 40));
    expect(await fromSecond.innerText()).toContain(`${SECOND.name} (1 new)`);
    expect(await fromSecond.innerText()).toContain('Meeting with managers or leaders (1)');
    expect(await fromSecond.innerText()).not.toContain(EVIDENCE_TEXT.slice(0, 40));
    expect(await page.getByTestId('count-new').innerText()).toBe('2');
  });

  it('the lead returns the evidence for follow-up with a comment', async () => {
    const { page } = lead;
    const fromInspector = page.getByRole('region', { name: `New evidence from ${INSPECTOR.name}` });
    await fromInspector.getByRole('link', { name: new RegExp(ROLE) }).click();
    await page.waitForURL(new RegExp(`/today/${evidenceId}$`));
    await page.getByRole('heading', { level: 2, name: 'Your review' }).waitFor();
    await expect.poll(() => page.locator('main').innerText()).toContain(EVIDENCE_TEXT);

    await page.getByLabel('Or return it for follow-up').fill(COMMENT);
    await page.getByRole('button', { name: 'Return for follow-up' }).click();
    await page.getByRole('heading', { level: 1, name: 'Today’s review' }).waitFor();
    await page.getByText(`Returned to ${INSPECTOR.name} for follow-up`).waitFor();
    const followUps = page.getByTestId('follow-ups');
    await expect.poll(() => followUps.innerText()).toContain(COMMENT);
    expect(await followUps.innerText()).toContain('Waiting for reply');
    expect(await page.getByTestId('count-follow-up').innerText()).toBe('1');
    await syncNow(page);
  });

  it('the inspector sees it at the top of the home screen with the comment, and replies', async () => {
    const { page } = inspector;
    await syncNow(page);
    await openFromMenu(page, 'Home', AREA);
    const returned = page.getByTestId('returned');
    await page
      .getByRole('heading', { level: 2, name: 'Returned to you for follow-up (1)' })
      .waitFor();
    // The card holds "Loading…" while this tab takes the reply's edit lease (LeasedEditor).
    await expect.poll(() => returned.innerText()).toContain(COMMENT);
    // Before the buttons to record anything: the first thing on the inspector's screen after the
    // open safeguarding concern.
    expect(await comesBefore(page, '#returned-heading', '.fb-home-actions')).toBe(true);
    expect(await comesBefore(page, '#returned-heading', '#today-heading')).toBe(true);

    await returned.getByLabel('Your reply').fill(REPLY);
    await returned
      .locator('.fb-save-status')
      .filter({
        hasText: /^Saved at \d\d:\d\d:\d\d\. It reaches the lead inspector at the next sync/,
      })
      .waitFor();
    // An explicit Send: it syncs at once and confirms once the reply is on the server.
    await returned.getByRole('button', { name: /^Send reply/ }).click();
    await returned
      .locator('.fb-save-status')
      .filter({ hasText: /^Reply sent to the lead inspector at \d\d:\d\d\.$/ })
      .waitFor();
  });

  it('the lead sees the reply and marks the evidence reviewed', async () => {
    const { page } = lead;
    await syncNow(page);
    const followUps = page.getByTestId('follow-ups');
    await expect.poll(() => followUps.innerText()).toContain(REPLY);
    expect(await followUps.innerText()).toContain('Answered');
    expect(await page.getByTestId('count-follow-up').innerText()).toBe('1 (1 answered)');

    await followUps.getByRole('button', { name: /^Mark as reviewed/ }).click();
    await followUps.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('count-reviewed').innerText()).toBe('1');
    expect(await page.getByTestId('count-follow-up').innerText()).toBe('0');
    // Sam's evidence is still new.
    expect(await page.getByTestId('count-new').innerText()).toBe('1');
    // The concern stays at the top until the lead closes it.
    expect(await page.getByTestId('today-concerns').innerText()).toContain(CONCERN);
    await syncNow(page);
  });

  it('the lead drafts a graded judgement on that area citing the evidence', async () => {
    const { page } = lead;
    await openFromMenu(page, 'Judgements', 'Judgements');
    await page.getByRole('link', { name: JUDGEMENT.title, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: JUDGEMENT.title }).waitFor();

    await page.getByLabel('Good', { exact: true }).check();
    await page.getByLabel('Rationale').fill(RATIONALE);
    // The picker starts filtered to this judgement area: the tagged evidence is offered.
    await page
      .getByTestId('picker-count')
      .filter({ hasText: /^1 piece of evidence found$/ })
      .waitFor();
    await page.locator(`#pick-${evidenceId}`).check();
    await page.getByRole('heading', { level: 2, name: 'Evidence cited (1)' }).waitFor();
    await page
      .getByTestId('judgement-save-status')
      .filter({ hasText: /^Saved at \d\d:\d\d:\d\d$/ })
      .waitFor();

    await openFromMenu(page, 'Judgements', 'Judgements');
    const row = page
      .getByTestId('judgement-list')
      .getByRole('row')
      .filter({ hasText: JUDGEMENT.title });
    await expect.poll(() => row.innerText()).toMatch(/Good\s+Draft\s+1/);
    await syncNow(page);
  });

  it('the record: the printable document, the CSV and the JSON hold the evidence, the grade and the concern', async () => {
    const { page } = lead;
    await openFromMenu(page, 'Export', 'Inspection record');
    const area = page.getByTestId(`record-judgement-${JUDGEMENT.id}`);
    await expect.poll(() => area.innerText()).toContain(EVIDENCE_TEXT);
    const areaText = await area.innerText();
    expect(areaText).toMatch(/Grade\s+Good/);
    expect(areaText).toContain(RATIONALE);
    expect(areaText).toContain('Cited in the judgement');
    expect(areaText).not.toContain(SECOND_TEXT);
    const concerns = page.locator('section[aria-labelledby="record-concerns"]');
    expect(await concerns.innerText()).toContain(CONCERN);
    await page.getByRole('button', { name: 'Print or save as PDF' }).isEnabled();

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download evidence (CSV)' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(
      /^fieldbook-eastmarsh-borough-council-\d{4}-\d\d-\d\d-evidence\.csv$/,
    );
    const csv = await downloadText(csvDownload);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toMatch(/^id,kind,occurredAt,author,agency,role,/);
    expect(lines).toHaveLength(3);
    const line = lines.find((l) => l.startsWith(evidenceId)) ?? '';
    expect(line).toContain(EVIDENCE_TEXT);
    expect(line).toContain(ROLE);
    expect(line).toContain(JUDGEMENT.title);
    expect(line).toContain('Health visiting');
    expect(csv).toContain(SECOND_TEXT);
    await page
      .getByTestId('export-status')
      .filter({ hasText: /evidence\.csv saved/ })
      .waitFor();

    const [jsonDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the record (JSON)' }).click(),
    ]);
    const record = JSON.parse(await downloadText(jsonDownload)) as {
      format: string;
      inspection: { id: string; area: string };
      rows: unknown[];
    };
    expect(record.format).toBe('fieldbook-inspection-record');
    expect(record.inspection).toMatchObject({ id: inspectionId, area: AREA });
    // Every row is a wire row (S6), as a pull returns it.
    const rows = record.rows.map((r) => SyncRowSchema.parse(r));
    const byEntity = (entity: string) => rows.filter((r) => r.entity === entity);
    expect(byEntity('evidence').map((r) => r.fields.text)).toEqual(
      expect.arrayContaining([EVIDENCE_TEXT, SECOND_TEXT]),
    );
    expect(byEntity('evidence')).toHaveLength(2);
    expect(byEntity('safeguardingConcern').map((r) => r.fields.concern)).toEqual([CONCERN]);
    expect(byEntity('review')).toHaveLength(1);
    expect(byEntity('review')[0]?.fields).toMatchObject({
      evidenceId,
      state: 'reviewed',
      comment: COMMENT,
      reply: REPLY,
    });
    const drafts = byEntity('judgementDraft');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]?.fields).toMatchObject({
      judgementId: JUDGEMENT.id,
      grade: 'good',
      state: 'draft',
      rationale: RATIONALE,
      evidenceIds: [evidenceId],
    });
  });

  it('the inspector has no judgement screen: no link, and the address is refused (S8)', async () => {
    const { page } = inspector;
    await syncNow(page);
    expect(await menuLink(page, 'Home').count()).toBe(1);
    for (const leadScreen of ['Today', 'Coverage', 'Judgements', 'Team meetings']) {
      expect(await menuLink(page, leadScreen).count(), leadScreen).toBe(0);
    }
    // Typing the address is refused too (a full load locks the device: unlock first).
    await page.goto(`${server.url}/i/${inspectionId}/judgements/${JUDGEMENT.id}`);
    await unlock(page, PASSWORD);
    await page
      .getByRole('heading', { level: 1, name: 'Only the lead inspector sees this screen' })
      .waitFor();
    expect(await page.locator('main').innerText()).not.toContain(RATIONALE);

    // And the server refuses it even from a client that tries (S8).
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: INSPECTOR.username, password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const { schemaVersion } = (await (await fetch(`${server.url}/healthz`)).json()) as {
      schemaVersion: number;
    };
    const opId = crypto.randomUUID();
    const push = await fetch(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        clientId: crypto.randomUUID(),
        schemaVersion,
        ops: [
          {
            opId,
            entity: 'judgementDraft',
            entityId: crypto.randomUUID(),
            inspectionId,
            kind: 'put',
            fields: { judgementId: JUDGEMENT.id, grade: 'inadequate', state: 'draft' },
            base: {},
          },
        ],
      }),
    });
    expect(push.status).toBe(200);
    expect(await push.json()).toEqual({
      results: [expect.objectContaining({ opId, status: 'rejected', reason: 'forbidden' })],
    });
  });
});
