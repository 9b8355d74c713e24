import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passGate } from '../support/app-flows';
import { mkdirSync } from 'node:fs';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext, TABLET_VIEWPORTS } from '../support/browser';
import { ARTIFACTS_DIR } from '../support/paths';
import { expectTouchTargets } from '../support/touch';
import { openFromMenu, startEvidence, writeNotes } from '../support/capture-flows';
import { adminApi, apiLogin, goInApp, pullAll } from '../support/day-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import {
  addInspection,
  addTeamCast,
  addUser,
  runAdmin,
  startServer,
  type RunningServer,
} from '../support/server';
import { signInOnWelcome, syncNow, syncOnce } from '../support/sync-flows';

// Issue 8, "What it must show", the team half, end to end against the real server: a device-only
// inspection joins a server one and its evidence reaches the lead; an inspector added to a second
// inspection receives its older evidence, and removed, sees it leave with a message and what could
// not be sent kept as refused (S6a); a change the server really refuses is shown and can be
// discarded.

const PASSWORD = 'a long fieldwork passphrase';
const AREA_A = 'Fenshire Council';
const AREA_B = 'Moorside Borough';
/** Both inspections: Lena leads, fieldwork from 23 November 2026. */
const FIELDWORK = { starts: '2026-11-23', lead: 'lena' };
const REFUSED_LINK = /^\d+ changes? (was|were) refused — see why$/;

type Device = { context: BrowserContext; page: Page };

/**
 * Issue 8's new screens in both tablet orientations: axe-clean, 44 px targets, and a screenshot
 * of each in tests/.artifacts/screenshots for a person to look at.
 */
