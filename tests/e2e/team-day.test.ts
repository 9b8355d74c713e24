import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reopenLocked } from '../support/app-flows';
import { launchBrowser, newTabletContext } from '../support/browser';
import { openFromMenu, startEvidence, writeNotes } from '../support/capture-flows';
import { adminApi, apiLogin, goInApp, pullAll } from '../support/day-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { waitForActivatedServiceWorker } from '../support/pwa';
import { dumpIndexedDb, ROW_STORES } from '../support/raw-storage';
import { tabletScreenshots } from '../support/screenshots';
import { addInspection, addTeamCast, startServer, type RunningServer } from '../support/server';
import { signInOnWelcome, syncNow, unsentCount } from '../support/sync-flows';

// A team change as it happens on a real inspection (S6a, DESIGN.md §4.3). Amy is on two
// inspections. Her tablet has no signal all afternoon: she writes a note in each, and closes the
// tablet for the night. Meanwhile she is taken off the second team. The signal comes back on a
// slow line while she is adding to that note (the browser's `online` event starts the sync, no
// button pressed): the note of the inspection she is still on reaches the server, the other
// inspection's records leave the tablet (none is left in its storage), and her unsent note there,
// with the words she typed as the tablet learnt of it, is kept as refused, across a reload. Next
// morning the coordinator puts her back: the inspection's records return, and the note she copied
// and re-entered reaches the lead once.

const PASSWORD = 'a long fieldwork passphrase';
const AREA_A = 'Fenshire Council';
const AREA_B = 'Moorside Borough';
const FIELDWORK = { starts: '2026-11-23', lead: 'lena', members: ['amy'] };
const REFUSED_LINK = /^\d+ changes? (was|were) refused — see why$/;

const LENA_B = 'Moorside: the strategy discussion for child MB-5521 was held nine days late.';
const LENA_A = 'Fenshire: front door decisions are recorded within a day.';
const AMY_A = 'Fenshire, offline: the MASH manager says police attend every strategy meeting.';
const AMY_B = 'Moorside, offline: the health visitor was not invited to the conference.';
const AMY_B_LATE = ' Her next visit is booked for Friday.';

