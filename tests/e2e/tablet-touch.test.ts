import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newTabletContext, TABLET_VIEWPORTS } from '../support/browser';
import type { TabletOrientation } from '../support/browser';
import { menuLink, recordUrl, saveStatus } from '../support/capture-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { ALL_SENT, SYNCED_AT, syncText, unsentCount } from '../support/sync-flows';
import {
  SEED_AREA,
  SEED_PASSWORD,
  SEED_USERS,
  seedRecords,
  seedTeam,
} from '../support/tablet-seed';
import { controlProblems, focusedView, obscuredOnFocus } from '../support/wcag-touch';

// A tablet held in one hand and used by touch, at the smallest size the app supports (768 px,
// portrait and landscape): the lead's real day, every step a tap. At each screen, in both
// orientations, every control is measured against WCAG 2.2 — 2.5.8 Target Size (24 px or spaced),
// inside the screen's width (1.4.10), named — and Tab is walked through the whole page to check
// that no fixed or sticky part of the layout hides the control with focus (2.4.11). The editors
// are checked again with the on-screen keyboard up. tablet.test.ts and a11y.test.ts already hold
// every screen to 44 px targets, no sideways scroll and axe; this file does what they do not.

/**
 * The on-screen keyboard's height on a 10-inch tablet (about a third of the height in portrait,
 * half in landscape). The browser shrinks the viewport by it while a text field has focus.
 */
const KEYBOARD_PX = { portrait: 320, landscape: 380 } as const satisfies Record<
  TabletOrientation,
  number
>;

const ORIENTATIONS = ['portrait', 'landscape'] as const;

/**
 * FIELDBOOK_TOUCH_SHOTS=<dir> writes each screen as it is checked, and each control focused in
 * the lower half (where the fixed bars are), for a person to compare before and after a change.
 */
const SHOTS_DIR = process.env.FIELDBOOK_TOUCH_SHOTS;

const tap = (page: Page, role: 'link' | 'button', name: string | RegExp) =>
  page
    .getByRole(role, { name, exact: typeof name === 'string' })
    .first()
    .tap();

/** A text field as it is used: tapped (the keyboard opens), then typed into. */
const tapAndType = async (page: Page, label: string, text: string) => {
  const field = page.getByLabel(label, { exact: true });
  await field.tap();
  await field.fill(text);
};

/** The screen is there and its live queries have settled: no "Loading…" left in it. */
const heading = async (page: Page, name: string | RegExp) => {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.waitForFunction(
    () => !/Loading/.test(document.querySelector('main')?.textContent ?? ''),
  );
};

