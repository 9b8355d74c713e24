import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext, TABLET_VIEWPORTS } from '../support/browser';
import type { TabletOrientation } from '../support/browser';
import { menuLink, recordUrl, saveStatus } from '../support/capture-flows';
import { copyDist } from '../support/dist-copy';
import {
  caretView,
  contentJumps,
  KEYBOARD_UP_VIEWPORTS,
  reachProblem,
  screenProblems,
  thumbTap,
  watchContentTop,
} from '../support/one-hand';
import { ARTIFACTS_DIR, assertDistBuilt } from '../support/paths';
import { addInspection, addUser, startServer, type RunningServer } from '../support/server';
import { ALL_SENT, SYNCED_AT, syncText, unsentCount } from '../support/sync-flows';

// An inspector shadowing a social worker on a home visit: standing, the tablet in one hand, every
// step a tap of the thumb (no mouse, no Tab, no shortcut), the on-screen keyboard taking about
// 40 % of the screen whenever a text field has focus, the tablet turned mid-sentence, a
// case-tracking note in between, a phone call, and Sync now. At every step: the words being typed
// stay in sight (WCAG 2.2 2.4.11, measured at the caret against what is on screen), the save status
// and the buttons the step needs can be reached and are 44 px (2.5.8, DESIGN.md §6), a tap lands
// where the thumb aimed, nothing scrolls sideways, pinch-zoom is left on, nothing needs hover or
// dragging, and turning the tablet keeps every word and the caret. tablet-touch.test.ts walks the
// lead's screens with Tab; this walks one inspector's visit as it is lived.

const PASSWORD = 'a long passphrase for one hand';
const AREA = 'Eastmoor';
const INSPECTOR = { username: 'omar', name: 'Omar Inspector' };
const LEAD = { username: 'lena', name: 'Lena Lead' };
const SHOTS = join(ARTIFACTS_DIR, 'one-hand');

type Reach = [Locator, string];

const LINES = [
  'Arrived at the family home with the social worker at 10:05',
  'Mother opened the door holding the baby; partner not present',
  'Social worker asked to see where the baby sleeps',
  'Cot clean, safe sleeping advice given again',
  'Older sibling (9) at home, not at school today; social worker to check with the school',
  'Mother said the health visitor has not been for six weeks',
];
/** Long enough to run on below the keyboard as it is typed, as a case file's note does. */
const NOTE_START =
  'Plan reviewed on time and the core group has met every four weeks. The child’s views are in ' +
  'the last review, written by the social worker after seeing her alone at school. Health: the ' +
  'initial health assessment was late by five weeks; dental check not recorded. Education: ' +
  'attendance 84 % this term, the designated teacher attends core groups. Police: two call-outs ' +
  'to the home since the plan began, both shared with the social worker the next morning. The ' +
  'IRO challenged the drift in the pre-proceedings letter in October and asked';
const NOTE_END = ' for a health assessment that is now overdue.';

