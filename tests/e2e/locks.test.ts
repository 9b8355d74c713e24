import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlock } from '../support/app-flows';
import { launchBrowser, newTabletContext } from '../support/browser';
import { signedInAs, startEvidence, writeNotes } from '../support/capture-flows';
import { copyDist } from '../support/dist-copy';
import { heapSnapshot } from '../support/heap';
import { assertDistBuilt } from '../support/paths';
import { dumpIndexedDb } from '../support/raw-storage';
import {
  runAdmin,
  startServer,
  type RunningServer,
  addInspection,
  addUser,
} from '../support/server';
import { evidenceTextsOnServer, goInApp } from '../support/day-flows';
import { signInOnWelcome, unsentCount } from '../support/sync-flows';

// Issue 11 point 7, in Chromium: a lock in one tab locks every tab (button and idle time, with
// activity in any tab keeping both open); locked, the typed password is nowhere in the page's
// heap; a note, and a judgement draft, open in two tabs is edited in one and read-only in the
// other, and taking over keeps what both typed; a retired device sends its unsent note before it
// wipes; a lost one wipes at once and says how many changes went with it.

const AREA = 'Eastmarsh Borough Council';
const PASSWORD = 'a long fieldwork passphrase';
const LEAD = { username: 'lena', name: 'Lena Lead' };
const RETIRING = { username: 'ivy', name: 'Ivy Inspector' };
const LOSING = { username: 'ida', name: 'Ida Inspector' };

const LOCKED = 'Fieldbook is locked';
const WELCOME = 'Set up Fieldbook on this device';
const ELSEWHERE = 'This note is open in another tab';
const JUDGEMENT = 'The effectiveness of help and protection';
const JUDGEMENT_ELSEWHERE = 'This judgement is open in another tab';

const RETIRED_NOTE = 'Written offline on the tablet being handed back: the MASH log was late';
const LOST_NOTE = 'Written offline on the tablet that was then left on a train';

