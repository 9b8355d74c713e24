import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlock } from '../support/app-flows';
import { fillDateInput } from '../support/capture-flows';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext, TABLET_VIEWPORTS } from '../support/browser';
import {
  coordinatorLink,
  openFromMenu,
  signedInAs,
  startEvidence,
  writeNotes,
} from '../support/capture-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { dumpIndexedDb, pageSurface, tracesOf } from '../support/raw-storage';
import { startServer, addInspection, addUser } from '../support/server';
import type { RunningServer } from '../support/server';
import { signInOnWelcome, syncNow, syncState, syncText } from '../support/sync-flows';
import { expectTouchTargets } from '../support/touch';

// Issue 5, points 3 and 5, end to end on tablets: the coordinator screens (admins only, online)
// pass axe and the 44 px touch-target check in both orientations; a coordinator adds an inspector,
// sets up an inspection with its team, moves it on, sets the idle lock, and reads it all back in
// the audit log; a password reset ends the inspector's session without losing their evidence; and
// a revoked tablet wipes itself at its next contact with the server.

const PASSWORD = 'a long fieldwork passphrase';
const COORDINATOR = { username: 'cora', name: 'Cora Coordinator' };
const INSPECTOR = { username: 'ian', name: 'Ian Inspector' };
const NEWCOMER = { username: 'nia', name: 'Nia Newcomer' };
const NEWCOMER_PASSWORD = 'first password from cora';
const RESET_PASSWORD = 'second password from cora';
const CLI_AREA = 'Eastmere Borough Council';
const UI_AREA = 'Southdale District Council';
/** Distinctive, so finding it anywhere after the wipe can only mean a leftover. */
const PHRASE = 'Periwinkle strategy minutes were never shared with the school nurse';

const WELCOME = 'Set up Fieldbook on this device';
const LOCKED = 'Fieldbook is locked';
const SESSION_ENDED =
  'Your session has ended. Sign in again to sync; your work is kept on this device.';
const REVOKED_NOTICE =
  'A coordinator has revoked this device, so Fieldbook has removed all its data from it.';

type Device = { context: BrowserContext; page: Page };
/** How the coordinator sees the test's headless Chromium: its User-Agent read into words. */
const BROWSER_LABEL =
  /^Chrome on a Linux computer, first signed in \d{1,2} \w+ \d{4} at \d\d:\d\d$/;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** From anywhere in the app: the "Coordinator" link of the main menu, to the overview. */
const openCoordinator = async (page: Page) => {
  await coordinatorLink(page).click();
  await h1(page, 'Coordinator').waitFor();
  await page.getByRole('link', { name: 'Users and devices' }).waitFor();
};

/** Overview → one of its four screens, waiting until its data has loaded. */
const openScreen = async (
  page: Page,
  link: 'Users and devices' | 'Inspections and teams' | 'Device policy' | 'Audit log',
) => {
  await openCoordinator(page);
  await page.getByRole('link', { name: link, exact: true }).click();
  await h1(page, link).waitFor();
  const loaded = {
    'Users and devices': page.getByRole('heading', { level: 2, name: 'Add a user' }),
    'Inspections and teams': page.getByRole('heading', { level: 2, name: 'Set up an inspection' }),
    'Device policy': page.getByLabel('Lock after (minutes without use)'),
    'Audit log': page.locator('table caption', { hasText: /most recent entr/ }),
  }[link];
  await loaded.waitFor();
};

const openUser = async (page: Page, name: string) => {
  await openScreen(page, 'Users and devices');
  await page.getByRole('link', { name: new RegExp(`^${name}`) }).click();
  await h1(page, 'Password and devices').waitFor();
  await page.getByRole('heading', { level: 2, name: 'Devices' }).waitFor();
};

const openInspection = async (page: Page, area: string) => {
  await openScreen(page, 'Inspections and teams');
  await page.getByRole('link', { name: new RegExp(`^${area}`) }).click();
  await h1(page, 'Inspection status, team and retention').waitFor();
  await page.getByRole('heading', { level: 2, name: 'Team' }).waitFor();
};

/** The audit table's rows as "What | Who | Detail", newest first. */
const auditRows = async (page: Page): Promise<string[]> => {
  await openScreen(page, 'Audit log');
  return page.locator('table tbody tr').evaluateAll((rows) =>
    rows.map((row) =>
      Array.from(row.querySelectorAll('td'))
        .map((td) => td.textContent?.trim() ?? '')
        // Who | What: the log in words (issue 9), e.g. "Cora Coordinator | Added Nia Newcomer".
        .filter((_, i) => i === 1 || i === 2)
        .join(' | '),
    ),
  );
};