const checkScreen = async (page: Page, name: string) => {
  const dir = join(ARTIFACTS_DIR, 'screenshots');
  mkdirSync(dir, { recursive: true });
  for (const viewport of Object.values(TABLET_VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await expectNoAxeViolations(page, `${name} ${viewport.width}×${viewport.height}`);
    await expectTouchTargets(page, `${name} ${viewport.width}×${viewport.height}`);
    await page.screenshot({
      path: join(dir, `issue8-${name}-${viewport.width}x${viewport.height}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize(TABLET_VIEWPORTS.portrait);
};

describe('team changes and refused changes (issue 8)', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let lena: Device;
  let amy: Device;
  let ben: Device;
  let coordinator = '';
  const ids = { a: '', b: '', amy: '', ben: '', lena: '' };

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-team-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addTeamCast(admin);
    await addUser(admin, { username: 'ben', name: 'Ben Inspector', inspectorate: 'hmic' });
    ids.a = await addInspection(admin, { ...FIELDWORK, area: AREA_A, members: ['amy', 'ben'] });
    ids.b = await addInspection(admin, { ...FIELDWORK, area: AREA_B });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    coordinator = (await apiLogin(server.url, 'cora', PASSWORD)).token;
    for (const name of ['amy', 'ben', 'lena'] as const)
      ids[name] = (await apiLogin(server.url, name, PASSWORD)).user.id;
    browser = await launchBrowser();
    const device = async (): Promise<Device> => {
      const context = await newTabletContext(browser);
      return { context, page: await context.newPage() };
    };
    [lena, amy, ben] = [await device(), await device(), await device()];
    await signInOnWelcome(lena.page, server.url, 'lena', PASSWORD);
    await signInOnWelcome(amy.page, server.url, 'amy', PASSWORD);
  });

  afterAll(async () => {
    for (const d of [lena, amy, ben]) await d?.context.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a device-only inspection joins a server inspection and its evidence reaches the lead', async () => {
    const { page } = ben;
    // First use with no connection: the device password is the account password, so the
    // later sign-in unlocks the same data key.
    await page.goto(`${server.url}/inspections/new`);
    await passGate(page, PASSWORD);
    await page.waitForSelector('form button[type="submit"]:not([disabled])');
    await page.getByLabel('Your name').fill('Ben Inspector');
    await page.getByLabel('Your inspectorate').selectOption({ index: 1 });
    await page.locator('input[type="radio"][value="cp-joint-2012"]').check();
    await page.getByLabel('Local authority area').fill('Fenshire (on my tablet)');
    await page.getByRole('button', { name: 'Set up inspection' }).click();
    await page.waitForURL(/\/i\/[0-9a-f-]{36}$/);
    const local = new URL(page.url()).pathname.split('/')[2]!;
    await startEvidence(page, 'Focus group');
    await writeNotes(
      page,
      'Focus group of school nurses: referrals are acknowledged within a day.',
    );

    await goInApp(page, '/sign-in');
    await page.getByLabel('Username', { exact: true }).fill('ben');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Your inspections' }).waitFor();

    await goInApp(page, `/i/${local}`);
    await page.getByRole('link', { name: 'Join it to an inspection on the server' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Join it to an inspection on the server' })
      .waitFor();
    await checkScreen(page, 'join');
    await page.getByLabel(new RegExp(`^${AREA_A}`)).check();
    await page.getByRole('button', { name: 'Join and sync' }).click();
    await page.getByRole('heading', { level: 1, name: AREA_A }).waitFor();
    await page
      .getByText('1 record from this device joined this inspection.', { exact: false })
      .waitFor();
    await syncNow(page);

    await syncNow(lena.page);
    await lena.page.getByRole('link', { name: new RegExp(`^${AREA_A}`) }).click();
    await openFromMenu(lena.page, 'Evidence', 'Evidence');
    await expect
      .poll(() => lena.page.getByRole('list', { name: 'Results' }).innerText())
      .toContain('referrals are acknowledged within a day');
  });

  it('[S6a] an inspector added to a second inspection receives its older evidence', async () => {
    await goInApp(lena.page, `/i/${ids.b}`);
    await lena.page.getByRole('heading', { level: 1, name: AREA_B }).waitFor();
    for (const text of [
      'Older note one about the front door.',
      'Older note two about MASH.',
      'Older note three.',
    ]) {
      await startEvidence(lena.page, 'Document or performance data review');
      await writeNotes(lena.page, text);
    }
    await syncNow(lena.page);
    await syncNow(amy.page); // Amy's checkpoint is now past those notes' versions

    await runAdmin(['add-member', '--inspection', ids.b, '--user', 'amy'], {
      dataDir,
      password: PASSWORD,
    });
    const states = await syncNow(amy.page);
    expect(states.some((s) => s.startsWith('Syncing: Receiving the team'))).toBe(true);
    await goInApp(amy.page, '/');
    await amy.page.getByRole('link', { name: new RegExp(`^${AREA_B}`) }).click();
    await openFromMenu(amy.page, 'Evidence', 'Evidence');
    const results = amy.page.getByRole('list', { name: 'Results' });
    await expect.poll(() => results.getByRole('listitem').count()).toBe(3);
    expect(await results.innerText()).toContain('Older note two about MASH.');
  });

  it('[S6a] removed from it, its rows leave the device with a message, and unsent work is kept as refused', async () => {
    // Amy's tablet loses its connection (every request to the server fails) and she records one
    // more note in the second inspection; meanwhile the coordinator takes her off its team.
    await amy.context.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await startEvidence(amy.page, 'Case-tracking note');
    await writeNotes(amy.page, 'Written after removal: the plan lacks dates.');
    await adminApi(server.url, coordinator, 'PUT', `/api/admin/inspections/${ids.b}/team`, {
      members: [{ userId: ids.lena, role: 'lead' }],
    });
    await amy.context.unroute('**/api/**');
    await syncOnce(amy.page);

    const notice = amy.page.getByTestId('device-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toContain(
      `You are no longer on the team of the ${AREA_B} inspection`,
    );
    await checkScreen(amy.page, 'removal-notice');
    await goInApp(amy.page, '/');
    await amy.page.getByRole('heading', { level: 1, name: 'Your inspections' }).waitFor();
    expect(await amy.page.getByRole('link', { name: new RegExp(`^${AREA_B}`) }).count()).toBe(0);
    await amy.page.getByRole('link', { name: REFUSED_LINK }).waitFor();
    await notice.getByRole('link', { name: 'changes the server refused' }).click();
    const card = amy.page.getByTestId('refused-change');
    await expect
      .poll(() => card.innerText())
      .toContain('Written after removal: the plan lacks dates.');
    await amy.page.getByRole('button', { name: /^Dismiss/ }).click();
    await notice.waitFor({ state: 'detached' });
  });

  it('a change the server really refuses (a lead demoted while offline) is shown, copied and discarded', async () => {
    const { page } = lena;
    await goInApp(page, `/i/${ids.a}/judgements/overall`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await server.stop();
    await page.getByLabel('Good', { exact: true }).check();
    await page
      .getByLabel('Rationale')
      .fill('Partners share information well; plans are reviewed on time.');
    // Stored on the device before the server comes back: a save says when (not the idle wording).
    await page
      .getByText(/^Saved at \d\d:\d\d:\d\d$/)
      .first()
      .waitFor();
    // Demoted while the server is down (the coordinator's CLI on the same data), so no retry of
    // the app's can reach the server before the change of role does.
    const admin = { dataDir, password: PASSWORD };
    await runAdmin(['add-member', '--inspection', ids.a, '--user', 'ben', '--role', 'lead'], admin);
    await runAdmin(
      ['add-member', '--inspection', ids.a, '--user', 'lena', '--role', 'inspector'],
      admin,
    );
    await server.restart();
    await syncOnce(page);
    const link = page.getByRole('link', { name: REFUSED_LINK });
    await link.waitFor();
    expect(await page.getByTestId('unsent-count').innerText()).not.toContain('Everything');
    await checkScreen(page, 'statusbar-refused');
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Changes the server refused' }).waitFor();
    const card = page.getByTestId('refused-change');
    expect(await card.getByRole('heading', { level: 2 }).innerText()).toMatch(
      /^Judgement draft: Overall effectiveness/,
    );
    expect(await card.getByTestId('refused-reason').innerText()).toContain(
      'only the lead inspector may',
    );
    expect(await card.innerText()).toContain('Partners share information well');
    await checkScreen(page, 'refused-changes');

    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await card.getByRole('button', { name: /^Copy text/ }).click();
    await card.getByText(/^Copied/).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(
      'Rationale: Partners share information well',
    );

    await card.getByRole('button', { name: /^Discard/ }).click();
    await card.getByRole('button', { name: /^Yes, discard it/ }).click();
    await page.getByText(/No change is waiting here/).waitFor();
    expect(await page.getByRole('link', { name: REFUSED_LINK }).count()).toBe(0);

    const { token } = await apiLogin(server.url, 'ben', PASSWORD);
    const drafts = (await pullAll(server.url, token)).filter((r) => r.entity === 'judgementDraft');
    expect(drafts).toEqual([]); // refused means nothing changed on the server
  });
});
