import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOSAVE_RETRY_MS } from '../../src/features/shared/useAutosave';
import { expectNoAxeViolations } from '../support/axe';
import { saveStatus, startEvidence } from '../support/capture-flows';
import { apiLogin, pullAll } from '../support/day-flows';
import type { SmallDisk } from '../support/full-disk';
import { FULLHAM, tabletOnSmallDisk, type TabletOnSmallDisk } from '../support/full-tablet';
import { tabletScreenshots } from '../support/screenshots';
import { syncNow } from '../support/sync-flows';
import { expectTouchTargets } from '../support/touch';

// A tablet full of photos: its profile is on a small disk of its own, and a file beside it takes
// every free byte, so every IndexedDB write fails as on a real full tablet. Fin types a note key by key: the words stay on screen, the
// screen says in plain words that the tablet is full and that they are not saved, and once he
// frees space they are saved with no key pressed and reach the server. (A pull that cannot be
// written says the tablet is full: engine.test.ts; a pull that fills this small disk, after which
// Chromium deletes the database: full-storage-pull.test.ts.)

const { password: PASSWORD, lead: LEAD } = FULLHAM;
const WORDS = 'The duty manager said the rota has two gaps a week.';
const FULL = /This tablet is out of storage space: your last words are not saved/;

describe('a tablet whose storage is full', () => {
  let tablet: TabletOnSmallDisk;
  let page: Page;
  let disk: SmallDisk;
  /** Photos fill the tablet: not a byte left. */
  const fillStorage = () => {
    disk.fill();
    expect(disk.available()).toBe(0);
  };
  /** What the page showed, for a failure's message. */
  const seen = () =>
    page.evaluate(async () => ({
      estimate: await navigator.storage.estimate(),
      status: document.querySelector('.fb-editor-status [role="status"]')?.textContent,
      bar: document.querySelector('.fb-statusbar')?.textContent,
      main: document.querySelector('main')?.innerText.slice(0, 600),
    }));
  /** Photos deleted: room again. */
  const freeSpace = () => disk.free();

  beforeAll(async () => {
    tablet = await tabletOnSmallDisk('full-storage');
    ({ disk, page } = tablet);
  });
  afterAll(async () => {
    await tablet?.dispose();
  });

  it('keeps the words on screen, says the tablet is full, and saves them on its own once space is freed', async () => {
    const evidenceId = await startEvidence(page, 'Practitioner interview');
    fillStorage();
    const notes = page.getByLabel('Notes', { exact: true });
    await notes.tap();
    await page.keyboard.type(WORDS, { delay: 10 });
    await page
      .getByRole('alert')
      .filter({ hasText: FULL })
      .waitFor({ timeout: 15_000 })
      .catch(async (e: unknown) => {
        throw new Error(`No storage-full alert; the page showed ${JSON.stringify(await seen())}`, {
          cause: e,
        });
      });
    expect(await notes.inputValue()).toBe(WORDS);
    expect(await saveStatus(page).textContent()).toBe('Not saved');
    await tabletScreenshots(page, 'full-storage-note', async (label) => {
      await expectNoAxeViolations(page, label);
      await expectTouchTargets(page, label);
    });

    // Still full: the next try fails too, and says so; the words stay.
    await page.clock.runFor(AUTOSAVE_RETRY_MS);
    expect(await notes.inputValue()).toBe(WORDS);
    await page.getByRole('alert').filter({ hasText: FULL }).waitFor();

    // He deletes photos and puts the tablet down: no key is pressed.
    freeSpace();
    await page.clock.runFor(AUTOSAVE_RETRY_MS);
    await saveStatus(page)
      .filter({ hasText: /^Saved at / })
      .waitFor({ timeout: 10_000 })
      .catch(async (e: unknown) => {
        throw new Error(
          `Not saved once space was freed; the page showed ${JSON.stringify(await seen())}`,
          {
            cause: e,
          },
        );
      });
    expect(await page.getByRole('alert').count()).toBe(0);
    await syncNow(page);
    const { token } = await apiLogin(tablet.server.url, LEAD.username, PASSWORD);
    const rows = await pullAll(tablet.server.url, token);
    expect(rows.find((r) => r.id === evidenceId)?.fields.text).toBe(WORDS);
  });
});
