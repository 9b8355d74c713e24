import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newTabletContext } from '../support/browser';
import { menuLink, openFromMenu, startEvidence, writeNotes } from '../support/capture-flows';
import { adminApi, apiLogin, goInApp, pullAll, syncFails } from '../support/day-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { tabletScreenshots } from '../support/screenshots';
import { addInspection, addUser, startServer, type RunningServer } from '../support/server';
import { ALL_SENT, signInOnWelcome, syncNow, syncState, unsentCount } from '../support/sync-flows';

// A team change as it happens on a real inspection (S6a, S8). Fenshire is five days in: Lena
// (lead) and Ben have recorded some 400 pieces of evidence, 40 child cases and their journeys. On
// day 6 the coordinator adds Cara (CQC), whose tablet is signed in for another inspection. With
// nothing reloaded, her tablet learns of Fenshire at its next sync, receives all of it while Lena
// and Ben keep writing, and shows their evidence read-only; she records offline, and later the
// lead changes.

const PASSWORD = 'a long fieldwork passphrase';
const AREA_A = 'Fenshire Council';
const AREA_B = 'Moorside Borough';
const PER_AUTHOR = { evidence: 200, cases: 20, stepsPerCase: 14 };
const CARA_NOTE =
  'Day 6, offline: the school nurse had not been told of the child protection plan.';

type Op = { entity: string; entityId: string; fields: Record<string, unknown> };
type Device = { context: BrowserContext; page: Page };

