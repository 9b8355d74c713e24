import type { Locator, Page } from 'playwright-core';

/**
 * Capture steps written against what the inspector sees (menu links, headings, labels, buttons),
 * shared by the capture, sync and accessibility tests. They move through the app by tapping its
 * own links: a full page load locks the device again (the key lives only in memory).
 */

/** Matches a record's URL under an inspection, e.g. /i/<id>/evidence/<uuid>. */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const recordUrl = (section: string): RegExp => new RegExp(`/${section}/${UUID}$`);

/** A link of the main navigation row ("Home", "Evidence", "Child cases", "Safeguarding"…). */
export const menuLink = (page: Page, name: string): Locator =>
  page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name, exact: true });

/** The header's "Menu" disclosure: Export, Inspections, Settings, Sign in or Sign out. */
export const menuButton = (page: Page): Locator =>
  page.getByRole('banner').getByRole('button', { name: 'Menu', exact: true });

/** "Signed in as Alex Lead", at the top of the header's Menu while signed in (wait for `attached`). */
export const signedInAs = (page: Page, name: string): Locator =>
  page.getByRole('banner').getByText(`Signed in as ${name}`, { exact: true });

/** A coordinator's way to their screens, in the header beside Lock and Menu on every screen. */
export const coordinatorLink = (page: Page): Locator =>
  page.getByRole('banner').getByRole('link', { name: 'Coordinator', exact: true });

/** The inspection's navigation row (src/app/navigation.ts); everything else is in the Menu. */
const NAV_ROW = new Set([
  'Home',
  'Evidence',
  'Child cases',
  'Safeguarding',
  'Today',
  'Coverage',
  'Judgements',
  'Team meetings',
]);

/**
 * Opens a place by its nav link, or through the header's Menu when it lives there. A row link is
 * waited for, not counted: just after a tap the inspection's screen (and its row) may still be
 * rendering, and a row screen is never in the Menu.
 */
export const openFromMenu = async (page: Page, name: string, heading: string | RegExp) => {
  if (NAV_ROW.has(name)) {
    await menuLink(page, name).click();
  } else {
    await menuButton(page).click();
    await page.getByRole('banner').getByRole('link', { name, exact: true }).click();
  }
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
};

/** The editor's save status ("Saved at 09:41:07"), shown beside the Draft tag. */
export const saveStatus = (page: Page): Locator =>
  page.locator('.fb-editor-status .fb-save-status');

/**
 * Home → "Record evidence" → the kind → Continue: the draft exists from that moment and the
 * editor opens on it. Returns the evidence id.
 */
export const startEvidence = async (page: Page, kindLabel: string): Promise<string> => {
  await openFromMenu(page, 'Home', /./);
  await page.getByRole('link', { name: 'Record evidence', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Record evidence' }).waitFor();
  await page.getByLabel(kindLabel, { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(recordUrl('evidence'));
  await page.getByRole('heading', { level: 1, name: kindLabel, exact: true }).waitFor();
  return new URL(page.url()).pathname.split('/').at(-1) ?? '';
};

/** Types the notes and waits until the editor says they are stored on the device. */
export const writeNotes = async (page: Page, text: string): Promise<void> => {
  const notes = page.getByLabel('Notes', { exact: true });
  await notes.fill(text);
  // Saved: the editor says when, or — if it was opened afresh from the device database meanwhile
  // (it starts from what is stored) — it says so and shows the words read back from storage.
  await page
    .waitForFunction(
      (typed) => {
        const status = document.querySelector('.fb-editor-status .fb-save-status')?.textContent;
        const field = document.querySelector<HTMLTextAreaElement>('#evidence-text');
        if (!status || !field) return false;
        if (/^Saved at \d\d:\d\d:\d\d$/.test(status)) return true;
        return status === 'Saved on this device' && field.value === typed;
      },
      text,
      { timeout: 30_000 },
    )
    .catch(async (error: unknown) => {
      // Say what the editor showed instead: a save that never ended, or words that were replaced.
      const seen = await page
        .evaluate(() => ({
          status: document.querySelector('.fb-editor-status .fb-save-status')?.textContent ?? null,
          field: document.querySelector<HTMLTextAreaElement>('#evidence-text')?.value ?? null,
          url: location.pathname,
          main: document.querySelector('main')?.innerText.slice(0, 400) ?? null,
        }))
        .catch(() => null);
      throw new Error(
        `The notes were not saved within 30 s; the editor showed ${JSON.stringify(seen)}`,
        {
          cause: error,
        },
      );
    });
};

/** Shadowing: types each line into "New line" and taps the big "Add line" button. */
export const addShadowingLines = async (page: Page, lines: readonly string[]): Promise<void> => {
  const list = page.getByRole('list', { name: 'Observation lines' });
  for (const [i, line] of lines.entries()) {
    await page.getByLabel('New line', { exact: true }).fill(line);
    await page.getByRole('button', { name: 'Add line', exact: true }).click();
    await list.getByRole('listitem').nth(i).filter({ hasText: line }).waitFor();
  }
  await saveStatus(page)
    .filter({ hasText: /^Saved at / })
    .waitFor();
};

export type NewCase = { caseRef: string; initials?: string; ageBand?: string; status?: string };

/** Child cases → "Add a child case" → the form → the case's own page. Returns the case id. */
export const addChildCase = async (page: Page, c: NewCase): Promise<string> => {
  await openFromMenu(page, 'Child cases', 'Child cases');
  await page.getByRole('link', { name: 'Add a child case' }).click();
  await page.getByRole('heading', { level: 1, name: 'Add a child case' }).waitFor();
  await page.getByLabel('Authority case reference').fill(c.caseRef);
  if (c.initials) await page.getByLabel('Initials (optional)').fill(c.initials);
  await page.getByLabel('Tracked', { exact: true }).check();
  if (c.ageBand) await page.getByLabel('Age band').selectOption({ label: c.ageBand });
  if (c.status) await page.getByLabel('Current status').selectOption({ label: c.status });
  await page.getByRole('button', { name: 'Add case' }).click();
  await page.waitForURL(recordUrl('cases'));
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${c.caseRef}`) }).waitFor();
  return new URL(page.url()).pathname.split('/').at(-1) ?? '';
};

export const journeyItems = (page: Page): Locator => page.getByTestId('journey-item');

/**
 * Types an ISO date (`2026-03-14`) into the GOV.UK date input whose legend is `legend`: day, month
 * and year each in its own box, as the inspector would.
 */
export const fillDateInput = async (
  scope: Page | Locator,
  legend: string,
  isoDate: string,
): Promise<void> => {
  const group = scope.getByRole('group', { name: legend, exact: true });
  const [year = '', month = '', day = ''] = isoDate.split('-');
  await group.getByLabel('Day', { exact: true }).fill(day);
  await group.getByLabel('Month', { exact: true }).fill(month);
  await group.getByLabel('Year', { exact: true }).fill(year);
};

/** On a case page: adds one dated stage to the child's journey with the "Add a stage" form. */
export const addJourneyStage = async (
  page: Page,
  stage: { label: string; date: string; note?: string },
): Promise<void> => {
  const before = await journeyItems(page).count();
  await page.getByLabel('Stage', { exact: true }).selectOption({ label: stage.label });
  await fillDateInput(page, 'Date', stage.date);
  if (stage.note) await page.getByLabel('Note (optional)').fill(stage.note);
  await page.getByRole('button', { name: 'Add stage' }).click();
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="journey-item"]').length > n,
    before,
  );
};
