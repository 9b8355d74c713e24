import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES } from '../../src/domain/admin';
import { newTabletContext } from '../support/browser';
import {
  coordinatorLink,
  menuLink,
  openFromMenu,
  startEvidence,
  writeNotes,
} from '../support/capture-flows';
import { adminApi, apiLogin, goInApp, pullAll } from '../support/day-flows';
import { expectNoAxeViolations } from '../support/axe';
import { dumpIndexedDb, rowsOf } from '../support/raw-storage';
import { tabletScreenshots } from '../support/screenshots';
import { expectTouchTargets } from '../support/touch';
import { addInspection, addUser, runAdmin } from '../support/server';
import {
  signInAndOpen,
  signInOnWelcome,
  syncNow,
  syncOnce,
  syncState,
  unsentCount,
} from '../support/sync-flows';
import { inspectorsTablet, type TeamTablet } from '../support/team-tablet';

// Team changes as they happen mid-inspection (S6a, S8, DESIGN.md §4.3). Fenshire's lead, Lena,
// drafts a judgement and half-writes a review in her hotel with no signal, as the coordinator hands
// the lead to Amy; later the coordinator's CLI gives it back. Amy is put on Moorside too and works
// in both while her tablet syncs, is moved off Fenshire while offline with notes in both, has
// Moorside reported under her unsent words, and sees it reopened. At every step nothing typed is
// lost, no device keeps rows of an inspection its user is not on, the lead's screens come and go
// with no reload, and the notices and the status bar say what is true.

const PASSWORD = 'a long fieldwork passphrase';
const AREA_A = 'Fenshire Council';
const AREA_B = 'Moorside Borough';
const LENA = { username: 'lena', name: 'Lena Lead' };
const AMY = { username: 'amy', name: 'Amy Inspector' };
const REFUSED_LINK = /^\d+ changes? (was|were) refused — see why$/;

const AMY_A = 'Fenshire: the MASH manager says police attend every strategy meeting.';
const RATIONALE = 'Partners share information well; plans are reviewed on time.';
const REVIEW = 'Please check whether the GP was invited to the conference';
const LENA_B = 'Moorside: the strategy discussion for child MB-5521 was held nine days late.';
const AMY_A2 = 'Fenshire, while syncing: the front door log shows decisions within a day.';
const AMY_B = 'Moorside, while syncing: the health visitor was not invited.';
const AMY_A3 = 'Fenshire, offline: the early help offer has a waiting list of six weeks.';
const AMY_B_MORE = ' Her next visit is booked for Friday.';
const AMY_B_LAST =
  'Moorside, offline as it was reported: the virtual school head was not consulted.';

type Device = { context: BrowserContext; page: Page };

