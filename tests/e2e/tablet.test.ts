import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext } from '../support/browser';
import { menuButton } from '../support/capture-flows';
import { copyDist } from '../support/dist-copy';
import { ARTIFACTS_DIR, assertDistBuilt } from '../support/paths';
import { startServer, type RunningServer } from '../support/server';
import { signInOnWelcome } from '../support/sync-flows';
import {
  COORDINATOR_AREA,
  SEED_AREA,
  SEED_CONTACTS,
  SEED_PASSWORD,
  SEED_USERS,
  seedRecords,
  seedTeam,
  type Seeded,
} from '../support/tablet-seed';
import { expectTouchTargets } from '../support/touch';

// Issue 9, "What it must show": every screen of every role, at the five tablet sizes inspectors
// carry, with no sideways page scroll, no tap target under 44 px, no axe WCAG 2.2 A/AA violation
// and a title of its own; a screenshot of each in portrait and landscape for a person to look at.
// One browser and one server for the whole run; each role is one device (browser context) that
// moves between screens inside the app (a full page load would lock it again).

const VIEWPORTS = [
  { width: 768, height: 1024 },
  { width: 820, height: 1180 },
  { width: 1024, height: 768 },
  { width: 1180, height: 820 },
  { width: 1366, height: 1024 },
] as const;
/** The two sizes written as screenshots: the smallest portrait and landscape the app supports. */
const SCREENSHOT_SIZES = new Set(['768x1024', '1024x768']);
const SCREENS_DIR = join(ARTIFACTS_DIR, 'screens');

type Role = keyof typeof SEED_USERS;
/** `route` groups screens that are one route shown with another record (same title by design). */
type Screen = { name: string; path: string; heading: string | RegExp; route?: string };

const screensFor = (role: Role, s: Seeded): Screen[] => {
  const i = `/i/${s.inspectionId}`;
  const everyone: Screen[] = [
    { name: 'inspections', path: '/', heading: /^Your inspections$/ },
    { name: 'home', path: i, heading: SEED_AREA },
    { name: 'evidence-list', path: `${i}/evidence`, heading: /^Evidence$/ },
    { name: 'record-evidence', path: `${i}/evidence/new`, heading: /^Record evidence$/ },
    {
      name: 'evidence',
      path: `${i}/evidence/${s.evidenceId}`,
      heading: /Practitioner interview/,
      route: 'evidence-record',
    },
    {
      name: 'shadowing',
      path: `${i}/evidence/${s.shadowingId}`,
      heading: /Shadowing observation/,
      route: 'evidence-record',
    },
    { name: 'cases', path: `${i}/cases`, heading: /^Child cases$/ },
    { name: 'new-case', path: `${i}/cases/new`, heading: /^Add a child case$/ },
    { name: 'case', path: `${i}/cases/${s.caseId}`, heading: /^NS-10472/ },
    { name: 'safeguarding', path: `${i}/safeguarding`, heading: /^Safeguarding concerns$/ },
    {
      name: 'raise-concern',
      path: `${i}/safeguarding/new`,
      heading: /^Raise a safeguarding concern$/,
    },
    { name: 'concern', path: `${i}/safeguarding/${s.concernId}`, heading: /^Safeguarding concern/ },
    { name: 'export', path: `${i}/export`, heading: /^Inspection record$/ },
    { name: 'settings', path: '/settings', heading: /^Settings$/ },
    { name: 'account', path: '/sign-in', heading: /^Your account$/ },
  ];
  const lead: Screen[] = [
    { name: 'today', path: `${i}/today`, heading: /^Today’s review$/ },
    { name: 'review', path: `${i}/today/${s.evidenceId}`, heading: /Practitioner interview/ },
    { name: 'coverage', path: `${i}/coverage`, heading: /^Coverage$/ },
    { name: 'judgements', path: `${i}/judgements`, heading: /^Judgements$/ },
    {
      name: 'judgement',
      path: `${i}/judgements/help-and-protection`,
      heading: /^The effectiveness of help and protection$/,
    },
    { name: 'meetings', path: `${i}/meetings`, heading: /^Team meetings$/ },
    { name: 'new-meeting', path: `${i}/meetings/new`, heading: /^Record a team meeting$/ },
    { name: 'meeting', path: `${i}/meetings/${s.meetingId}`, heading: /^Team meeting/ },
  ];
  const coordinator: Screen[] = [
    {
      name: 'lead-home-with-coordinator',
      path: `/i/${s.coordinatorInspectionId}`,
      heading: COORDINATOR_AREA,
    },
    { name: 'admin', path: '/admin', heading: /^Coordinator$/ },
    { name: 'admin-users', path: '/admin/users', heading: /^Users and devices$/ },
    {
      name: 'admin-user',
      path: `/admin/users/${s.userIds.inspector}`,
      heading: /^Password and devices$/,
    },
    { name: 'admin-inspections', path: '/admin/inspections', heading: /^Inspections and teams$/ },
    {
      name: 'admin-inspection',
      path: `/admin/inspections/${s.inspectionId}`,
      heading: /^Inspection status, team and retention$/,
    },
    { name: 'admin-settings', path: '/admin/settings', heading: /^Device policy$/ },
    { name: 'admin-audit', path: '/admin/audit', heading: /^Audit log$/ },
  ];
  if (role === 'inspector')
    return [
      ...everyone,
      {
        name: 'today-refused',
        path: `${i}/today`,
        heading: /^Only the lead inspector sees this screen$/,
      },
    ];
  if (role === 'lead') return [...everyone, ...lead];
  return [...everyone, ...coordinator];
};

