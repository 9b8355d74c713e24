import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTabletContext } from '../support/browser';
import { openFromMenu, startEvidence, writeNotes } from '../support/capture-flows';
import { expectNoAxeViolations } from '../support/axe';
import { evidenceTextsOnServer } from '../support/day-flows';
import { tabletScreenshots } from '../support/screenshots';
import { expectTouchTargets } from '../support/touch';
import {
  ALL_SENT,
  signInAndOpen,
  signInOnWelcome,
  syncNow,
  unsentCount,
} from '../support/sync-flows';
import { inspectorsTablet, type TeamTablet } from '../support/team-tablet';

// DESIGN.md §5: the encrypted copy offered at sign-out can be brought back. An inspector writes
// notes offline on tablet A, signs out keeping the copy, signs in on tablet B (a fresh profile),
// restores it through Settings and syncs: the server has her words once. The lead's copy is
// refused on her tablet.

const AREA = 'Redfern Borough Council';
const PASSWORD = 'a long fieldwork passphrase';
const LEAD = { username: 'lena', name: 'Lena Lead' };
const INSPECTOR = { username: 'ivy', name: 'Ivy Inspector' };
const PHRASE = 'Wrenfield contact log shows three missed visits in October';
const LEAD_PHRASE = 'Lead note about the duty rota written offline';
const COPY_PASSWORD = 'password for the copy only';

/** What the server holds for `username`: every evidence text they can pull. */
const serverTexts = (url: string, username: string) =>
  evidenceTextsOnServer(url, username, PASSWORD);

describe('restore unsent work from the encrypted copy made at sign-out', () => {
  let team: TeamTablet;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fieldbook-restore-e2e-'));
    team = await inspectorsTablet({
      name: 'restore',
      area: AREA,
      password: PASSWORD,
      lead: LEAD,
      inspector: INSPECTOR,
    });
  }, 120_000);
  afterAll(async () => {
    await team?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Offline, a note; then Sign out, keeping the encrypted copy. Resolves with the file's path. */
  const writeOfflineAndSignOut = async (page: Page, phrase: string, file: string) => {
    await team.server.stop();
    await startEvidence(page, 'Case-tracking note');
    await writeNotes(page, phrase);
    await expect.poll(() => unsentCount(page).innerText()).toMatch(/not yet on the server/);
    await openFromMenu(page, 'Sign out', 'Your account');
    await page.getByText('Settings → Restore unsent work').waitFor();
    await page.getByLabel('Password for the encrypted copy').fill(COPY_PASSWORD);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download an encrypted copy' }).click(),
    ]);
    const path = join(dir, file);
    await download.saveAs(path);
    await page.getByRole('button', { name: 'Sign out and remove data from this device' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Set up Fieldbook on this device' })
      .waitFor();
    await team.server.restart();
    return path;
  };

  /** WCAG 2.2 AA and 44 px targets, in each orientation the screenshots are taken in. */
  const checked = (page: Page) => async (label: string) => {
    await expectNoAxeViolations(page, label);
    await expectTouchTargets(page, label);
  };

  /** Settings → Restore unsent work: chooses the file, enters the password, opens it. */
  const openCopy = async (page: Page, path: string, password = COPY_PASSWORD) => {
    await openFromMenu(page, 'Settings', 'Settings');
    await page.getByLabel('Encrypted copy (a file ending .fieldbook.json)').setInputFiles(path);
    await page.getByLabel("The copy's password").fill(password);
    await page.getByRole('button', { name: 'Open the copy' }).click();
  };

  it('brings her offline words from tablet A to the server through tablet B, once; refuses the lead’s copy', async () => {
    const mine = await writeOfflineAndSignOut(team.page, PHRASE, 'ivy.fieldbook.json');

    // Tablet B: a fresh browser profile, signed in as the same inspector.
    const contextB = await newTabletContext(team.browser);
    const b = await contextB.newPage();
    await signInOnWelcome(b, team.server.url, INSPECTOR.username, PASSWORD);
    await b.getByRole('link', { name: new RegExp(`^${AREA}`) }).waitFor();

    await openCopy(b, mine, 'not the password');
    await b.getByRole('alert').getByText('That password does not open this copy').waitFor();
    expect(await serverTexts(team.server.url, INSPECTOR.username)).not.toContain(PHRASE);

    await b.getByLabel("The copy's password").fill(COPY_PASSWORD);
    await b.getByRole('button', { name: 'Open the copy' }).click();
    const holds = b.getByRole('list', { name: 'What the copy holds' });
    await holds.getByText(new RegExp(`^\\d+ unsent changes? in ${AREA}$`)).waitFor();
    await tabletScreenshots(b, 'restore-review', checked(b));
    await b.getByRole('button', { name: 'Restore these changes' }).click();
    await b.getByText(/^Restored \d+ changes? and 0 drafts\./).waitFor();
    await tabletScreenshots(b, 'restore-done', checked(b));

    await syncNow(b);
    await expect.poll(() => unsentCount(b).innerText()).toBe(ALL_SENT);
    const texts = await serverTexts(team.server.url, INSPECTOR.username);
    expect(texts.filter((t) => t === PHRASE)).toHaveLength(1);

    // The same copy again adds nothing.
    await b.getByRole('button', { name: 'Restore another copy' }).click();
    await openCopy(b, mine);
    await b.getByText('Everything in this copy is already on this tablet.').waitFor();

    // The lead's copy, made on tablet A after Ivy left it, is not Ivy's to send.
    await signInAndOpen(team.page, team.server.url, { ...LEAD, password: PASSWORD, area: AREA });
    const leads = await writeOfflineAndSignOut(team.page, LEAD_PHRASE, 'lena.fieldbook.json');
    await b.getByRole('button', { name: 'Choose another copy' }).click();
    await openCopy(b, leads);
    await b.getByRole('alert').getByText('This copy belongs to another person').waitFor();
    await tabletScreenshots(b, 'restore-refused', checked(b));
    await syncNow(b);
    expect(await unsentCount(b).innerText()).toBe(ALL_SENT);
    expect(await serverTexts(team.server.url, LEAD.username)).not.toContain(LEAD_PHRASE);
    await contextB.close();
  }, 240_000);
});