describe('team changes mid-inspection (S6a, S8, §4.3)', () => {
  let t: TeamTablet;
  let amy: Device;
  let lena: Device;
  let cora: Device;
  let coordinator = '';
  const ids = { a: '', b: '', amy: '', lena: '', amyA: '', amyB: '', amyA3: '' };
  const tokens = { amy: '' };

  const signalLost = async ({ context }: Device) => {
    await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
  };
  const signalBack = async ({ context }: Device) => {
    await context.unroute('**/api/**');
    await context.setOffline(false);
  };
  const team = (id: string, members: [string, 'lead' | 'inspector'][]) =>
    adminApi(t.server.url, coordinator, 'PUT', ADMIN_ROUTES.inspectionTeam(id), {
      members: members.map(([userId, role]) => ({ userId, role })),
    });
  const status = (id: string, value: string) =>
    adminApi(t.server.url, coordinator, 'PUT', ADMIN_ROUTES.inspectionStatus(id), {
      status: value,
    });
  const notices = (page: Page) => page.getByTestId('device-notice').allInnerTexts();
  /** Every row the server holds for Amy now, and what it says of a push by her to `inspectionId`. */
  const serverFor = async (inspectionId: string) => {
    const rows = await pullAll(t.server.url, tokens.amy);
    const me = (await (
      await fetch(`${t.server.url}/api/me`, { headers: { authorization: `Bearer ${tokens.amy}` } })
    ).json()) as { inspections: { id: string }[] };
    return {
      rows: rows.filter((r) => r.inspectionId === inspectionId),
      listed: me.inspections.some((i) => i.id === inspectionId),
    };
  };

  beforeAll(async () => {
    t = await inspectorsTablet({
      name: 'team-change',
      area: AREA_A,
      password: PASSWORD,
      lead: LENA,
      inspector: AMY,
      setUp: async (admin) => {
        await addUser(admin, {
          username: 'cora',
          name: 'Cora Coordinator',
          inspectorate: 'ofsted',
          admin: true,
        });
        ids.b = await addInspection(admin, { area: AREA_B, starts: '2026-11-23', lead: 'lena' });
      },
    });
    amy = { context: t.context, page: t.page };
    const login = await apiLogin(t.server.url, 'amy', PASSWORD);
    tokens.amy = login.token;
    ids.amy = login.user.id;
    ids.lena = (await apiLogin(t.server.url, 'lena', PASSWORD)).user.id;
    coordinator = (await apiLogin(t.server.url, 'cora', PASSWORD)).token;
    ids.a = new URL(amy.page.url()).pathname.split('/')[2]!;
    const device = async (): Promise<Device> => {
      const context = await newTabletContext(t.browser);
      return { context, page: await context.newPage() };
    };
    [lena, cora] = [await device(), await device()];
    await signInAndOpen(lena.page, t.server.url, { ...LENA, password: PASSWORD, area: AREA_A });
    await signInOnWelcome(cora.page, t.server.url, 'cora', PASSWORD);
  });

  afterAll(async () => {
    for (const d of [lena, cora]) await d?.context.close();
    await t?.dispose();
  });

  it('[S8] the lead hands over on the coordinator screens: the new lead’s screens appear, the old lead’s unsent work is kept as refused', async () => {
    ids.amyA = await startEvidence(amy.page, 'Practitioner interview');
    await writeNotes(amy.page, AMY_A);
    await syncNow(amy.page);
    await syncNow(lena.page);

    // Lena, in her hotel with no signal: a judgement draft saved, a review comment half-written.
    await signalLost(lena);
    await goInApp(lena.page, `/i/${ids.a}/judgements/overall`);
    await lena.page.getByLabel('Good', { exact: true }).check();
    await lena.page.getByLabel('Rationale').fill(RATIONALE);
    await lena.page
      .getByText(/^Saved at \d\d:\d\d:\d\d$/)
      .first()
      .waitFor();
    await goInApp(lena.page, `/i/${ids.a}/today/${ids.amyA}`);
    await lena.page.getByLabel('Or return it for follow-up').fill(REVIEW);

    // The coordinator makes Amy the lead, on the coordinator screens.
    const { page } = cora;
    await coordinatorLink(page).click();
    await page.getByRole('link', { name: 'Inspections and teams', exact: true }).click();
    await page.getByRole('link', { name: new RegExp(`^${AREA_A}`) }).click();
    await page.getByRole('heading', { level: 2, name: 'Team' }).waitFor();
    await page.getByLabel('Lead inspector').selectOption({ label: `${AMY.name} (amy)` });
    await page.getByRole('button', { name: 'Save team' }).click();
    await page.getByText('The team has been changed.').waitFor();

    // Amy's tablet offers the lead's screens at its next sync, with no reload.
    expect(await menuLink(amy.page, 'Judgements').count()).toBe(0);
    await syncNow(amy.page);
    await menuLink(amy.page, 'Judgements').waitFor();
    await menuLink(amy.page, 'Today').waitFor();

    // Lena's signal comes back: the lead's screens leave her tablet as she looks at one, and what
    // she wrote as lead is refused by the server and kept for her to copy, never lost.
    await signalBack(lena);
    await syncOnce(lena.page);
    await lena.page
      .getByRole('heading', { level: 1, name: 'Only the lead inspector sees this screen' })
      .waitFor();
    expect(await menuLink(lena.page, 'Judgements').count()).toBe(0);
    // The bar counts both, and never says everything reached the server.
    const link = lena.page.getByRole('link', { name: REFUSED_LINK });
    await expect.poll(() => link.innerText()).toBe('2 changes were refused — see why');
    expect(await unsentCount(lena.page).innerText()).not.toContain('Everything');
    await link.click();
    await lena.page
      .getByRole('heading', { level: 1, name: 'Changes the server refused' })
      .waitFor();
    const cards = lena.page.getByTestId('refused-change');
    await expect.poll(() => cards.allInnerTexts()).toHaveLength(2);
    const texts = (await cards.allInnerTexts()).join('\n');
    expect(texts).toContain(RATIONALE);
    expect(texts).toContain(REVIEW);
    expect(texts).toContain('only the lead inspector may');
    await tabletScreenshots(lena.page, 'team-change-refused-after-handover', async (label) => {
      await expectNoAxeViolations(lena.page, label);
      await expectTouchTargets(lena.page, label);
    });
    const onServer = await pullAll(t.server.url, tokens.amy);
    expect(onServer.filter((r) => ['judgementDraft', 'review'].includes(r.entity))).toEqual([]);
  });

  it('[S8] the CLI’s add-member --role lead hands the lead back, never leaving two leads; the lead’s screens leave Amy with no reload', async () => {
    await goInApp(amy.page, `/i/${ids.a}/judgements`);
    const said = await runAdmin(
      ['add-member', '--inspection', ids.a, '--user', 'lena', '--role', 'lead'],
      { dataDir: t.server.dataDir, password: PASSWORD },
    );
    expect(said).toContain(`${AMY.name}, who led it, is now an inspector`);
    const listed = (await adminApi(t.server.url, coordinator, 'GET', ADMIN_ROUTES.inspections)) as {
      inspections: { id: string; team: { userId: string; role: string }[] }[];
    };
    const fenshire = listed.inspections.find((i) => i.id === ids.a)!;
    expect(fenshire.team.filter((m) => m.role === 'lead').map((m) => m.userId)).toEqual([ids.lena]);
    await syncNow(amy.page);
    await amy.page
      .getByRole('heading', { level: 1, name: 'Only the lead inspector sees this screen' })
      .waitFor();
    expect(await menuLink(amy.page, 'Judgements').count()).toBe(0);
  });

  it('[S6a] on two inspections at once, she switches between them while her tablet syncs, and loses nothing', async () => {
    await goInApp(lena.page, `/i/${ids.b}`);
    await startEvidence(lena.page, 'Document or performance data review');
    await writeNotes(lena.page, LENA_B);
    await syncOnce(lena.page); // her refused changes from the handover still wait for her
    await team(ids.b, [
      [ids.lena, 'lead'],
      [ids.amy, 'inspector'],
    ]);

    // Her sync learns of Moorside, and its pull is held while she writes in one, then the other.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await amy.context.route('**/api/sync/pull**', async (route) => {
      await held;
      await route.continue();
    });
    await goInApp(amy.page, `/i/${ids.a}`);
    await amy.page.getByRole('button', { name: 'Sync now' }).click();
    ids.amyA = await startEvidence(amy.page, 'Case-tracking note');
    await writeNotes(amy.page, AMY_A2);
    await goInApp(amy.page, '/');
    await amy.page.getByRole('link', { name: new RegExp(`^${AREA_B}`) }).click();
    await amy.page.getByRole('heading', { level: 1, name: AREA_B }).waitFor();
    ids.amyB = await startEvidence(amy.page, 'Practitioner interview');
    await writeNotes(amy.page, AMY_B);
    // All this while the sync was under way, and the bar said so.
    expect(await syncState(amy.page).innerText()).toBe('Syncing');
    release();
    await amy.context.unrouteAll({ behavior: 'wait' });
    await syncNow(amy.page);
    await openFromMenu(amy.page, 'Evidence', 'Evidence');
    const results = amy.page.getByRole('list', { name: 'Results' });
    await expect.poll(() => results.innerText()).toContain(LENA_B);
    expect(await results.innerText()).toContain(AMY_B);
    const texts = (await pullAll(t.server.url, tokens.amy)).map((r) => r.fields.text);
    expect(texts).toEqual(expect.arrayContaining([AMY_A2, AMY_B, LENA_B]));
    expect(await unsentCount(amy.page).innerText()).toBe('Everything is on the server.');
  });

  it('[S6a][S8] moved off Fenshire while offline with notes in both: Moorside’s reach the server, Fenshire’s leave the tablet and are kept as refused', async () => {
    await signalLost(amy);
    await goInApp(amy.page, `/i/${ids.a}`);
    ids.amyA3 = await startEvidence(amy.page, 'Case-tracking note');
    await writeNotes(amy.page, AMY_A3);
    await goInApp(amy.page, `/i/${ids.b}/evidence/${ids.amyB}`);
    await writeNotes(amy.page, `${AMY_B}${AMY_B_MORE}`);
    await team(ids.a, [[ids.lena, 'lead']]);
    await signalBack(amy);
    await syncOnce(amy.page);

    await expect
      .poll(() => notices(amy.page))
      .toEqual([expect.stringContaining(`You are no longer on the team of the ${AREA_A}`)]);
    expect((await notices(amy.page))[0]).toContain('1 change you had not sent');
    expect(await rowsOf(amy.page, ids.a)).toEqual({});
    const outbox = ((await dumpIndexedDb(amy.page))?.outbox ?? []) as Record<string, unknown>[];
    expect(outbox.map((op) => [op.entityId, op.state, op.reason])).toEqual([
      [ids.amyA3, 'rejected', 'forbidden'],
    ]);
    await goInApp(amy.page, '/');
    expect(await amy.page.getByRole('link', { name: new RegExp(`^${AREA_A}`) }).count()).toBe(0);
    // The server agrees: nothing of Fenshire for her, and a push to it is refused.
    expect(await serverFor(ids.a)).toEqual({ rows: [], listed: false });
    const moorside = await serverFor(ids.b);
    expect(moorside.rows.find((r) => r.id === ids.amyB)?.fields.text).toBe(`${AMY_B}${AMY_B_MORE}`);
  });

  it('[§4.3] Moorside reported while her words are unsent: they reach the server, then its rows leave, and the notice says so', async () => {
    await signalLost(amy);
    await goInApp(amy.page, `/i/${ids.b}`);
    const last = await startEvidence(amy.page, 'Focus group');
    await writeNotes(amy.page, AMY_B_LAST);
    await status(ids.b, 'reported');
    await signalBack(amy);
    await syncOnce(amy.page);
    await expect
      .poll(() => notices(amy.page))
      .toEqual([
        expect.stringContaining(`no longer on the team of the ${AREA_A}`),
        expect.stringContaining(`The ${AREA_B} inspection has been reported`),
      ]);
    expect((await notices(amy.page))[1]).toContain('Everything you recorded in it had reached');
    expect(await rowsOf(amy.page, ids.b)).toEqual({});
    const onServer = await serverFor(ids.b);
    expect(onServer.rows.filter((r) => r.id === last).map((r) => r.fields.text)).toEqual([
      AMY_B_LAST,
    ]);
  });

  it('[§4.3] reopened by the coordinator, Moorside comes back whole and the notice that it was reported goes', async () => {
    await status(ids.b, 'fieldwork');
    await syncOnce(amy.page);
    await goInApp(amy.page, '/');
    await amy.page.getByRole('link', { name: new RegExp(`^${AREA_B}`) }).waitFor();
    const server = await serverFor(ids.b);
    await expect
      .poll(async () => Object.values(await rowsOf(amy.page, ids.b)).reduce((a, b) => a + b, 0))
      .toBe(server.rows.length);
    await expect
      .poll(() => notices(amy.page))
      .toEqual([expect.stringContaining(`no longer on the team of the ${AREA_A}`)]);
  });
});