/** Moves inside the app as its own links do (history + popstate): no reload, so no lock. */
const goTo = async (page: Page, path: string, heading: string | RegExp, area?: string) => {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  // The title names the inspection's area once its record has loaded.
  if (area) await page.waitForFunction((a) => document.title.includes(a), area);
  // Live queries and server reads settle: no "Loading…" left in the page.
  await page.waitForFunction(
    () => !/Loading/.test(document.querySelector('main')?.textContent ?? ''),
  );
};

const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('made for the tablet: every screen of every role at five tablet sizes (issue 9)', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let seeded: Seeded;
  const devices = new Map<Role, { context: BrowserContext; page: Page }>();
  /** title → the screen that showed it, across roles: a screen's title is its own. */
  const titles = new Map<string, string>();

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-tablet-e2e-'));
    dist = copyDist();
    const ids = await seedTeam(dataDir);
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    seeded = await seedRecords(server.url, ids);
    browser = await launchBrowser();
    mkdirSync(SCREENS_DIR, { recursive: true });
  });

  afterAll(async () => {
    for (const { context } of devices.values()) await context.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const signIn = async (role: Role) => {
    const context = await newTabletContext(browser, 'portrait');
    const page = await context.newPage();
    await signInOnWelcome(page, server.url, SEED_USERS[role].username, SEED_PASSWORD);
    await page.getByRole('link', { name: new RegExp(`^${SEED_AREA}`) }).waitFor();
    devices.set(role, { context, page });
    return page;
  };

  it.each(['inspector', 'lead', 'coordinator'] as const)(
    'as the %s: the nav row shows exactly the role’s screens; the rest is behind Menu',
    async (role) => {
      const page = await signIn(role);
      await goTo(page, `/i/${seeded.inspectionId}`, SEED_AREA, SEED_AREA);
      const row = () =>
        page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allInnerTexts();
      const inspectorRow = ['Home', 'Evidence', 'Child cases', 'Safeguarding'];
      const leadRow = ['Today', 'Coverage', 'Judgements', 'Team meetings'];
      // Polled: the role is read from the inspection's team once that has loaded.
      await expect.poll(row).toEqual([...inspectorRow, ...(role === 'lead' ? leadRow : [])]);
      // A coordinator's own screens are one tap away in the header; nobody else has the link.
      const coordinator = page.getByRole('banner').getByRole('link', { name: 'Coordinator' });
      expect(await coordinator.count()).toBe(role === 'coordinator' ? 1 : 0);
      // The Menu is a disclosure: closed, its links are hidden; open, they are there to tap.
      const button = menuButton(page);
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByRole('link', { name: 'Export', exact: true }).count()).toBe(0);
      await button.focus();
      await page.keyboard.press('Enter');
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      const menu = await page.locator('.fb-menu__panel').getByRole('link').allInnerTexts();
      // The lead's Journeys (beside Coverage) is in the menu: a ninth nav link would not fit.
      expect(menu).toEqual([
        ...(role === 'lead' ? ['Journeys'] : []),
        'Export',
        'Inspections',
        'Settings',
        'Sign out',
      ]);
      // Open, the menu itself passes the same checks as every screen.
      if (role === 'coordinator') {
        await expectNoAxeViolations(page, 'the open Menu');
        await expectTouchTargets(page, 'the open Menu');
        await page.screenshot({ path: join(SCREENS_DIR, 'menu-open-768x1024.png') });
      }
      await page.keyboard.press('Escape');
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent))
        .toBe('Menu');
    },
  );

  it('a coordinator who also leads sees all eight inspection screens on one row at 768 px', async () => {
    const { page } = devices.get('coordinator')!;
    await goTo(page, `/i/${seeded.coordinatorInspectionId}`, COORDINATOR_AREA, COORDINATOR_AREA);
    await page.getByRole('heading', { level: 1, name: COORDINATOR_AREA }).waitFor();
    const items = page.getByRole('navigation', { name: 'Main menu' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(8);
    const tops = await items.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().top));
    expect(new Set(tops).size, `nav rows at ${tops.join(', ')}`).toBe(1);
  });

  it('the concern screen offers the numbers the coordinator recorded, as tap-to-call links', async () => {
    const { page } = devices.get('inspector')!;
    await goTo(
      page,
      `/i/${seeded.inspectionId}/safeguarding/${seeded.concernId}`,
      /^Safeguarding concern/,
    );
    const links = page.getByTestId('phone-now').getByRole('link');
    await expect.poll(() => links.count()).toBe(3);
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      `tel:${SEED_CONTACTS.frontDoor.replaceAll(' ', '')}`,
      `tel:${SEED_CONTACTS.outOfHours.replaceAll(' ', '')}`,
      `tel:${SEED_CONTACTS.lado.replaceAll(' ', '')}`,
    ]);
  });

  it('an inspector who types a lead screen’s address is refused', async () => {
    const { page } = devices.get('inspector')!;
    for (const section of ['today', 'coverage', 'judgements', 'meetings']) {
      await goTo(
        page,
        `/i/${seeded.inspectionId}/${section}`,
        'Only the lead inspector sees this screen',
      );
      await page
        .getByRole('heading', { level: 1, name: 'Only the lead inspector sees this screen' })
        .waitFor();
    }
  });

  it.each(['inspector', 'lead', 'coordinator'] as const)(
    'as the %s: each screen fits, has 44 px targets, passes axe and has its own title',
    async (role) => {
      const { page } = devices.get(role)!;
      const problems: string[] = [];
      for (const screen of screensFor(role, seeded)) {
        await page.setViewportSize(VIEWPORTS[0]);
        const area = !screen.path.startsWith('/i/')
          ? undefined
          : screen.path.includes(seeded.coordinatorInspectionId)
            ? COORDINATOR_AREA
            : SEED_AREA;
        await goTo(page, screen.path, screen.heading, area);
        const title = await page.title();
        const seen = titles.get(title);
        const id = screen.route ?? screen.name;
        if (seen && seen !== id) problems.push(`"${title}" is the title of ${seen} and ${id}`);
        titles.set(title, id);
        for (const viewport of VIEWPORTS) {
          const size = `${viewport.width}x${viewport.height}`;
          const label = `${role} ${screen.name} at ${size}`;
          await page.setViewportSize(viewport);
          const overflow = await sidewaysOverflow(page);
          if (overflow > 0) problems.push(`${label}: the page scrolls ${overflow} px sideways`);
          for (const run of [expectTouchTargets, expectNoAxeViolations]) {
            try {
              await run(page, label);
            } catch (error) {
              problems.push(error instanceof Error ? error.message : String(error));
            }
          }
          if (SCREENSHOT_SIZES.has(size)) {
            await page.screenshot({
              path: join(SCREENS_DIR, `${role}-${screen.name}-${size}.png`),
              fullPage: true,
            });
          }
        }
      }
      expect(problems, problems.join('\n\n')).toEqual([]);
    },
  );
});
