import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newTabletContext } from '../support/browser';
import {
  addChildCase,
  openFromMenu,
  saveStatus,
  startEvidence,
  writeNotes,
} from '../support/capture-flows';
import { apiLogin, pullAll, type ServerRow } from '../support/day-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { tabletScreenshots } from '../support/screenshots';
import { waitForActivatedServiceWorker } from '../support/pwa';
import { addInspection, addUser, startServer, type RunningServer } from '../support/server';
import {
  barSeen,
  CLAIMS_SENT,
  signInOnWelcome,
  syncNow,
  syncState,
  unsentCount,
  watchBar,
} from '../support/sync-flows';

// The lead inspector's evening, as it goes on a real inspection. A team of three, each on their
// own tablet. All day Amy and Ben record evidence with no signal (the server stopped): Amy adds a
// child's case, writes a case-tracking note linked to it and raises a safeguarding concern; Ben
// interviews a practitioner. In the evening they reach the hotel's Wi-Fi and their work is sent.
// Lena, the lead, started the judgement at dinner with no signal; her tablet then syncs on the
// hotel's poor Wi-Fi: the answer to her push is lost as the link drops, the link comes back, drops
// again half-way through receiving the team's evidence (a fortnight's worth: more than one page),
// and comes back. Meanwhile she keeps typing. Then she opens Today, returns Ben's interview with a
// comment, keeps the concern at the top until she closes it, drafts the judgement with Amy's note
// behind it and checks Coverage. Next morning Ben sees the comment and replies; Lena sees the
// reply. What a user would notice is checked throughout: nothing vanishes or appears twice, no
// false conflict, the bar never claims "sent" while work waits and says offline plainly, a long
// sync shows progress, a screen says when the sync it shows stopped part-way, and nothing Lena
// typed while the link dropped is lost.

const AREA = 'Northmere City Council';
const PASSWORD = 'a long fieldwork passphrase';
const LEAD = { username: 'lena', name: 'Lena Lead' };
const AMY = { username: 'amy', name: 'Amy Inspector' };
const BEN = { username: 'ben', name: 'Ben Inspector' };
const JUDGEMENT = 'The quality of practice';
const CASE_REF = 'NM-40217';
const NOTE =
  'Case file: strategy discussion held nine days after the referral; no reason recorded.';
const CONCERN = 'Child NM-40217 said her stepfather hit her last night; the bruise is visible.';
const INTERVIEW = 'Team manager: supervision is monthly but the notes of it are not on the file.';
const COMMENT = 'Did the manager say why supervision notes are not on the file?';
const REPLY = 'She said the notes sit in a separate HR system; I have seen two of them.';
const RATIONALE_AT_DINNER = 'Strategy discussions are often late.';
const RATIONALE_ON_WIFI = ' Managers know it and have a plan.';
/** The team's earlier evidence the lead's tablet has not seen yet: more than one pull page (1,000). */
const EARLIER_NOTES = 1_100;
const CONFLICT_HEADING = 'Two people changed this at the same time';
/** Words a screen uses when what it shows may be missing the team's latest (the sync stopped). */
const NOT_UP_TO_DATE = /did not finish/;

type Device = { context: BrowserContext; page: Page };

/** A request held until the test lets it go, to cut the link at a known point of a sync. */
const holdOnce = (context: BrowserContext, url: string, nth: number) => {
  let seen = 0;
  let arrived = (_route: Route) => {};
  const held = new Promise<Route>((resolve) => (arrived = resolve));
  const handler = async (route: Route) => {
    seen += 1;
    if (seen === nth) arrived(route);
    else await route.continue();
  };
  return {
    held,
    start: () => context.route(url, handler),
    stop: () => context.unroute(url, handler),
  };
};

/**
 * Presses Sync now unless a sync is already under way (the button is disabled then, and the
 * tablet may have started one on its own the moment the link came back).
 */
const pressSyncNow = (page: Page) =>
  page.evaluate(() => {
    const button = [...document.querySelectorAll<HTMLButtonElement>('.fb-statusbar button')].find(
      (b) => b.textContent?.trim() === 'Sync now',
    );
    if (button && !button.disabled) button.click();
  });

