import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlock } from '../support/app-flows';
import { startEvidence } from '../support/capture-flows';
import { expectNoAxeViolations } from '../support/axe';
import { apiLogin, goInApp, pullAll, pushInterviewFromElsewhere } from '../support/day-flows';
import { heapSnapshot } from '../support/heap';
import { dumpIndexedDb, dumpOtherStorage, tracesOf } from '../support/raw-storage';
import { tabletScreenshots } from '../support/screenshots';
import { runAdmin, type RunningServer } from '../support/server';
import { syncNow } from '../support/sync-flows';
import { expectTouchTargets } from '../support/touch';
import { inspectorsTablet, type TeamTablet } from '../support/team-tablet';

// Words typed into a form that sends them only at a button press never depend on the button being
// pressed before the tablet locks, reloads or the lead looks elsewhere. Lou, the lead, returns
// Nia's interview with a comment typed key by key: the app idle-locks with her last words not yet
// saved, she unlocks and they are there; she looks at Today and comes back; the tablet reloads
// with the server stopped; a second tab opens the same item. All along the comment is kept on the
// tablet sealed (not in IndexedDB or localStorage in clear, not in the heap while locked), and the
// screen says it is kept and not sent. "Return for follow-up" sends it and drops the draft.

const AREA = 'Calderbrook Council';
const PASSWORD = 'a long fieldwork passphrase';
const LEAD = { username: 'lou', name: 'Lou Lead' };
const INSPECTOR = { username: 'nia', name: 'Nia Inspector' };
const INTERVIEW = 'Team manager: the plan for child 40217 has not been reviewed since June.';
const BEFORE_LOCK = 'Ask the manager why the review was missed';
const LAST_WORDS = ' and who chairs the next one.';
const AFTER_UNLOCK = ' Check the core group minutes too.';
const KEPT = /^Saved on this tablet — not yet sent\. “Return for follow-up” sends it\.$/;
const LOCKED = 'Fieldbook is locked';
const KEY_DELAY_MS = 15;