describe('one hand, standing: a shadowing visit by thumb, keyboard up, turned mid-sentence', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-one-hand-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    for (const user of [LEAD, INSPECTOR]) await addUser(admin, { ...user, inspectorate: 'ofsted' });
    await addInspection(admin, {
      area: AREA,
      starts: '2026-11-23',
      lead: LEAD.username,
      members: [INSPECTOR.username],
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a home visit: lines added one after another, a note between, a call, Sync now', async () => {
    const context = await newTabletContext(browser, 'portrait', { isMobile: true });
    await context.clock.install();
    const page: Page = await context.newPage();
    const problems: string[] = [];
    let orientation: TabletOrientation = 'portrait';
    let keyboardUp = false;
    let step = 0;

    /** The viewport as the tablet stands: its orientation, less the keyboard while it is up. */
    const fit = () =>
      page.setViewportSize((keyboardUp ? KEYBOARD_UP_VIEWPORTS : TABLET_VIEWPORTS)[orientation]);
    const textFocused = () =>
      page.evaluate(() => {
        const a = document.activeElement;
        return (
          a instanceof HTMLTextAreaElement ||
          (a instanceof HTMLInputElement && ['text', 'password', ''].includes(a.type))
        );
      });

    /** A tap of the thumb; the keyboard comes up (or goes) with where focus ends. */
    const tap = async (control: Locator, what: string) => {
      const missed = await thumbTap(page, control, what);
      if (missed) problems.push(missed);
      const up = await textFocused();
      if (up !== keyboardUp) {
        keyboardUp = up;
        await fit();
        // As the keyboard opens, the browser scrolls the field being typed into above it.
        if (up)
          await page.evaluate(() => document.activeElement?.scrollIntoView({ block: 'nearest' }));
      }
    };

    const turn = async () => {
      orientation = orientation === 'portrait' ? 'landscape' : 'portrait';
      await fit();
    };

    /** Everything that must hold at this moment; `reach` names the controls the step needs. */
    const check = async (what: string, reach: Reach[] = []) => {
      step += 1;
      const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
      const label = `${String(step).padStart(2, '0')} ${what} (${width}x${height}${keyboardUp ? ', keyboard up' : ''})`;
      await page.screenshot({
        path: join(
          SHOTS,
          `${label.slice(0, 2)}-${what.replace(/\W+/g, '-')}-${width}x${height}.png`,
        ),
      });
      const found = await screenProblems(page);
      if (keyboardUp) {
        const caret = await caretView(page);
        if (!caret) found.push('the keyboard is up but no text field has focus');
        else if (!caret.seen)
          found.push(
            `the caret of ${caret.field} (at ${caret.caret.join('–')} px) is hidden: ${caret.coveredBy}`,
          );
      }
      for (const [control, name] of reach) {
        const problem = await reachProblem(control, name, { tapped: control !== status });
        if (problem) found.push(problem);
      }
      problems.push(...found.map((p) => `${label}: ${p}`));
    };

    const heading = (name: string | RegExp) =>
      page.getByRole('heading', { level: 1, name }).waitFor();
    const button = (name: string) => page.getByRole('button', { name, exact: true });
    const newLine = page.getByLabel('New line', { exact: true });
    const lines = page.getByRole('list', { name: 'Observation lines' }).getByRole('listitem');
    const syncNow = button('Sync now');
    const status = saveStatus(page);

    /** Types a line (turning the tablet mid-sentence when asked), taps Add line, sees it there. */
    const addLine = async (text: string, turnAt?: number) => {
      await tap(newLine, 'New line');
      await check('tapped New line', [[status, 'the save status']]);
      if (turnAt !== undefined) {
        await page.keyboard.type(text.slice(0, turnAt));
        const before = await caretView(page);
        await turn();
        const after = await caretView(page);
        if (after?.value !== before?.value || after?.selectionStart !== before?.selectionStart)
          problems.push(
            `turning the tablet mid-line changed "${before?.value}" (caret ${before?.selectionStart}) to "${after?.value}" (caret ${after?.selectionStart})`,
          );
        await check(`turned mid-line to ${orientation}`);
        await page.keyboard.type(text.slice(turnAt));
      } else await page.keyboard.type(text);
      const count = await lines.count();
      await tap(button('Add line'), 'Add line');
      const added = lines.nth(count);
      await added.filter({ hasText: text }).waitFor();
      // The line just added, with its time, is the only sign it was taken: it must be in sight
      // above the line bar, not somewhere under it and the keyboard.
      const seen = await added.evaluate((li) => {
        const box = li.getBoundingClientRect();
        const at = document.elementFromPoint(box.left + 20, box.top + Math.min(box.height, 40) / 2);
        return at !== null && li.contains(at);
      });
      if (!seen) problems.push(`line ${count + 1} was added out of sight: "${text.slice(0, 30)}…"`);
      await check(`added line ${count + 1}`, [[button('Add line'), 'Add line']]);
    };

    // The tablet was set up for the inspection this morning (signed in, the app saved on it).
    await page.goto(server.url);
    await heading('Set up Fieldbook on this device');
    await check('welcome');
    await tap(page.getByLabel('Username', { exact: true }), 'Username');
    await page.keyboard.type(INSPECTOR.username);
    await check('typing the username');
    await tap(page.getByLabel('Password', { exact: true }), 'Password');
    await page.keyboard.type(PASSWORD);
    await check('typing the password', [[button('Sign in'), 'Sign in']]);
    await tap(button('Sign in'), 'Sign in');
    await heading('Your inspections');
    await tap(page.getByRole('link', { name: new RegExp(`^${AREA}`) }), 'the inspection');
    await heading(AREA);
    await syncText(page).filter({ hasText: SYNCED_AT }).waitFor();

    // On the doorstep: the tablet comes out of the bag locked, as after any reload.
    await page.reload();
    await heading('Fieldbook is locked');
    await page.locator('#unlock-password:not([disabled])').waitFor();
    await tap(page.getByLabel('Password', { exact: true }), 'Password');
    await page.keyboard.type(PASSWORD);
    await check('unlocking', [[button('Unlock'), 'Unlock']]);
    await tap(button('Unlock'), 'Unlock');
    await heading(AREA);
    await syncText(page).filter({ hasText: SYNCED_AT }).waitFor();
    await watchContentTop(page);
    const startShadowing = page.getByRole('link', { name: 'Start shadowing', exact: true });
    await check('inspection home', [
      [startShadowing, 'Start shadowing'],
      [syncNow, 'Sync now'],
    ]);

    // Shadowing: lines one after another, the tablet turned mid-sentence twice.
    await tap(startShadowing, 'Start shadowing');
    await page.waitForURL(recordUrl('evidence'));
    await heading('Shadowing observation');
    await check('shadowing started', [
      [status, 'the save status'],
      [newLine, 'New line'],
    ]);
    await addLine(LINES[0]!, 27);
    await addLine(LINES[1]!);
    await addLine(LINES[2]!, 20);
    await addLine(LINES[3]!);

    // To the case file the social worker mentions: a case-tracking note, turned mid-sentence.
    await tap(menuLink(page, 'Home'), 'Home');
    await heading(AREA);
    await tap(page.getByRole('link', { name: 'Record evidence', exact: true }), 'Record evidence');
    await heading('Record evidence');
    await tap(page.getByLabel('Case-tracking note', { exact: true }), 'Case-tracking note');
    await check('choosing the kind', [[button('Continue'), 'Continue']]);
    await tap(button('Continue'), 'Continue');
    await heading('Case-tracking note');
    const notes = page.getByLabel('Notes', { exact: true });
    await tap(notes, 'Notes');
    await page.keyboard.type(NOTE_START);
    await check('typing the note', [[status, 'the save status']]);
    const beforeTurn = await caretView(page);
    await turn();
    const afterTurn = await caretView(page);
    if (afterTurn?.value !== NOTE_START || afterTurn.selectionStart !== beforeTurn?.selectionStart)
      problems.push(
        `turning the tablet mid-note left "${afterTurn?.value}" with the caret at ${afterTurn?.selectionStart}`,
      );
    await check(`note turned to ${orientation}`, [[status, 'the save status']]);
    await page.keyboard.type(NOTE_END);
    await status.filter({ hasText: /^Saved at / }).waitFor();
    await check('note typed', [[status, 'the save status']]);

    // Back to the observation, through the list, and on with it.
    await tap(page.getByRole('link', { name: 'All evidence', exact: true }), 'All evidence');
    await heading('Evidence');
    const observation = page.getByRole('link', { name: /Shadowing observation/ }).first();
    await observation.waitFor();
    await check('evidence list', [[observation, 'the observation']]);
    await tap(observation, 'the observation');
    await heading('Shadowing observation');
    await lines.nth(LINES.length - 3).waitFor();
    await addLine(LINES[4]!, 30);

    // A phone call: the half-typed line waits, the tablet goes to the call and comes back.
    await tap(newLine, 'New line');
    const halfLine = 'Mother said the health';
    await page.keyboard.type(halfLine);
    await page.evaluate(() => {
      for (const hidden of [true, false]) {
        Object.defineProperty(document, 'visibilityState', {
          value: hidden ? 'hidden' : 'visible',
          configurable: true,
        });
        Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
        if (hidden) window.dispatchEvent(new Event('blur'));
      }
    });
    await context.clock.fastForward('03:00');
    keyboardUp = false; // the call closed the keyboard
    await fit();
    await syncText(page).filter({ hasText: SYNCED_AT }).waitFor();
    await check('back from the call', [
      [newLine, 'New line'],
      [syncNow, 'Sync now'],
    ]);
    if ((await newLine.inputValue()) !== halfLine)
      problems.push(`after the call the new line read "${await newLine.inputValue()}"`);
    await tap(newLine, 'New line');
    await page.evaluate(() => {
      const field = document.activeElement as HTMLInputElement;
      field.setSelectionRange(field.value.length, field.value.length);
    });
    await page.keyboard.type(LINES[5]!.slice(halfLine.length));
    await tap(button('Add line'), 'Add line');
    await lines.filter({ hasText: LINES[5]! }).waitFor();

    // Done: Sync now with the thumb, keyboard down.
    await tap(syncNow, 'Sync now');
    await syncText(page).filter({ hasText: SYNCED_AT }).waitFor();
    await unsentCount(page).filter({ hasText: ALL_SENT }).waitFor();
    keyboardUp = await textFocused();
    await fit();
    await check('synced', [
      [syncNow, 'Sync now'],
      [status, 'the save status'],
    ]);
    expect(await lines.allInnerTexts()).toHaveLength(LINES.length);
    for (const [i, line] of LINES.entries())
      await expect(lines.nth(i).innerText()).resolves.toContain(line);

    problems.push(...(await contentJumps(page)));
    for (const o of ['portrait', 'landscape'] as const) {
      await page.setViewportSize(KEYBOARD_UP_VIEWPORTS[o]);
      await expectNoAxeViolations(page, `shadowing, ${o}, keyboard up`);
    }
    await context.close();
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