describe('locks and wipes that hold everywhere (issue 11 point 7)', () => {
  let dataDir: string;
  let dist: string;
  let inspectionId: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const admin = () => ({ dataDir, password: PASSWORD });

  const newDevice = async (options?: { clock?: boolean }) => {
    const context = await newTabletContext(browser);
    contexts.push(context);
    if (options?.clock) await context.clock.install();
    return context;
  };
  const heading = (page: Page, name: string) =>
    page.getByRole('heading', { level: 1, name }).waitFor();
  /** Presses Sync now, unless the app's own retry after the restart reaches the server first and
   *  the wipe takes the button away: either way the device ends on the welcome screen. */
  const syncUntilWiped = async (page: Page) => {
    await Promise.race([
      heading(page, WELCOME),
      page
        .getByRole('button', { name: 'Sync now' })
        .click()
        .catch(() => undefined),
    ]);
    await heading(page, WELCOME);
  };
  const openInspection = async (page: Page) => {
    await page.getByRole('link', { name: new RegExp(`^${AREA}`) }).click();
    await page.getByRole('heading', { level: 1, name: AREA }).waitFor();
  };
  /** The lead's view of the server: every evidence text she can pull. */
  const leadSees = () => evidenceTextsOnServer(server.url, LEAD.username, PASSWORD);

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-locks-e2e-'));
    dist = copyDist();
    for (const user of [LEAD, RETIRING, LOSING])
      await addUser(admin(), { ...user, inspectorate: 'ofsted' });
    inspectionId = await addInspection(admin(), {
      area: AREA,
      starts: '2026-11-16',
      lead: LEAD.username,
      members: [RETIRING.username, LOSING.username],
    });
    await runAdmin(['set-idle-lock', '1'], admin());
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('two tabs: locking one locks both, by the button and by idle time; activity in either keeps both open; locked, the typed password is not in the heap', async () => {
    // The pages' clock is faked so idle minutes pass at once.
    const device = await newDevice({ clock: true });
    const [a, b] = [await device.newPage(), await device.newPage()];
    await signInOnWelcome(a, server.url, LEAD.username, PASSWORD);
    await signedInAs(a, LEAD.name).waitFor({ state: 'attached' });
    await b.goto(server.url);
    await unlock(b, PASSWORD);
    await heading(b, 'Your inspections');

    await a.getByRole('button', { name: 'Lock', exact: true }).click();
    await heading(a, LOCKED);
    await heading(b, LOCKED);
    expect(await b.getByRole('navigation', { name: 'Main menu' }).count()).toBe(0);
    expect(await b.getByText(AREA).count()).toBe(0);

    // Locking in b (the one not pressed before) locks a too.
    for (const page of [a, b]) await unlock(page, PASSWORD);
    await b.getByRole('button', { name: 'Lock', exact: true }).click();
    await heading(a, LOCKED);
    await heading(b, LOCKED);

    // Idle time (the coordinator set 1 minute): activity in b keeps a open as well.
    for (const page of [a, b]) await unlock(page, PASSWORD);
    await device.clock.fastForward('00:45');
    await b.mouse.click(5, 5);
    await device.clock.fastForward('00:30');
    for (const page of [a, b]) {
      await heading(page, 'Your inspections');
      expect(await page.getByRole('heading', { name: LOCKED }).count()).toBe(0);
    }
    await device.clock.fastForward('01:15');
    await heading(a, LOCKED);
    await heading(b, LOCKED);

    // The search can find the password: typed (not yet sent) into the unlock field, it is there.
    const field = a.locator('#unlock-password');
    await field.pressSequentially(PASSWORD);
    expect(await heapSnapshot(a)).toContain(PASSWORD);
    await field.press('Enter');
    await a.getByRole('heading', { name: LOCKED }).waitFor({ state: 'detached' });
    await heading(a, 'Your inspections');
    // Locked by idle time, after the password unlocked it: nothing in the heap holds it.
    await device.clock.fastForward('01:15');
    await heading(a, LOCKED);
    expect(await a.locator('#unlock-password').inputValue()).toBe('');
    const heap = await heapSnapshot(a);
    expect(heap.length).toBeGreaterThan(1_000_000);
    expect(heap.includes(PASSWORD)).toBe(false);
  });

  it('a note open in two tabs is editable in one, read-only in the other, and taking over keeps what both typed', async () => {
    const device = await newDevice();
    const [a, b] = [await device.newPage(), await device.newPage()];
    await signInOnWelcome(a, server.url, RETIRING.username, PASSWORD);
    await openInspection(a);
    await startEvidence(a, 'Practitioner interview');
    await writeNotes(a, 'Typed in tab A.');

    await b.goto(a.url());
    await unlock(b, PASSWORD);
    await b.getByText(ELSEWHERE).waitFor();
    expect(await b.getByLabel('Notes', { exact: true }).count()).toBe(0);
    await b.getByText('Typed in tab A.').waitFor();

    // A types on, and B takes over at once, before A's autosave would have run.
    await a.getByLabel('Notes', { exact: true }).fill('Typed in tab A. Then a little more in A.');
    await b.getByRole('button', { name: 'Edit here instead' }).click();
    await a.getByText(ELSEWHERE).waitFor();
    const inB = b.getByLabel('Notes', { exact: true });
    await expect.poll(() => inB.inputValue()).toBe('Typed in tab A. Then a little more in A.');
    expect(await a.getByLabel('Notes', { exact: true }).count()).toBe(0);

    await inB.fill('Typed in tab A. Then a little more in A. And B added this.');
    await a.getByRole('button', { name: 'Edit here instead' }).click();
    await b.getByText(ELSEWHERE).waitFor();
    await expect
      .poll(() => a.getByLabel('Notes', { exact: true }).inputValue())
      .toBe('Typed in tab A. Then a little more in A. And B added this.');
    await b.getByText('And B added this.').waitFor();
    await b.close();
  });

  it('a retired device sends its unsent note before it wipes, and says nothing was lost', async () => {
    const [a] = contexts.at(-1)!.pages();
    const page = a!;
    await server.stop();
    await startEvidence(page, 'Case-tracking note');
    await writeNotes(page, RETIRED_NOTE);
    await expect.poll(() => unsentCount(page).innerText()).toMatch(/^\d+ changes? not yet on/);

    await runAdmin(['revoke-device', RETIRING.username, '--mode', 'retired', '--yes'], admin());
    await server.restart();
    await syncUntilWiped(page);
    expect(await page.getByTestId('wiped-unsent').innerText()).toBe(
      'Everything recorded on it had reached the server before it was removed.',
    );
    expect(await leadSees()).toContain(RETIRED_NOTE);
    const after = await dumpIndexedDb(page);
    for (const store of ['evidence', 'outbox', 'inspections'])
      expect(after?.[store] ?? [], store).toEqual([]);
  });

  it('a lost device wipes at once, sends nothing, and says how many changes were destroyed', async () => {
    const device = await newDevice();
    const page = await device.newPage();
    const other = await device.newPage();
    await signInOnWelcome(page, server.url, LOSING.username, PASSWORD);
    await openInspection(page);
    await other.goto(server.url);
    await unlock(other, PASSWORD);
    await server.stop();
    await startEvidence(page, 'Practitioner interview');
    await writeNotes(page, LOST_NOTE);
    const bar = unsentCount(page);
    await expect.poll(() => bar.innerText()).toMatch(/^\d+ changes? not yet on the server\.$/);
    const unsent = Number((await bar.innerText()).split(' ')[0]);
    expect(unsent).toBeGreaterThan(0);

    await runAdmin(['revoke-device', LOSING.username, '--mode', 'lost', '--yes'], admin());
    await server.restart();
    await syncUntilWiped(page);
    expect(await page.getByTestId('wiped-unsent').innerText()).toBe(
      `${unsent} ${unsent === 1 ? 'change' : 'changes'} recorded on it had not reached the server and ${unsent === 1 ? 'was' : 'were'} destroyed with it. Record ${unsent === 1 ? 'it' : 'them'} again on another device.`,
    );
    // The other tab went with it, and the server never got the note.
    await heading(other, WELCOME);
    expect(await leadSees()).not.toContain(LOST_NOTE);
    const after = await dumpIndexedDb(page);
    for (const store of ['evidence', 'outbox', 'inspections'])
      expect(after?.[store] ?? [], store).toEqual([]);
  });

  it('a judgement draft open in two tabs is editable in one, read-only in the other, and taking over keeps what both typed', async () => {
    const device = await newDevice();
    const [a, b] = [await device.newPage(), await device.newPage()];
    const rationale = (page: Page) => page.getByLabel('Rationale', { exact: true });
    const saved = (page: Page) =>
      page.getByTestId('judgement-save-status').filter({ hasText: /^Saved at \d\d:\d\d:\d\d$/ });
    await signInOnWelcome(a, server.url, LEAD.username, PASSWORD);
    await openInspection(a);
    await goInApp(a, `/i/${inspectionId}/judgements/help-and-protection`);
    await heading(a, JUDGEMENT);
    // The draft is made by its first change.
    await rationale(a).fill('Typed in tab A.');
    await saved(a).waitFor();

    await b.goto(a.url());
    await unlock(b, PASSWORD);
    await b.getByText(JUDGEMENT_ELSEWHERE).waitFor();
    expect(await rationale(b).count()).toBe(0);
    await b.getByText('Typed in tab A.').waitFor();

    // A types on, and B takes over at once, before A's autosave would have run.
    await rationale(a).fill('Typed in tab A. Then a little more in A.');
    await b.getByRole('button', { name: 'Edit here instead' }).click();
    await a.getByText(JUDGEMENT_ELSEWHERE).waitFor();
    await expect
      .poll(() => rationale(b).inputValue())
      .toBe('Typed in tab A. Then a little more in A.');
    expect(await rationale(a).count()).toBe(0);

    await rationale(b).fill('Typed in tab A. Then a little more in A. And B added this.');
    await a.getByRole('button', { name: 'Edit here instead' }).click();
    await b.getByText(JUDGEMENT_ELSEWHERE).waitFor();
    await expect
      .poll(() => rationale(a).inputValue())
      .toBe('Typed in tab A. Then a little more in A. And B added this.');
    await b.getByText('And B added this.').waitFor();
  });
});