describe('the lead’s return comment is kept on the tablet until she sends it', () => {
  let tablet: TeamTablet;
  let server: RunningServer;
  let page: Page;
  let inspectionId = '';
  let evidenceId = '';
  let typed = '';

  const comment = (p: Page = page) => p.getByLabel('Or return it for follow-up');
  const status = (p: Page = page) => p.getByTestId('draft-status');
  const itemPath = () => `/i/${inspectionId}/today/${evidenceId}`;
  const type = async (text: string) => {
    await page.keyboard.type(text, { delay: KEY_DELAY_MS });
    typed += text;
  };
  /** What a thief with the disk, or a heap dump, would find of the comment. */
  const tracesOnDisk = async () =>
    tracesOf(JSON.stringify([await dumpIndexedDb(page), await dumpOtherStorage(page)]), [
      BEFORE_LOCK,
      LAST_WORDS.trim(),
    ]);
  const screenshot = (name: string) =>
    tabletScreenshots(page, `kept-words-${name}`, async (label) => {
      await expectNoAxeViolations(page, label);
      await expectTouchTargets(page, label);
    });

  beforeAll(async () => {
    tablet = await inspectorsTablet({
      name: 'kept-words',
      area: AREA,
      password: PASSWORD,
      lead: LEAD,
      inspector: INSPECTOR,
      signInAs: 'lead',
      setUp: (admin) => runAdmin(['set-idle-lock', '1'], admin),
    });
    ({ server, page } = tablet);
    inspectionId = new URL(page.url()).pathname.split('/')[2] ?? '';
    // Nia's interview reaches the server from her own tablet.
    evidenceId = await pushInterviewFromElsewhere(
      server.url,
      { username: INSPECTOR.username, password: PASSWORD },
      inspectionId,
      INTERVIEW,
    );
    await syncNow(page);
  });

  afterAll(() => tablet?.dispose());

  it('typed key by key, it survives the idle lock with its last words unsaved, and nothing of it is readable while locked', async () => {
    await goInApp(page, itemPath());
    await page.getByText(INTERVIEW).waitFor();
    await comment().tap();
    await type(BEFORE_LOCK);
    await status().filter({ hasText: KEPT }).waitFor();
    await screenshot('typed');
    // Her last words, then she puts the tablet down: the idle lock (1 minute) comes before any pause.
    await type(LAST_WORDS);
    await tablet.context.clock.fastForward('01:05');
    await page.getByRole('heading', { name: LOCKED }).waitFor();
    expect(await tracesOnDisk()).toEqual([]);
    const heap = await heapSnapshot(page);
    expect(heap.length).toBeGreaterThan(1_000_000);
    expect(tracesOf(heap, [BEFORE_LOCK, LAST_WORDS.trim()])).toEqual([]);

    await unlock(page, PASSWORD);
    await expect.poll(() => comment().inputValue()).toBe(typed);
    await status().filter({ hasText: KEPT }).waitFor();
  });

  it('she looks at Today and comes back: the comment is still there, and she types on', async () => {
    await goInApp(page, `/i/${inspectionId}/today`);
    await goInApp(page, itemPath());
    await expect.poll(() => comment().inputValue()).toBe(typed);
    await comment().tap();
    await page.keyboard.press('Control+End');
    await type(AFTER_UNLOCK);
    await status().filter({ hasText: KEPT }).waitFor();
  });

  it('the tablet reloads with the server stopped: unlocked offline, the comment is there', async () => {
    await server.stop();
    await page.reload();
    await page.getByRole('heading', { name: LOCKED }).waitFor();
    await unlock(page, PASSWORD);
    await expect.poll(() => comment().inputValue()).toBe(typed);
    await status().filter({ hasText: KEPT }).waitFor();
    expect(await tracesOnDisk()).toEqual([]);
  });

  it('a second tab on the same item waits read-only, takes the comment over with every word, and the first tab then waits', async () => {
    const other = await tablet.context.newPage();
    await other.goto(page.url());
    await unlock(other, PASSWORD);
    await other.getByText('This review is open in another tab').waitFor();
    await other.getByRole('button', { name: 'Edit here instead' }).click();
    await page.getByText('This review is open in another tab').waitFor();
    await expect.poll(() => comment(other).inputValue()).toBe(typed);
    await screenshot('elsewhere');
    await other.close();
    // The first tab gets it back when the second one closes.
    await expect.poll(() => comment().inputValue()).toBe(typed);
  });

  it('“Return for follow-up” sends it once the server is back, and the draft leaves the tablet', async () => {
    await server.restart();
    await page.getByRole('button', { name: 'Return for follow-up' }).click();
    await page.getByText(`Returned to ${INSPECTOR.name} for follow-up`).waitFor();
    const { token } = await apiLogin(server.url, LEAD.username, PASSWORD);
    await expect
      .poll(
        async () =>
          (await pullAll(server.url, token)).find(
            (r) => r.entity === 'review' && r.fields.evidenceId === evidenceId,
          )?.fields.comment,
        { timeout: 20_000 },
      )
      .toBe(typed.trim());
    const meta = ((await dumpIndexedDb(page))?.meta ?? []) as { key: string }[];
    expect(meta.filter((m) => m.key.startsWith('draft:'))).toEqual([]);
    // Opened again, the form shows what was sent and says nothing is waiting.
    await goInApp(page, itemPath());
    await expect.poll(() => page.getByLabel('Change your comment').inputValue()).toBe(typed.trim());
    expect(await status().textContent()).toBe('');
  });

  it('an evidence note typed as the idle lock comes is not in the heap while locked either', async () => {
    // The field in use when the app locked stayed reachable (React's select-event plugin kept
    // the focused element, its value tracker the words) until the lock took focus out of it.
    await startEvidence(page, 'Practitioner interview');
    await page.getByLabel('Notes', { exact: true }).tap();
    const note = 'The worker has not seen the child alone since September';
    await page.keyboard.type(note, { delay: KEY_DELAY_MS });
    await tablet.context.clock.fastForward('01:05');
    await page.getByRole('heading', { name: LOCKED }).waitFor();
    expect(tracesOf(await heapSnapshot(page), [note])).toEqual([]);
    await unlock(page, PASSWORD);
    await expect.poll(() => page.getByLabel('Notes', { exact: true }).inputValue()).toBe(note);
  });

  it('the other forms that wait for a button say the same: a concern not yet saved, a shadowing line not yet added', async () => {
    const keptAny = /^Saved on this tablet — not yet sent\./;
    await goInApp(page, `/i/${inspectionId}/safeguarding/new`);
    await page.getByLabel('What is the concern?').fill('The child said he is scared to go home');
    await status().filter({ hasText: keptAny }).waitFor();
    await screenshot('concern');
    await startEvidence(page, 'Shadowing observation');
    await page
      .getByLabel('New line', { exact: true })
      .fill('Mother says the child sleeps on the sofa');
    await status().filter({ hasText: keptAny }).waitFor();
    await screenshot('shadowing-line');
  });
});
