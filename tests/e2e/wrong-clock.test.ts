import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEvidence, writeNotes } from '../support/capture-flows';
import { apiLogin, pullAll } from '../support/day-flows';
import { tabletScreenshots } from '../support/screenshots';
import { syncNow, syncState, syncText } from '../support/sync-flows';
import { inspectorsTablet, type TeamTablet } from '../support/team-tablet';
import { UNLOCK_READY } from '../support/app-flows';

// A tablet left off for weeks comes back with its clock three weeks ahead. Kit syncs a note on it
// (the server takes it: it judges nothing by the tablet's clock), then the clock is put right and
// the tablet is opened again with no connection. The bar must not name a day still to come as
// the last sync, and wrong passwords typed while the clock was ahead must not shut her out of her
// evidence for three weeks.

const AREA = 'Clockton Council';
const PASSWORD = 'a long fieldwork passphrase';
const LEAD = { username: 'cal', name: 'Cal Lead' };
const INSPECTOR = { username: 'kit', name: 'Kit Inspector' };
const DAY_MS = 24 * 60 * 60 * 1000;
const AHEAD_MS = 21 * DAY_MS;
const LOCKED = 'Fieldbook is locked';

describe('a tablet whose clock is wrong', () => {
  let tablet: TeamTablet;
  let page: Page;
  const rightNow = Date.now();

  const tryPassword = async (password: string) => {
    await page.waitForSelector(UNLOCK_READY);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Unlock' }).click();
  };
  const unlockError = () => page.locator('.govuk-error-summary');

  beforeAll(async () => {
    tablet = await inspectorsTablet({
      name: 'wrong-clock',
      area: AREA,
      password: PASSWORD,
      lead: LEAD,
      inspector: INSPECTOR,
    });
    page = tablet.page;
  });
  afterAll(() => tablet?.dispose());

  it('three weeks ahead, a note syncs; put right and offline, the bar says the last sync is later than the clock', async () => {
    await page.clock.setSystemTime(rightNow + AHEAD_MS);
    const id = await startEvidence(page, 'Practitioner interview');
    await writeNotes(page, 'Recorded on a tablet whose clock is three weeks ahead.');
    await syncNow(page);
    const { token } = await apiLogin(tablet.server.url, LEAD.username, PASSWORD);
    expect((await pullAll(tablet.server.url, token)).some((r) => r.id === id)).toBe(true);

    await tablet.server.stop();
    await page.clock.setSystemTime(rightNow);
    await page.reload();
    await page.getByRole('heading', { name: LOCKED }).waitFor();
    await tryPassword(PASSWORD);
    await page.getByRole('heading', { name: LOCKED }).waitFor({ state: 'detached' });
    await syncState(page)
      .filter({ hasText: /^Offline$/ })
      .waitFor({ timeout: 15_000 });
    const text = await syncText(page).textContent();
    expect(text).toMatch(
      /by this tablet’s clock, which has since gone back\. Check the tablet’s date and time\.$/,
    );
    await tabletScreenshots(page, 'wrong-clock-bar');
  });

  it('wrong passwords typed while the clock was ahead shut her out for at most 5 minutes once it is put right', async () => {
    await page.clock.setSystemTime(rightNow + AHEAD_MS);
    await page.reload();
    await page.getByRole('heading', { name: LOCKED }).waitFor();
    for (let i = 0; i < 3; i++) {
      await tryPassword(`not the password ${i}`);
      await unlockError().waitFor();
    }
    await page.clock.setSystemTime(rightNow);
    await tryPassword(PASSWORD);
    await unlockError().filter({ hasText: 'Too many wrong passwords' }).waitFor();
    // Measured before the fix: "Wait 30240 minutes".
    expect(await unlockError().textContent()).toMatch(/Wait (\d+ seconds|[1-5] minutes)/);
    await page.clock.fastForward(5 * 60_000 + 1_000);
    await tryPassword(PASSWORD);
    await page.getByRole('heading', { name: LOCKED }).waitFor({ state: 'detached' });
  });
});