const login = (url: string, body: Record<string, string>) =>
  fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('coordinator screens: users, inspections, resets and device revocation (issue 5)', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let coordinator: Device;
  let tablet: Device;
  const extraContexts: BrowserContext[] = [];

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-coordinator-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addUser(admin, { ...COORDINATOR, inspectorate: 'ofsted', admin: true });
    await addUser(admin, { ...INSPECTOR, inspectorate: 'cqc' });
    // One inspection from the CLI, so the inspection screen can be checked before any UI change.
    await addInspection(admin, {
      area: CLI_AREA,
      starts: '2026-11-16',
      lead: INSPECTOR.username,
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
    const context = await newTabletContext(browser, 'portrait');
    coordinator = { context, page: await context.newPage() };
  });

  afterAll(async () => {
    for (const context of extraContexts) await context.close();
    await coordinator?.context.close();
    await tablet?.context.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the Coordinator link to admins only; every coordinator screen passes axe and the touch-target check, portrait and landscape', async () => {
    // An inspector: no link, and the screen itself says it is for coordinators.
    const inspectorContext = await newTabletContext(browser);
    extraContexts.push(inspectorContext);
    const inspector = await inspectorContext.newPage();
    await signInOnWelcome(inspector, server.url, INSPECTOR.username, PASSWORD);
    await signedInAs(inspector, INSPECTOR.name).waitFor({ state: 'attached' });
    expect(await coordinatorLink(inspector).count()).toBe(0);
    await inspector.goto(`${server.url}/admin`); // a reload locks: the key lives only in memory
    await inspector.getByRole('heading', { level: 1, name: LOCKED }).waitFor();
    await unlock(inspector, PASSWORD);
    await h1(inspector, 'Coordinator').waitFor();
    await inspector.getByText('Only coordinators can use these screens').waitFor();
    expect(await inspector.getByRole('link', { name: 'Users and devices' }).count()).toBe(0);
    await inspectorContext.close();
    extraContexts.pop();

    const { page } = coordinator;
    await signInOnWelcome(page, server.url, COORDINATOR.username, PASSWORD);
    await coordinatorLink(page).waitFor();

    const screens: [string, () => Promise<void>][] = [
      ['the overview', () => openCoordinator(page)],
      ['Users and devices', () => openScreen(page, 'Users and devices')],
      ['a user’s password and devices', () => openUser(page, INSPECTOR.name)],
      ['Inspections and teams', () => openScreen(page, 'Inspections and teams')],
      ['an inspection’s status and team', () => openInspection(page, CLI_AREA)],
      ['Device policy', () => openScreen(page, 'Device policy')],
      ['Audit log', () => openScreen(page, 'Audit log')],
    ];
    for (const orientation of ['portrait', 'landscape'] as const) {
      await page.setViewportSize(TABLET_VIEWPORTS[orientation]);
      for (const [label, open] of screens) {
        await open();
        const where = `${label} (${orientation})`;
        await expectNoAxeViolations(page, where);
        await expectTouchTargets(page, where);
      }
    }
    await page.setViewportSize(TABLET_VIEWPORTS.portrait);
  });

  it('adds an inspector, sets up an inspection with its team, changes its status and the idle lock; the audit log lists each', async () => {
    const { page } = coordinator;

    await openScreen(page, 'Users and devices');
    await page.getByLabel('Username', { exact: true }).fill(NEWCOMER.username);
    await page.getByLabel('Full name', { exact: true }).fill(NEWCOMER.name);
    await page.getByLabel('Inspectorate', { exact: true }).selectOption('cqc');
    await page.getByLabel('Initial password', { exact: true }).fill(NEWCOMER_PASSWORD);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByText(`${NEWCOMER.name} (${NEWCOMER.username}) has been added.`).waitFor();
    await page
      .getByRole('table')
      .getByRole('link', { name: new RegExp(`^${NEWCOMER.name}`) })
      .waitFor();

    await openScreen(page, 'Inspections and teams');
    await page.getByLabel('Inspection', { exact: true }).selectOption('cp-joint-2012');
    await page.getByLabel('Local authority area').fill(UI_AREA);
    await fillDateInput(page, 'Start of fieldwork', '2026-11-23');
    await page
      .getByLabel('Lead inspector')
      .selectOption({ label: `${INSPECTOR.name} (${INSPECTOR.username})` });
    await page.getByLabel(`${NEWCOMER.name} (${NEWCOMER.username})`, { exact: true }).check();
    await page.getByRole('button', { name: 'Set up inspection' }).click();
    await page.getByText(`The inspection of ${UI_AREA} has been set up.`).waitFor();
    const row = page.getByRole('row').filter({ hasText: UI_AREA });
    await expect
      .poll(() => row.innerText())
      .toMatch(new RegExp(`Planned[\\s\\S]*${INSPECTOR.name} \\(lead\\), ${NEWCOMER.name}`));

    await openInspection(page, UI_AREA);
    await page.getByLabel('Fieldwork', { exact: true }).check();
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByText('The status is now fieldwork.').waitFor();
    await openScreen(page, 'Inspections and teams');
    await expect.poll(() => row.innerText()).toContain('Fieldwork');

    await openScreen(page, 'Device policy');
    await page.getByLabel('Lock after (minutes without use)').fill('5');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Tablets now lock after 5 minutes without use.').waitFor();
    // The server holds it: a fresh look at the screen shows 5.
    await openScreen(page, 'Device policy');
    expect(await page.getByLabel('Lock after (minutes without use)').inputValue()).toBe('5');

    const rows = await auditRows(page);
    const log = rows.join('\n');
    const by = (what: string) => rows.includes(`${COORDINATOR.name} | ${what}`);
    expect(by(`Added ${NEWCOMER.name}`), log).toBe(true);
    expect(by(`Set up the ${UI_AREA} inspection`), log).toBe(true);
    expect(by(`Moved the ${UI_AREA} inspection to fieldwork`), log).toBe(true);
    expect(by('Set tablets to lock after 5 idle minutes'), log).toBe(true);
    // No ids or JSON in the log: people and inspections by name.
    expect(log, log).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|[{}]/);
    expect(
      rows.every((r) => !r.includes(NEWCOMER_PASSWORD)),
      'no password in the log',
    ).toBe(true);
  });

  it('a password reset on the user page ends the inspector’s session; they sign in with the new one and keep their evidence', async () => {
    const context = await newTabletContext(browser, 'landscape');
    tablet = { context, page: await context.newPage() };
    const { page } = tablet;
    await signInOnWelcome(page, server.url, NEWCOMER.username, NEWCOMER_PASSWORD);
    // The inspection set up on the screens, with its new status, came with the sign-in.
    await page.getByRole('link', { name: new RegExp(`^${UI_AREA}`) }).click();
    await h1(page, UI_AREA).waitFor();
    await startEvidence(page, 'Practitioner interview');
    await writeNotes(page, PHRASE);
    await syncNow(page);

    const { page: coord } = coordinator;
    await openUser(coord, NEWCOMER.name);
    await coord.getByLabel('New password', { exact: true }).fill(RESET_PASSWORD);
    await coord.getByLabel('Confirm the new password', { exact: true }).fill(RESET_PASSWORD);
    await coord.getByRole('button', { name: 'Reset password' }).click();
    await coord.getByText(`${NEWCOMER.name}’s password has been reset.`).waitFor();
    // The tablet that signed in is listed, with a way to revoke it.
    await coord.getByRole('button', { name: /^Revoke this device/ }).waitFor();

    // S7: the tablet's open event stream ends with the session, which starts a sync; that sync
    // is refused and the bar says what to do, with no tap (Sync now gives way to "Sign in
    // again"). Tapping Sync now here would race that: the button may already be gone.
    await syncText(page).filter({ hasText: SESSION_ENDED }).waitFor();
    await page.getByRole('link', { name: 'Sign in again' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sync now' }).count()).toBe(0);
    expect(await syncState(page).innerText()).toBe('Not signed in');
    expect(
      (await login(server.url, { username: NEWCOMER.username, password: NEWCOMER_PASSWORD }))
        .status,
    ).toBe(401);

    // Signing in again: lock, then "Sign in online instead" with the new password.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: LOCKED }).waitFor();
    await page.getByRole('button', { name: 'Sign in online instead' }).click();
    await page.locator('#username').fill(NEWCOMER.username);
    await page.locator('#password').fill(RESET_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: LOCKED }).waitFor({ state: 'detached' });
    await openFromMenu(page, 'Evidence', 'Evidence');
    const results = page.getByRole('list', { name: 'Results' });
    await expect.poll(() => results.innerText()).toContain(PHRASE);
    await syncNow(page);
  });

  it('revoking the tablet on the user page wipes it at its next contact, back to the welcome screen', async () => {
    const { page } = tablet;
    const before = await dumpIndexedDb(page);
    const meta = (rows: unknown[] | undefined) =>
      new Map(((rows ?? []) as { key: string; value: unknown }[]).map((m) => [m.key, m.value]));
    const deviceId = meta(before?.meta).get('clientId') as string;
    expect(deviceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(before?.evidence ?? []).toHaveLength(1);
    expect(meta(before?.meta).has('keyring')).toBe(true);

    const { page: coord } = coordinator;
    await openUser(coord, NEWCOMER.name);
    // The device in words: the server read the browser and platform from its sign-in (issue 9).
    const heading = coord.getByRole('heading', { level: 3, name: BROWSER_LABEL });
    await heading.waitFor();
    const label = (await heading.textContent())?.trim() ?? '';
    await coord.getByRole('button', { name: `Revoke this device (${label})` }).click();
    const confirm = coord.getByRole('group', { name: `Revoke ${label}` });
    await confirm.getByText('It cannot be undone.').waitFor();
    await expectNoAxeViolations(coord, 'the revoke confirmation');
    await expectTouchTargets(coord, 'the revoke confirmation');
    // Lost or stolen: it wipes at once (issue 11 point 7; the retired mode is in locks.test.ts).
    await confirm.getByLabel('Lost or stolen').check();
    await confirm.getByRole('button', { name: 'Yes, revoke this device' }).click();
    await coord.getByRole('heading', { level: 3, name: `${label} Revoked` }).waitFor();
    // Signed in again within the same minute, the new device reads the same: both gain the id.
    const revokedHeading = new RegExp(
      `^${escapeRegExp(label)}( \\(${deviceId.slice(0, 8)}\\))? Revoked$`,
    );

    // The tablet's next contact: "Sync now" (unless a sync the app started itself got there first).
    const syncButton = page.getByRole('button', { name: 'Sync now' });
    if (await syncButton.isVisible()) await syncButton.click().catch(() => undefined);
    await page.getByRole('heading', { level: 1, name: WELCOME }).waitFor();
    // The inspector is told why the tablet is empty.
    await page.getByText(REVOKED_NOTICE).waitFor();
    await expectNoAxeViolations(page, 'the welcome screen after a revocation');
    await expectTouchTargets(page, 'the welcome screen after a revocation');

    // Raw storage: the database holds none of it.
    const after = await dumpIndexedDb(page);
    for (const store of ['evidence', 'childCases', 'outbox', 'inspections'])
      expect(after?.[store] ?? [], store).toEqual([]);
    const metaAfter = meta(after?.meta);
    expect(metaAfter.has('keyring')).toBe(false);
    expect(metaAfter.has('session')).toBe(false);
    expect(tracesOf(JSON.stringify(after), [PHRASE, UI_AREA])).toEqual([]);
    expect(tracesOf(await pageSurface(page), [PHRASE, UI_AREA])).toEqual([]);

    // The revoked device id is refused at sign-in, even with the right password.
    const refused = await login(server.url, {
      username: NEWCOMER.username,
      password: RESET_PASSWORD,
      deviceId,
    });
    expect(refused.status).toBe(401);
    const body = (await refused.json()) as { error: { details?: { reason?: string } } };
    expect(body.error.details?.reason).toBe('device-revoked');

    // A wiped tablet is an empty one: signing in on it again makes it a new device (its old
    // identity went with the wipe), which the coordinator sees listed beside the revoked one.
    await signInOnWelcome(page, server.url, NEWCOMER.username, RESET_PASSWORD);
    const fresh = meta((await dumpIndexedDb(page))?.meta).get('clientId') as string;
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh).not.toBe(deviceId);
    // The user list is cached for 30 s; a reload (which locks: the key lives in memory) reads it afresh.
    await openUser(coord, NEWCOMER.name);
    await coord.reload();
    await unlock(coord, PASSWORD);
    await h1(coord, 'Password and devices').waitFor();
    await coord.getByRole('heading', { level: 3, name: revokedHeading }).waitFor();
    await coord
      .getByRole('button', {
        name: /^Revoke this device \(Chrome on a Linux computer, first signed in .+\)$/,
      })
      .waitFor();

    const rows = await auditRows(coord);
    const log = rows.join('\n');
    expect(rows.includes(`${COORDINATOR.name} | Reset the password of ${NEWCOMER.name}`), log).toBe(
      true,
    );
    expect(rows.includes(`${COORDINATOR.name} | Revoked a device of ${NEWCOMER.name}`), log).toBe(
      true,
    );
    expect(
      rows.includes(
        `${NEWCOMER.name} | Tried to sign in on a revoked device; it was told to wipe its data`,
      ),
      log,
    ).toBe(true);
  });
});