describe('the lead inspector’s evening on hotel Wi-Fi', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let lena: Device;
  let amy: Device;
  let ben: Device;
  let inspectionId = '';
  const ids = { case: '', note: '', interview: '', concern: '' };
  const bar: string[] = [];

  const serverRows = async (): Promise<ServerRow[]> => {
    const { token } = await apiLogin(server.url, LEAD.username, PASSWORD);
    return (await pullAll(server.url, token)).filter((r) => r.inspectionId === inspectionId);
  };

  /**
   * The team's case-file audits, sent from the office during the day while the tablets have no
   * signal: the same database served on another address, which the tablets cannot reach.
   */
  const pushEarlierNotes = async () => {
    const office = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    try {
      await pushAsAmy(office.url);
    } finally {
      await office.stop();
    }
  };
  const pushAsAmy = async (url: string) => {
    const { token } = await apiLogin(url, AMY.username, PASSWORD);
    const { schemaVersion } = (await (await fetch(`${url}/healthz`)).json()) as {
      schemaVersion: number;
    };
    const ops = Array.from({ length: EARLIER_NOTES }, (_, i) => ({
      opId: crypto.randomUUID(),
      entity: 'evidence',
      entityId: crypto.randomUUID(),
      inspectionId,
      kind: 'put',
      fields: {
        kind: 'document-review',
        occurredAt: '2026-11-24T10:00:00.000Z',
        status: 'final',
        text: `Audit ${i + 1}: plan reviewed on time.`,
      },
      base: {},
    }));
    for (let from = 0; from < ops.length; from += 500) {
      const response = await fetch(`${url}/api/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          clientId: crypto.randomUUID(),
          schemaVersion,
          ops: ops.slice(from, from + 500),
        }),
      });
      expect(response.status).toBe(200);
    }
  };

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-evening-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addUser(admin, { ...LEAD, inspectorate: 'ofsted' });
    await addUser(admin, { ...AMY, inspectorate: 'cqc' });
    await addUser(admin, { ...BEN, inspectorate: 'hmic' });
    inspectionId = await addInspection(admin, {
      area: AREA,
      starts: '2026-11-23',
      lead: LEAD.username,
      members: [AMY.username, BEN.username],
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
    const device = async (): Promise<Device> => {
      const context = await newTabletContext(browser);
      return { context, page: await context.newPage() };
    };
    [lena, amy, ben] = [await device(), await device(), await device()];
    // Morning, at the council's offices with a connection: each signs in on their own tablet.
    for (const [{ page }, user] of [
      [lena, LEAD],
      [amy, AMY],
      [ben, BEN],
    ] as const) {
      await signInOnWelcome(page, server.url, user.username, PASSWORD);
      await page.getByRole('link', { name: new RegExp(`^${AREA}`) }).click();
      await page.getByRole('heading', { level: 1, name: AREA }).waitFor();
      expect(await waitForActivatedServiceWorker(page)).toBe(`${server.url}/sw.js`);
    }
  });

  afterAll(async () => {
    for (const d of [lena, amy, ben]) await d?.context.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('all day with no signal, Amy and Ben record evidence, a case-tracking note on a child and a safeguarding concern', async () => {
    await server.stop();
    await pushEarlierNotes();
    const { page } = amy;
    ids.case = await addChildCase(page, { caseRef: CASE_REF, status: 'Child protection plan' });
    ids.note = await startEvidence(page, 'Case-tracking note');
    await writeNotes(page, NOTE);
    await page.getByLabel(CASE_REF, { exact: true }).check();
    await page.getByLabel(JUDGEMENT, { exact: true }).check();
    await page.getByLabel('Area for improvement', { exact: true }).check();
    await saveStatus(page)
      .filter({ hasText: /^Saved at / })
      .waitFor();

    await openFromMenu(page, 'Safeguarding', 'Safeguarding concerns');
    await page.getByRole('link', { name: 'Raise a safeguarding concern' }).click();
    await page.getByLabel('What is the concern?').fill(CONCERN);
    await page.getByLabel('Child case (optional)').selectOption({ label: CASE_REF });
    await page.getByRole('button', { name: 'Save the concern' }).click();
    await page.getByRole('heading', { level: 1, name: /^Safeguarding concern/ }).waitFor();
    await page.getByText('Phone the referral through now — this cannot wait for sync').waitFor();
    ids.concern = new URL(page.url()).pathname.split('/').at(-1) ?? '';

    ids.interview = await startEvidence(ben.page, 'Practitioner interview');
    await writeNotes(ben.page, INTERVIEW);
    await ben.page.getByLabel('Practitioner role').fill('Team manager');

    for (const { page: p } of [amy, ben]) {
      await p.getByRole('button', { name: 'Sync now' }).click();
      await syncState(p).filter({ hasText: 'Offline' }).waitFor();
      await unsentCount(p)
        .filter({ hasText: /^\d+ changes? not yet on the server\.$/ })
        .waitFor();
    }
  });

  it('at dinner, with no signal, Lena starts the judgement; the bar says offline and counts it', async () => {
    const { page } = lena;
    await watchBar(page);
    await openFromMenu(page, 'Judgements', 'Judgements');
    await page.getByRole('link', { name: JUDGEMENT, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: JUDGEMENT }).waitFor();
    await page.getByLabel('Adequate', { exact: true }).check();
    await page.getByLabel('Rationale').fill(RATIONALE_AT_DINNER);
    await page
      .getByTestId('judgement-save-status')
      .filter({ hasText: /^Saved at / })
      .waitFor();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await syncState(page).filter({ hasText: 'Offline' }).waitFor();
    await unsentCount(page)
      .filter({ hasText: /^\d+ changes? not yet on the server\.$/ })
      .waitFor();
  });

  it('on the hotel’s Wi-Fi the link drops twice in Lena’s sync; she keeps typing; nothing is lost, doubled or in conflict', async () => {
    const { page, context } = lena;
    // Held from the moment the link is back: her tablet may start the sync on its own (a retry,
    // the event stream) before anyone presses Sync now.
    const push = holdOnce(context, '**/api/sync/push', 1);
    await push.start();
    await server.restart();
    await syncNow(amy.page);
    await syncNow(ben.page);

    // First drop: her push reaches the server, but the answer is lost as the link goes.
    await pressSyncNow(page);
    const pushed = await push.held;
    await pushed.fetch(); // the server has applied it…
    await server.stop();
    await pushed.abort('connectionreset'); // …and the tablet never hears
    await push.stop();
    await syncState(page).filter({ hasText: 'Offline' }).waitFor();
    const waiting = await unsentCount(page)
      .filter({ hasText: /^\d+ changes? not yet on the server\.$/ })
      .innerText();
    // She goes on typing with no link.
    const rationale = page.getByLabel('Rationale');
    await rationale.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(RATIONALE_ON_WIFI);
    await expect.poll(() => unsentCount(page).innerText()).not.toBe(waiting);
    await page
      .getByTestId('judgement-save-status')
      .filter({ hasText: /^Saved at / })
      .waitFor();

    // Second drop: the link is back long enough to send and receive the first page only.
    const pull = holdOnce(context, '**/api/sync/pull?*', 2);
    await pull.start();
    await server.restart();
    await pressSyncNow(page);
    const secondPage = await pull.held;
    await server.stop();
    await secondPage.abort('connectionreset');
    await pull.stop();
    await syncState(page).filter({ hasText: 'Offline' }).waitFor();
    expect(await rationale.inputValue()).toBe(RATIONALE_AT_DINNER + RATIONALE_ON_WIFI);

    // Today, opened now, says it may be missing the team's latest, rather than "nothing new".
    // The first page (the earlier audits) landed; the day's news, the concern with it, did not.
    await openFromMenu(page, 'Today', 'Today’s review');
    const stopped = page.getByTestId('sync-stopped');
    await stopped.filter({ hasText: NOT_UP_TO_DATE }).waitFor();
    expect(await page.getByTestId('count-new').innerText()).toBe('1000');
    await tabletScreenshots(page, 'evening-today-sync-stopped');
    await openFromMenu(page, 'Coverage', 'Coverage');
    await stopped.filter({ hasText: NOT_UP_TO_DATE }).waitFor();
    await tabletScreenshots(page, 'evening-coverage-sync-stopped');

    // The link comes back for good.
    await server.restart();
    const states = await syncNow(page);
    bar.push(...(await barSeen(page)), ...states);
    expect(await stopped.innerText()).toBe('');
    await openFromMenu(page, 'Today', 'Today’s review');
    expect(await stopped.innerText()).toBe('');
  });

  it('the bar told the truth all evening: offline said plainly, progress on the long sync, never “sent” while work waited', () => {
    if (process.env.FIELDBOOK_E2E_BAR) console.log(bar.join('\n'));
    const waiting = bar.filter((line) => /not yet on the server/.test(line));
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.filter((line) => CLAIMS_SENT.test(line) || /Synced at/.test(line))).toEqual([]);
    expect(bar.some((line) => line.startsWith('Offline | Last synced at'))).toBe(true);
    expect(bar.some((line) => /Receiving the team’s evidence… \d+ records so far/.test(line))).toBe(
      true,
    );
  });

  it('the server holds every record once, with no conflict; Lena’s tablet shows them once', async () => {
    const rows = await serverRows();
    const evidence = rows.filter((r) => r.entity === 'evidence');
    expect(evidence).toHaveLength(EARLIER_NOTES + 2);
    expect(rows.filter((r) => Object.keys(r.conflicts).length > 0)).toEqual([]);
    const drafts = rows.filter((r) => r.entity === 'judgementDraft');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.fields).toMatchObject({
      judgementId: 'quality-of-practice',
      grade: 'adequate',
      rationale: RATIONALE_AT_DINNER + RATIONALE_ON_WIFI,
    });
    expect(rows.filter((r) => r.entity === 'safeguardingConcern')).toHaveLength(1);
    const note = rows.find((r) => r.id === ids.note);
    expect(note?.fields).toMatchObject({ text: NOTE, caseIds: [ids.case] });
  });

  it('Today: the concern at the top, the day’s evidence by inspector; Lena returns Ben’s interview with a comment', async () => {
    const { page } = lena;
    const concerns = page.getByTestId('today-concerns');
    await expect.poll(() => concerns.innerText()).toContain(CONCERN);
    const fromBen = page.getByRole('region', { name: `New evidence from ${BEN.name}` });
    await expect.poll(() => fromBen.innerText()).toContain(INTERVIEW.slice(0, 50));
    // Each record once on the tablet too: the resent push and the resumed pull doubled nothing.
    expect(await page.getByTestId('count-new').innerText()).toBe(String(EARLIER_NOTES + 2));
    await fromBen.getByRole('link', { name: /Team manager/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Your review' }).waitFor();
    await page.getByLabel('Or return it for follow-up').fill(COMMENT);
    await page.getByRole('button', { name: 'Return for follow-up' }).click();
    await page.getByText(`Returned to ${BEN.name} for follow-up`).waitFor();
    await expect.poll(() => page.getByTestId('follow-ups').innerText()).toContain(COMMENT);
    expect(await concerns.innerText()).toContain(CONCERN);
    await tabletScreenshots(page, 'evening-today');
  });

  it('the judgement: what she typed on and off the link is there, with Amy’s note behind it; Coverage counts the day', async () => {
    const { page } = lena;
    await openFromMenu(page, 'Judgements', 'Judgements');
    await page.getByRole('link', { name: JUDGEMENT, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: JUDGEMENT }).waitFor();
    expect(await page.getByLabel('Rationale').inputValue()).toBe(
      RATIONALE_AT_DINNER + RATIONALE_ON_WIFI,
    );
    expect(await page.getByRole('heading', { name: CONFLICT_HEADING }).count()).toBe(0);
    await page.locator(`#pick-${ids.note}`).check();
    await page.getByRole('heading', { level: 2, name: 'Evidence cited (1)' }).waitFor();
    await page
      .getByTestId('judgement-save-status')
      .filter({ hasText: /^Saved at / })
      .waitFor();
    await tabletScreenshots(page, 'evening-judgement');

    await openFromMenu(page, 'Coverage', 'Coverage');
    await expect
      .poll(() => page.getByTestId('coverage-summary').innerText())
      .toBe(`${EARLIER_NOTES + 2} pieces of evidence, 1 child.`);
    await syncNow(page);
  });

  it('next morning Ben sees the comment and replies; his first Send meets no link and says so; Lena sees the reply', async () => {
    const { page } = ben;
    await syncNow(page);
    await openFromMenu(page, 'Home', AREA);
    const returned = page.getByTestId('returned');
    await expect.poll(() => returned.innerText()).toContain(COMMENT);
    // The link drops as he writes: the reply is saved on the tablet, and Send cannot get through.
    await server.stop();
    await returned.getByLabel('Your reply').fill(REPLY);
    const said = returned.locator('.fb-save-status');
    await said.filter({ hasText: /^Saved at / }).waitFor();
    await returned.getByRole('button', { name: /^Send reply/ }).click();
    await said.filter({ hasText: /^Not sent yet/ }).waitFor();
    await tabletScreenshots(page, 'evening-reply-not-sent');
    await server.restart();
    await syncNow(page);
    await said.filter({ hasText: /^Reply sent to the lead inspector at \d\d:\d\d\.$/ }).waitFor();

    await syncNow(lena.page);
    await openFromMenu(lena.page, 'Today', 'Today’s review');
    await expect.poll(() => lena.page.getByTestId('follow-ups').innerText()).toContain(REPLY);
    expect(await lena.page.getByTestId('today-concerns').innerText()).toContain(CONCERN);
    const reviews = (await serverRows()).filter((r) => r.entity === 'review');
    expect(reviews.map((r) => r.fields)).toEqual([
      expect.objectContaining({ state: 'follow-up', comment: COMMENT, reply: REPLY }),
    ]);
  });
});