describe('a new inspector joins a team on day 6 (S6a, S8)', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let cara: Device;
  let coordinator = '';
  let schemaVersion = 0;
  const ids = { a: '', b: '', lena: '', ben: '', cara: '' };
  const tokens = { lena: '', ben: '' };
  /** One tablet each: a device's own earlier ops count as seen (S5a). */
  const tablets = { lena: randomUUID(), ben: randomUUID() };
  /** The evidence each teammate wrote, by id, so one can edit their own later. */
  const written = { lena: [] as string[], ben: [] as string[] };

  const push = async (who: keyof typeof tokens, ops: readonly Op[]) => {
    const response = await fetch(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
      body: JSON.stringify({
        clientId: tablets[who],
        schemaVersion,
        ops: ops.map((op) => ({ opId: randomUUID(), inspectionId: ids.a, kind: 'put', ...op })),
      }),
    });
    const { results } = (await response.json()) as { results: { status: string }[] };
    expect(results.map((r) => r.status)).toEqual(ops.map(() => 'applied'));
    return results as { status: string; seq: number }[];
  };

  const note = (who: keyof typeof written, day: number, n: number): Op => {
    const entityId = randomUUID();
    written[who].push(entityId);
    return {
      entity: 'evidence',
      entityId,
      fields: {
        kind: n % 3 === 0 ? 'case-tracking-note' : 'practitioner-interview',
        occurredAt: `2026-11-${String(22 + day).padStart(2, '0')}T${String(9 + (n % 8)).padStart(2, '0')}:00:00.000Z`,
        status: 'final',
        agency: 'childrens-social-care',
        text: `${who} day ${day} note ${n}: the plan was reviewed on time.`,
      },
    };
  };

  /** Five days of a teammate's work: cases, each with its journey, and notes. */
  const fiveDays = (who: keyof typeof written): Op[] => {
    const ops: Op[] = [];
    for (let c = 0; c < PER_AUTHOR.cases; c += 1) {
      const caseId = randomUUID();
      ops.push({
        entity: 'childCase',
        entityId: caseId,
        fields: { caseRef: `FN-${who}-${1000 + c}`, selection: c % 2 ? 'sampled' : 'tracked' },
      });
      for (let s = 0; s < PER_AUTHOR.stepsPerCase; s += 1)
        ops.push({
          entity: 'journeyEvent',
          entityId: randomUUID(),
          fields: {
            caseId,
            stage: 'placement',
            date: `2025-${String(1 + (s % 12)).padStart(2, '0')}-10`,
          },
        });
    }
    for (let n = 0; n < PER_AUTHOR.evidence; n += 1) ops.push(note(who, 1 + (n % 5), n));
    return ops;
  };

  /** What the lead's own pull says is in Fenshire now: the truth every tablet must match. */
  const onServer = async () => {
    const rows = (await pullAll(server.url, tokens.lena)).filter(
      (r) => r.inspectionId === ids.a && !r.deleted,
    );
    return {
      rows,
      evidence: rows.filter((r) => r.entity === 'evidence'),
      cases: rows.filter((r) => r.entity === 'childCase'),
    };
  };

  const screenshot = (page: Page, name: string) => tabletScreenshots(page, `team-join-${name}`);

  const evidenceCount = (page: Page) => page.getByTestId('evidence-count').innerText();

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-team-join-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addUser(admin, {
      username: 'cora',
      name: 'Cora Coordinator',
      inspectorate: 'ofsted',
      admin: true,
    });
    await addUser(admin, { username: 'lena', name: 'Lena Lead', inspectorate: 'ofsted' });
    await addUser(admin, { username: 'ben', name: 'Ben Inspector', inspectorate: 'hmic' });
    await addUser(admin, { username: 'cara', name: 'Cara Inspector', inspectorate: 'cqc' });
    const starts = '2026-11-23';
    ids.a = await addInspection(admin, { area: AREA_A, starts, lead: 'lena', members: ['ben'] });
    ids.b = await addInspection(admin, { area: AREA_B, starts, lead: 'lena', members: ['cara'] });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    coordinator = (await apiLogin(server.url, 'cora', PASSWORD)).token;
    for (const who of ['lena', 'ben'] as const) {
      const login = await apiLogin(server.url, who, PASSWORD);
      tokens[who] = login.token;
      ids[who] = login.user.id;
    }
    ids.cara = (await apiLogin(server.url, 'cara', PASSWORD)).user.id;
    ({ schemaVersion } = (await (await fetch(`${server.url}/healthz`)).json()) as {
      schemaVersion: number;
    });
    for (const who of ['lena', 'ben'] as const) {
      const ops = fiveDays(who);
      for (let i = 0; i < ops.length; i += 400) await push(who, ops.slice(i, i + 400));
    }
    // Some notes were finished later (a second version of the row): still one piece each.
    await push(
      'ben',
      written.ben.slice(0, 20).map((entityId) => ({
        entity: 'evidence',
        entityId,
        fields: { text: 'Ben, revised: the plan was reviewed late.' },
      })),
    );

    browser = await launchBrowser();
    const context = await newTabletContext(browser);
    cara = { context, page: await context.newPage() };
    await signInOnWelcome(cara.page, server.url, 'cara', PASSWORD);
    await syncNow(cara.page);
  });

  afterAll(async () => {
    await cara?.context.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('[S6a] added on day 6, her tablet receives the whole inspection at its next sync while the team keeps writing', async () => {
    const { page, context } = cara;
    await goInApp(page, '/');
    await page.getByRole('link', { name: new RegExp(`^${AREA_B}`) }).waitFor();
    expect(await page.getByRole('link', { name: new RegExp(`^${AREA_A}`) }).count()).toBe(0);

    // Her first pull of Fenshire is held after its first page has left the server: Lena and Ben
    // keep writing meanwhile (new notes, and edits of notes that page already carries).
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstPage = () => {};
    const pageOut = new Promise<void>((resolve) => (firstPage = resolve));
    let pulls = 0;
    const holdFirst = async (route: Route) => {
      pulls += 1;
      if (pulls > 1) return route.continue();
      const response = await route.fetch();
      firstPage();
      await held;
      await route.fulfill({ response });
    };
    await context.route('**/api/sync/pull**', holdFirst);

    await adminApi(server.url, coordinator, 'PUT', `/api/admin/inspections/${ids.a}/team`, {
      members: [
        { userId: ids.lena, role: 'lead' },
        { userId: ids.ben, role: 'inspector' },
        { userId: ids.cara, role: 'inspector' },
      ],
    });
    // Her tablet is not told to sync: the team keeps working, and that is news to it (S7).
    await push('lena', [note('lena', 6, 1)]);
    // At once, not at the tablet's one-minute timer: the server hints at the team's news.
    await Promise.race([
      pageOut,
      page.waitForTimeout(10_000).then(() => {
        throw new Error('no sync within 10 s of a teammate’s change');
      }),
    ]);
    await push('ben', [note('ben', 6, 2), note('ben', 6, 3)]);
    await push(
      'lena',
      written.lena.slice(0, 5).map((entityId) => ({
        entity: 'evidence',
        entityId,
        fields: { evaluation: 'strength' },
      })),
    );
    // While it receives, the bar says so (and how far, when it knows).
    await syncState(page).filter({ hasText: 'Syncing' }).waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('sync-text').innerText()).toMatch(
      /^Receiving the team’s evidence/,
    );
    await screenshot(page, 'receiving');
    release();

    const fenshire = page.getByRole('link', { name: new RegExp(`^${AREA_A}`) });
    await fenshire.waitFor({ timeout: 20_000 });
    await context.unroute('**/api/sync/pull**', holdFirst);
    const truth = await onServer();
    await fenshire.click();
    await page.getByRole('heading', { level: 1, name: AREA_A }).waitFor();
    await openFromMenu(page, 'Evidence', 'Evidence');
    const want = `${truth.evidence.length} pieces of evidence`;
    await expect.poll(() => evidenceCount(page), { timeout: 20_000 }).toBe(want);
    expect(truth.evidence.length).toBe(2 * PER_AUTHOR.evidence + 3);
    await syncState(page).filter({ hasText: 'Online' }).waitFor();
    expect(await unsentCount(page).innerText()).toBe(ALL_SENT);
    await screenshot(page, 'evidence-list');

    await openFromMenu(page, 'Child cases', 'Child cases');
    await page.getByText(/FN-ben-1019/).waitFor();
  });
  it('[S8] a teammate’s evidence is hers to read, not to change, and says so', async () => {
    const { page } = cara;
    await goInApp(page, `/i/${ids.a}/evidence/${written.ben[0]}`);
    await page.getByText('Only the inspector who recorded this evidence can change it.').waitFor();
    expect(await page.getByText('Recorded by Ben Inspector').count()).toBe(1);
    expect(await page.locator('main textarea, main input').count()).toBe(0);
    await screenshot(page, 'read-only');
  });

  it('[S6a] her note recorded offline in the new inspection reaches the team once, with no conflict', async () => {
    const { page } = cara;
    await server.stop();
    await goInApp(page, `/i/${ids.a}`);
    const noteId = await startEvidence(page, 'Practitioner interview');
    await writeNotes(page, CARA_NOTE);
    await syncFails(page);
    await expect.poll(() => unsentCount(page).innerText()).toMatch(/not yet on the server/);
    await server.restart();
    await syncNow(page);
    const truth = await onServer();
    const mine = truth.evidence.filter((r) => r.fields.text === CARA_NOTE);
    expect(mine.map((r) => r.id)).toEqual([noteId]);
    expect(truth.rows.filter((r) => Object.keys(r.conflicts).length > 0)).toEqual([]);
  });

  it('the lead changes: her tablet offers the lead’s screens at its next sync, with no reload', async () => {
    const { page } = cara;
    await goInApp(page, `/i/${ids.a}`);
    expect(await menuLink(page, 'Judgements').count()).toBe(0);
    await adminApi(server.url, coordinator, 'PUT', `/api/admin/inspections/${ids.a}/team`, {
      members: [
        { userId: ids.lena, role: 'inspector' },
        { userId: ids.ben, role: 'inspector' },
        { userId: ids.cara, role: 'lead' },
      ],
    });
    await syncNow(page);
    await menuLink(page, 'Judgements').waitFor();
    // The home's team list says who leads now.
    await goInApp(page, `/i/${ids.a}`);
    await page.getByText('Lead inspector, Care Quality Commission (CQC)').waitFor();
    expect(await page.getByText(/^Lead inspector,/).count()).toBe(1);
    await screenshot(page, 'now-lead');
  });
});
