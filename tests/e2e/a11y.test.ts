import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_PASSWORD, passGate, unlock } from '../support/app-flows';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext } from '../support/browser';
import type { TabletOrientation } from '../support/browser';
import {
  addChildCase,
  addJourneyStage,
  addShadowingLines,
  openFromMenu,
  recordUrl,
  startEvidence,
  writeNotes,
} from '../support/capture-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { expectTouchTargets } from '../support/touch';

// DESIGN.md §6: WCAG 2.2 AA (axe-core finds nothing) and touch targets of at least 44 px, in
// portrait and landscape from 768 px wide, on every main screen an inspector uses. Each
// orientation walks through the app once as an inspector would, checking each screen as it
// stands, and reports every problem on every screen together.

const AREA = 'Eastshire County Council';

/** Runs both checks on the screen as it stands; collects failures instead of stopping. */
const checker = (page: Page, orientation: TabletOrientation) => {
  const problems: string[] = [];
  const checked: string[] = [];
  const check = async (screen: string) => {
    const label = `${screen} (${orientation})`;
    checked.push(screen);
    for (const run of [expectNoAxeViolations, expectTouchTargets]) {
      try {
        await run(page, label);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  return { check, problems, checked };
};

const LEAD_SCREENS = [
  ['Today', 'Today’s review'],
  ['Coverage', 'Coverage'],
  ['Journeys', "Children's journeys"],
  ['Judgements', 'Judgements'],
  ['Team meetings', 'Team meetings'],
  ['Export', 'Inspection record'],
] as const;

const SCREENS = [
  'welcome gate',
  'inspections list (none yet)',
  'unlock screen',
  'unlock screen, wrong password',
  'set-up inspection',
  'inspection home',
  'record evidence chooser',
  'evidence editor (practitioner interview)',
  'shadowing editor',
  'shadowing editor, empty line',
  'evidence list',
  'new case',
  'new case, not filled in',
  'case page with a journey',
  'child cases list',
  'raise concern',
  'concern page',
  'Today (lead)',
  'Coverage (lead)',
  'Journeys (lead)',
  'Judgements (lead)',
  'Team meetings (lead)',
  'Export (lead)',
  'inspections list',
  'settings',
  'sign-in',
];

describe('accessibility: WCAG 2.2 AA and 44 px touch targets on every main screen', () => {
  let server: RunningServer;
  let browser: Browser;
  let dist: string | undefined;

  beforeAll(async () => {
    assertDistBuilt();
    dist = copyDist();
    server = await startServer({ env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it.each(['portrait', 'landscape'] as const)('%s tablet', async (orientation) => {
    const context = await newTabletContext(browser, orientation);
    try {
      const page = await context.newPage();
      const { check, problems, checked } = checker(page, orientation);

      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Set up Fieldbook on this device' }).waitFor();
      await check('welcome gate');
      await passGate(page);
      await page.getByRole('heading', { level: 1, name: 'Your inspections' }).waitFor();
      await page.getByText('There are no inspections on this device yet.').waitFor();
      await check('inspections list (none yet)');

      // A full load locks the device again: the unlock screen.
      await page.goto(`${server.url}/inspections/new`);
      await page.getByRole('heading', { name: 'Fieldbook is locked' }).waitFor();
      await page.locator('#unlock-password:not([disabled])').waitFor();
      await check('unlock screen');
      await page.getByLabel('Password', { exact: true }).fill('not the password at all');
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      await page.locator('#unlock-password:not([disabled])').waitFor();
      await check('unlock screen, wrong password');
      await unlock(page, DEVICE_PASSWORD);

      await page.getByRole('heading', { name: 'Set up an inspection on this device' }).waitFor();
      await page.waitForSelector('form button[type="submit"]:not([disabled])');
      await check('set-up inspection');
      const nameField = page.getByLabel('Your name');
      if ((await nameField.count()) > 0) {
        await nameField.fill('Alex Inspector');
        await page.getByLabel('Your inspectorate').selectOption({ index: 1 });
      }
      await page.locator('input[type="radio"][value="cp-joint-2012"]').check();
      await page.getByLabel('Local authority area').fill(AREA);
      await page.getByRole('button', { name: 'Set up inspection' }).click();
      await page.waitForURL(/\/i\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name: AREA }).waitFor();
      await check('inspection home');

      await page.getByRole('link', { name: 'Record evidence', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Record evidence' }).waitFor();
      await check('record evidence chooser');

      await startEvidence(page, 'Practitioner interview');
      await writeNotes(page, 'Allocated social worker explained the safety plan.');
      await check('evidence editor (practitioner interview)');

      await startEvidence(page, 'Shadowing observation');
      await addShadowingLines(page, ['Arrived for the home visit', 'Child seen alone']);
      await check('shadowing editor');
      await page.getByRole('button', { name: 'Add line', exact: true }).click();
      await page.getByText('Type what you saw or heard, then add the line').waitFor();
      await check('shadowing editor, empty line');

      await openFromMenu(page, 'Evidence', 'Evidence');
      await page.getByRole('list', { name: 'Results' }).getByRole('listitem').nth(1).waitFor();
      await check('evidence list');

      await openFromMenu(page, 'Child cases', 'Child cases');
      await page.getByRole('link', { name: 'Add a child case' }).click();
      await page.getByRole('heading', { level: 1, name: 'Add a child case' }).waitFor();
      await check('new case');
      await page.getByRole('button', { name: 'Add case' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      await check('new case, not filled in');
      await addChildCase(page, { caseRef: 'LAC-0457', initials: 'JS', ageBand: '10 to 15' });
      await addJourneyStage(page, { label: 'Referral', date: '2026-01-20', note: 'From school' });
      await addJourneyStage(page, { label: 'Assessment', date: '2026-02-10' });
      await check('case page with a journey');
      await openFromMenu(page, 'Child cases', 'Child cases');
      await page.getByRole('link', { name: /^LAC-0457/ }).waitFor();
      await check('child cases list');

      await openFromMenu(page, 'Safeguarding', 'Safeguarding concerns');
      await page.getByRole('link', { name: 'Raise a safeguarding concern' }).click();
      await page.getByRole('heading', { level: 1, name: 'Raise a safeguarding concern' }).waitFor();
      await check('raise concern');
      await page.getByLabel('What is the concern?').fill('Child seen with an unexplained bruise.');
      await page.getByRole('button', { name: 'Save the concern' }).click();
      await page.waitForURL(recordUrl('safeguarding'));
      await page.getByTestId('phone-now').waitFor();
      await check('concern page');

      // The lead's evening screens (the device user leads an inspection set up on the device).
      for (const [menu, heading] of LEAD_SCREENS) {
        await openFromMenu(page, menu, heading);
        await check(`${menu} (lead)`);
      }

      await openFromMenu(page, 'Inspections', 'Your inspections');
      await page.getByRole('link', { name: new RegExp(`^${AREA}`) }).waitFor();
      await check('inspections list');
      await openFromMenu(page, 'Settings', 'Settings');
      await check('settings');
      await openFromMenu(page, 'Sign in', 'Sign in');
      await check('sign-in');

      expect(checked).toEqual(SCREENS);
      expect(problems, problems.join('\n\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