describe('one hand, by touch, on a 768 px tablet: WCAG 2.2 target size, focus not obscured, reflow', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-touch-e2e-'));
    dist = copyDist();
    const ids = await seedTeam(dataDir);
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    await seedRecords(server.url, ids);
    browser = await launchBrowser();
    if (SHOTS_DIR) mkdirSync(SHOTS_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the lead’s day, tapped through in portrait and landscape', async () => {
    const context = await newTabletContext(browser, 'portrait');
    const page = await context.newPage();
    const problems: string[] = [];
    const checked: string[] = [];

    /**
     * Checks the screen as it stands in both orientations (with the keyboard up when a text field
     * is being typed into), then puts the tablet back in portrait.
     */
    const check = async (screen: string, { typing = false } = {}) => {
      checked.push(screen);
      for (const orientation of ORIENTATIONS) {
        const { width, height } = TABLET_VIEWPORTS[orientation];
        const keyboard = typing ? KEYBOARD_PX[orientation] : 0;
        const label = `${screen} (${orientation}${typing ? ', keyboard up' : ''})`;
        const typingIn = typing ? await page.evaluate(() => document.activeElement?.id ?? '') : '';
        await page.setViewportSize({ width, height: height - keyboard });
        if (typingIn) {
          // As the keyboard opens the browser brings the field being typed into back into view.
          await page.evaluate((id) => {
            const field = document.getElementById(id);
            field?.focus();
            field?.scrollIntoView({ block: 'nearest' });
          }, typingIn);
          const view = await focusedView(page);
          if (!view?.centreSeen)
            problems.push(
              `${label}: the field being typed into, ${view?.element}, is hidden by ${view?.coveredBy.join(', ')}`,
            );
        }
        const slug = `${screen.replace(/\W+/g, '-')}-${width}x${height - keyboard}`;
        if (SHOTS_DIR) await page.screenshot({ path: join(SHOTS_DIR, `${slug}.png`) });
        const found = [
          ...(await controlProblems(page)),
          ...(await obscuredOnFocus(page, async (view, tab) => {
            // Where a bar could hide it: the control with focus as the eye sees it.
            if (SHOTS_DIR && view.fromBottom < 500)
              await page.screenshot({ path: join(SHOTS_DIR, `${slug}-tab${tab}.png`) });
          })),
          ...(await page.evaluate(() => {
            const own: string[] = [];
            const sideways = document.documentElement.scrollWidth - window.innerWidth;
            if (sideways > 0) own.push(`the page scrolls ${sideways} px sideways`);
            const h1 = document.querySelectorAll('h1').length;
            if (h1 !== 1) own.push(`${h1} level-one headings`);
            // 2.5.7: nothing here needs dragging.
            const drag = document.querySelectorAll('[draggable="true"]').length;
            if (drag > 0) own.push(`${drag} draggable element(s)`);
            return own;
          })),
        ];
        problems.push(...found.map((problem) => `${label}: ${problem}`));
      }
      await page.setViewportSize(TABLET_VIEWPORTS.portrait);
    };

    await page.goto(server.url);
    await heading(page, 'Set up Fieldbook on this device');
    await check('welcome gate, sign in');
    await tapAndType(page, 'Username', SEED_USERS.lead.username);
    await tapAndType(page, 'Password', SEED_PASSWORD);
    await check('welcome gate, typing the password', { typing: true });
    await tap(page, 'button', 'Sign in');
    await heading(page, 'Your inspections');
    await page.getByRole('link', { name: new RegExp(`^${SEED_AREA}`) }).waitFor();
    await check('inspections');

    await tap(page, 'link', new RegExp(`^${SEED_AREA}`));
    await heading(page, SEED_AREA);
    await menuLink(page, 'Today').waitFor();
    await check('inspection home');

    // Practitioner interview: chosen, started, notes typed with the keyboard up.
    await tap(page, 'link', 'Record evidence');
    await heading(page, 'Record evidence');
    await check('record evidence');
    await page.getByLabel('Practitioner interview', { exact: true }).tap();
    await tap(page, 'button', 'Continue');
    await page.waitForURL(recordUrl('evidence'));
    await heading(page, 'Practitioner interview');
    await check('practitioner interview');
    await tapAndType(page, 'Notes', 'Allocated worker explained the safety plan.');
    await saveStatus(page)
      .filter({ hasText: /^Saved/ })
      .waitFor();
    await check('practitioner interview, typing notes', { typing: true });

    // Shadowing: straight from Home's bottom bar, lines added with the thumb.
    await menuLink(page, 'Home').tap();
    await heading(page, SEED_AREA);
    await tap(page, 'link', 'Start shadowing');
    await heading(page, 'Shadowing observation');
    for (const line of ['Arrived for the home visit', 'Child seen alone in her room']) {
      await tapAndType(page, 'New line', line);
      await tap(page, 'button', 'Add line');
      await page.getByRole('list', { name: 'Observation lines' }).getByText(line).waitFor();
    }
    await check('shadowing');
    await page.getByLabel('New line', { exact: true }).tap();
    await check('shadowing, typing a line', { typing: true });

    // Case-tracking note.
    await menuLink(page, 'Home').tap();
    await heading(page, SEED_AREA);
    await tap(page, 'link', 'Record evidence');
    await heading(page, 'Record evidence');
    await page.getByLabel('Case-tracking note', { exact: true }).tap();
    await tap(page, 'button', 'Continue');
    await heading(page, 'Case-tracking note');
    await check('case-tracking note');
    await tapAndType(page, 'Notes', 'Plan reviewed on time; the child’s views recorded.');
    await check('case-tracking note, typing notes', { typing: true });

    // The sync bar: "Sync now" by thumb, then the evidence list with today's three.
    await tap(page, 'button', 'Sync now');
    await syncText(page).filter({ hasText: SYNCED_AT }).waitFor();
    await unsentCount(page).filter({ hasText: ALL_SENT }).waitFor();
    await menuLink(page, 'Evidence').tap();
    await heading(page, 'Evidence');
    await page.getByRole('list', { name: 'Results' }).getByRole('listitem').nth(2).waitFor();
    await check('evidence list, synced');

    // Put down: Lock, then unlocked again.
    await tap(page, 'button', 'Lock');
    await heading(page, 'Fieldbook is locked');
    await page.locator('#unlock-password:not([disabled])').waitFor();
    await check('locked');
    await tapAndType(page, 'Password', SEED_PASSWORD);
    await tap(page, 'button', 'Unlock');
    await page.getByRole('heading', { name: 'Fieldbook is locked' }).waitFor({ state: 'detached' });

    // The lead's evening.
    await menuLink(page, 'Today').tap();
    await heading(page, 'Today’s review');
    await check('today');
    await menuLink(page, 'Coverage').tap();
    await heading(page, 'Coverage');
    await check('coverage');

    await context.close();
    expect(checked).toHaveLength(15);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
