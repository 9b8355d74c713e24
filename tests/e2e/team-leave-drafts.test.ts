import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, newTabletContext } from '../support/browser';
import { adminApi, apiLogin, goInApp } from '../support/day-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { dumpIndexedDb } from '../support/raw-storage';
import { tabletScreenshots } from '../support/screenshots';
import { addInspection, addTeamCast, startServer, type RunningServer } from '../support/server';
import { signInOnWelcome, syncNow, syncOnce } from '../support/sync-flows';
import { expectTouchTargets } from '../support/touch';

// Words typed and not yet sent when the inspector is taken off the team (S6a, DESIGN.md §4.3
// "never silently"). Amy has raised a concern and is halfway through recording its referral (the
// reference the duty desk gave her, not yet "Record the referral"); then she starts a second
// concern and has not pressed "Save the concern". The tablet has no signal as the coordinator
// takes her off the team. When the signal comes back, the inspection leaves the tablet: her two
// unsent forms are on the refused page, named in words, to copy or discard, and no draft of the
// inspection is left sealed in the tablet's storage.

const PASSWORD = 'a long fieldwork passphrase';
const AREA = 'Moorside Borough';
const RAISED = 'The child said she is frightened of her mother’s new partner.';
const REFERENCE = 'MASH-2291-K';
const SECOND = 'A younger sibling was seen with bruising on his arm at the school gate.';
const DRAFT_KEPT = 'Saved on this tablet — not yet sent.';

describe('taken off a team with unsent forms on the tablet', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ids = { inspection: '', lena: '', concern: '' };

  const draftKeys = async () =>
    (((await dumpIndexedDb(page))?.meta ?? []) as { key: string }[])
      .map((m) => m.key)
      .filter((key) => key.startsWith(`draft:${ids.inspection}:`));

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-team-leave-drafts-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addTeamCast(admin);
    ids.inspection = await addInspection(admin, {
      area: AREA,
      starts: '2026-11-23',
      lead: 'lena',
      members: ['amy'],
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    ids.lena = (await apiLogin(server.url, 'lena', PASSWORD)).user.id;
    browser = await launchBrowser();
    context = await newTabletContext(browser);
    page = await context.newPage();
    await signInOnWelcome(page, server.url, 'amy', PASSWORD);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('[S6a] her unsent concern and referral are refused changes with her words, to copy or discard, and no draft of them stays', async () => {
    // A concern raised and on the server; its referral typed and not recorded.
    await goInApp(page, `/i/${ids.inspection}/safeguarding/new`);
    await page.getByLabel('What is the concern?').fill(RAISED);
    await page.getByRole('button', { name: 'Save the concern' }).click();
    await page.waitForURL(/\/safeguarding\/[0-9a-f-]{36}$/);
    ids.concern = page.url().split('/').at(-1)!;
    await syncNow(page);
    await page.getByLabel(/^Children.s social care$/).check();
    await page.getByLabel('Referral reference (optional)').fill(REFERENCE);
    await page.getByText(DRAFT_KEPT).first().waitFor();

    // A second concern typed, "Save the concern" not pressed.
    await goInApp(page, `/i/${ids.inspection}/safeguarding/new`);
    await page.getByLabel('What is the concern?').fill(SECOND);
    await page.getByText(DRAFT_KEPT).first().waitFor();
    expect(await draftKeys()).toHaveLength(2);

    // No signal; the coordinator takes her off the team.
    await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
    const { token } = await apiLogin(server.url, 'cora', PASSWORD);
    await adminApi(server.url, token, 'PUT', `/api/admin/inspections/${ids.inspection}/team`, {
      members: [{ userId: ids.lena, role: 'lead' }],
    });
    await goInApp(page, '/');

    // The signal comes back: the inspection leaves the tablet, her words do not.
    await context.unroute('**/api/**');
    await context.setOffline(false);
    await syncOnce(page);
    await expect.poll(draftKeys).toEqual([]);
    const link = page.getByRole('link', { name: '2 changes were refused — see why' });
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Changes the server refused' }).waitFor();
    const cards = page.getByTestId('refused-change');
    await expect.poll(() => cards.count()).toBe(2);
    const concern = cards.filter({ hasText: SECOND });
    const referral = cards.filter({ hasText: REFERENCE });
    expect(await concern.getByRole('heading', { level: 2 }).innerText()).toBe(
      'A safeguarding concern you had not saved yet',
    );
    expect(await referral.getByRole('heading', { level: 2 }).innerText()).toMatch(
      /^Your referral of the safeguarding concern raised \d{1,2} \w{3} \d{4}, \d\d:\d\d$/,
    );
    expect(await referral.innerText()).toMatch(/Children.s social care/);
    for (const card of [concern, referral]) {
      expect(await card.innerText()).toContain('You typed it and had not sent it yet');
      expect(await card.innerText()).not.toContain(ids.concern);
    }
    await tabletScreenshots(page, 'team-leave-drafts-refused', async (label) => {
      await expectNoAxeViolations(page, label);
      await expectTouchTargets(page, label);
    });

    // Copyable, with every word.
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await concern.getByRole('button', { name: /^Copy text/ }).click();
    await concern.getByText(/^Copied/).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(SECOND);

    // Discardable, on confirmation; the other stays.
    await referral.getByRole('button', { name: /^Discard/ }).click();
    await referral.getByRole('button', { name: /^Yes, discard it/ }).click();
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.first().innerText()).toContain(SECOND);
    const stores = (await dumpIndexedDb(page)) ?? {};
    expect((stores.outbox ?? []).length).toBe(1);
    expect(await draftKeys()).toEqual([]);
  });
});