describe('a team change on a real day: removed while offline, put back next morning', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let coordinator = '';
  const ids = { a: '', b: '', lena: '', amy: '', lenaA: '', lenaB: '', caseB: '', amyA: '' };

  /** No signal: every request fails, and the browser says it is offline. */
  const signalLost = async () => {
    await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
  };
  const signalBack = async () => {
    await context.unroute('**/api/**');
    await context.setOffline(false);
  };

  /** The tablet opened again later: the page loads afresh and the key must be typed again. */
  const reopen = () => reopenLocked(page, PASSWORD);

  /** Rows of Lena's other tablet, through the same wire the app uses. */
  const pushAsLena = async (ops: Record<string, unknown>[]) => {
    const { token } = await apiLogin(server.url, 'lena', PASSWORD);
    const { schemaVersion } = (await (await fetch(`${server.url}/healthz`)).json()) as {
      schemaVersion: number;
    };
    const response = await fetch(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientId: crypto.randomUUID(), schemaVersion, ops }),
    });
    const { results } = (await response.json()) as { results: { status: string }[] };
    expect(results.map((r) => r.status)).toEqual(ops.map(() => 'applied'));
  };
  const put = (entity: string, inspectionId: string, fields: Record<string, unknown>) => {
    const entityId = crypto.randomUUID();
    return {
      entityId,
      op: { opId: crypto.randomUUID(), entity, entityId, inspectionId, kind: 'put', fields },
    };
  };

  const lenaSees = async () => {
    const { token } = await apiLogin(server.url, 'lena', PASSWORD);
    return (await pullAll(server.url, token)).filter((r) => r.entity === 'evidence');
  };

  const screenshot = (name: string) => tabletScreenshots(page, `team-day-${name}`);

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-team-day-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addTeamCast(admin);
    ids.a = await addInspection(admin, { ...FIELDWORK, area: AREA_A });
    ids.b = await addInspection(admin, { ...FIELDWORK, area: AREA_B });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    coordinator = (await apiLogin(server.url, 'cora', PASSWORD)).token;
    ids.lena = (await apiLogin(server.url, 'lena', PASSWORD)).user.id;
    ids.amy = (await apiLogin(server.url, 'amy', PASSWORD)).user.id;

    const occurredAt = '2026-11-25T10:00:00.000Z';
    const note = (inspectionId: string, text: string) =>
      put('evidence', inspectionId, {
        kind: 'practitioner-interview',
        occurredAt,
        status: 'final',
        text,
      });
    const lenaA = note(ids.a, LENA_A);
    const lenaB = note(ids.b, LENA_B);
    const caseB = put('childCase', ids.b, { caseRef: 'MB-5521', selection: 'tracked' });
    await pushAsLena([lenaA.op, lenaB.op, caseB.op]);
    [ids.lenaA, ids.lenaB, ids.caseB] = [lenaA.entityId, lenaB.entityId, caseB.entityId];

    browser = await launchBrowser();
    context = await newTabletContext(browser);
    page = await context.newPage();
    await signInOnWelcome(page, server.url, 'amy', PASSWORD);
    expect(await waitForActivatedServiceWorker(page)).toBe(`${server.url}/sw.js`);
    await syncNow(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('[S6a] taken off a team while offline: the other team’s note is sent, this one’s records leave the tablet and her unsent note is kept as refused', async () => {
    // Morning, online: both inspections and the lead's notes are on the tablet.
    await goInApp(page, `/i/${ids.b}/evidence`);
    const results = page.getByRole('list', { name: 'Results' });
    await expect.poll(() => results.innerText()).toContain(LENA_B);

    await signalLost();
    await goInApp(page, `/i/${ids.a}`);
    ids.amyA = await startEvidence(page, 'Practitioner interview');
    await writeNotes(page, AMY_A);
    await goInApp(page, `/i/${ids.b}`);
    await startEvidence(page, 'Case-tracking note');
    await writeNotes(page, AMY_B);
    await expect
      .poll(() => unsentCount(page).innerText())
      .toMatch(/^\d+ changes? not yet on the server\.$/);
    await reopen(); // the tablet is closed for the night and opened on the same note

    // Meanwhile Amy is taken off the Moorside team (she stays on Fenshire).
    await adminApi(server.url, coordinator, 'PUT', `/api/admin/inspections/${ids.b}/team`, {
      members: [{ userId: ids.lena, role: 'lead' }],
    });
    await page.getByRole('heading', { level: 1, name: 'Case-tracking note' }).waitFor();

    // The signal comes back on a slow line as she adds to the note: the sync (started by the
    // browser's `online` event, no button pressed: S7) has its first answer, which teams she is
    // on, only once her last words are typed and before the editor has saved them.
    let answer = () => {};
    const held = new Promise<void>((resolve) => (answer = resolve));
    let asked = () => {};
    const askedMe = new Promise<void>((resolve) => (asked = resolve));
    await context.route('**/api/me', async (route) => {
      asked();
      await held;
      await route.continue();
    });
    await signalBack();
    await askedMe;
    await page.getByLabel('Notes', { exact: true }).focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(AMY_B_LATE);
    answer();

    const notice = page.getByTestId('device-notice');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.innerText()).toContain(
      `You are no longer on the team of the ${AREA_B} inspection`,
    );
    await screenshot('removed-on-note');
    // The note she had open is no longer editable here: its words are only with the refused change.
    expect(await page.locator('#evidence-text').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain(AMY_B);

    // Fenshire's note reached the server; nothing of it was refused.
    await expect
      .poll(async () => (await lenaSees()).find((r) => r.id === ids.amyA)?.fields.text)
      .toBe(AMY_A);
    expect((await lenaSees()).some((r) => r.fields.text === AMY_B)).toBe(false);

    // Nothing of Moorside is left in the tablet's storage but Amy's refused change, and nothing
    // of Fenshire waits to be sent.
    const opsOf = async (inspectionId: string) =>
      ((await dumpIndexedDb(page))?.outbox ?? []).filter(
        (op) => (op as { inspectionId?: string }).inspectionId === inspectionId,
      );
    await expect.poll(async () => (await opsOf(ids.a)).length).toBe(0);
    const stores = await dumpIndexedDb(page);
    const of = (store: string) => (stores?.[store] ?? []) as Record<string, unknown>[];
    for (const store of ROW_STORES)
      expect(
        of(store).filter((row) => row.inspectionId === ids.b),
        store,
      ).toEqual([]);
    expect(of('inspections').map((row) => row.id)).toEqual([ids.a]);
    expect(of('evidence').map((row) => row.id)).toEqual(
      expect.arrayContaining([ids.lenaA, ids.amyA]),
    );
    const moorsideOps = of('outbox').filter((op) => op.inspectionId === ids.b);
    expect(moorsideOps.length).toBeGreaterThan(0);
    expect(moorsideOps.map((op) => op.state)).toEqual(moorsideOps.map(() => 'rejected'));

    // Her words are kept, shown, and still there after the tablet is opened again.
    await reopen();
    await page.getByTestId('device-notice').waitFor();
    await goInApp(page, '/');
    expect(await page.getByRole('link', { name: new RegExp(`^${AREA_B}`) }).count()).toBe(0);
    await page.getByRole('link', { name: REFUSED_LINK }).click();
    await page.getByRole('heading', { level: 1, name: 'Changes the server refused' }).waitFor();
    const cards = page.getByTestId('refused-change');
    await expect.poll(() => cards.allInnerTexts()).toContainEqual(expect.stringContaining(AMY_B));
    expect((await cards.allInnerTexts()).join('\n')).not.toContain(AMY_A);
    // Why, in words that fit: not "only the inspector who recorded it may change it" (she did).
    expect(await cards.first().getByTestId('refused-reason').innerText()).toContain(
      'taken off its team',
    );
    // The words she typed as the tablet learnt of it are there too, not silently gone.
    expect((await cards.allInnerTexts()).join('\n')).toContain(AMY_B_LATE.trim());
    await screenshot('refused-after-removal');
    await context.unroute('**/api/me');
  });

  it('[S6a] put back on the team next morning: the inspection’s records return, and her note re-entered reaches the lead once', async () => {
    await adminApi(server.url, coordinator, 'PUT', `/api/admin/inspections/${ids.b}/team`, {
      members: [
        { userId: ids.lena, role: 'lead' },
        { userId: ids.amy, role: 'inspector' },
      ],
    });
    await reopen(); // sync on start

    await goInApp(page, '/');
    await page.getByRole('link', { name: new RegExp(`^${AREA_B}`) }).click();
    await page.getByRole('heading', { level: 1, name: AREA_B }).waitFor();
    await openFromMenu(page, 'Evidence', 'Evidence');
    const results = page.getByRole('list', { name: 'Results' });
    await expect.poll(() => results.innerText()).toContain(LENA_B);
    expect(await results.innerText()).not.toContain(AMY_B);
    const stores = await dumpIndexedDb(page);
    expect((stores?.childCases ?? []).map((row) => (row as { id: string }).id)).toContain(
      ids.caseB,
    );
    // Yesterday's "no longer on the team" is out of date: the tablet says she is back, and that
    // the note kept from the removal was not sent and will not be by itself.
    const notices = page.getByTestId('device-notice');
    await expect
      .poll(() => notices.allInnerTexts())
      .toContainEqual(expect.stringContaining(`put back on the team of the ${AREA_B} inspection`));
    const said = (await notices.allInnerTexts()).join('\n');
    expect(said).not.toContain(`no longer on the team of the ${AREA_B}`);
    expect(said).toMatch(/changes? kept when you were taken off the team (has|have) not been sent/);

    // She copies her refused note, discards the refused change and records it again.
    await goInApp(page, '/refused');
    const card = page.getByTestId('refused-change').filter({ hasText: AMY_B }).first();
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await card.getByRole('button', { name: /^Copy text/ }).click();
    await card.getByText(/^Copied/).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(AMY_B);
    const refused = page.getByTestId('refused-change');
    for (let left = await refused.count(); left > 0; left -= 1) {
      await refused
        .first()
        .getByRole('button', { name: /^Discard/ })
        .click();
      await refused
        .first()
        .getByRole('button', { name: /^Yes, discard it/ })
        .click();
      await expect.poll(() => refused.count()).toBe(left - 1);
    }
    await page.getByText(/No change is waiting here/).waitFor();

    await goInApp(page, `/i/${ids.b}`);
    await startEvidence(page, 'Case-tracking note');
    await writeNotes(page, AMY_B);
    await syncNow(page);
    const rows = (await lenaSees()).filter((r) => r.fields.text === AMY_B);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.inspectionId).toBe(ids.b);
  });
});
