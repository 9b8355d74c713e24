import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlock } from '../support/app-flows';
import { saveStatus, startEvidence } from '../support/capture-flows';
import { apiLogin, pullAll, type ServerRow } from '../support/day-flows';
import { runAdmin, type RunningServer } from '../support/server';
import { unsentCount } from '../support/sync-flows';
import { inspectorsTablet, type TeamTablet } from '../support/team-tablet';

// One long sitting, typed key by key with the server up, so pushes, acks, pulls and the server's
// hints land while the inspector types: the words on screen are never replaced, the caret never
// moves on its own, no key is dropped or doubled, her own edits never conflict (S5a) and the
// server ends with exactly what she typed. Also: edits in the middle, the connection dropping
// mid-paragraph, shadowing lines added one after another, a second tab on the same note, and the
// idle lock with words still waiting to be saved.

const AREA = 'Harrowfield Council';
const PASSWORD = 'a long fieldwork passphrase';
const INSPECTOR = { username: 'nia', name: 'Nia Inspector' };
const LEAD = { username: 'lou', name: 'Lou Lead' };
const CONFLICT_HEADING = 'Two people changed this at the same time';
const ELSEWHERE = 'This note is open in another tab';
const LOCKED = 'Fieldbook is locked';
/** A few milliseconds a key: steady typing, as fast as the machine lets it go. */
const KEY_DELAY_MS = 2;
/** Longer than the autosave's 300 ms and the sync's 300 ms after a write: both run here. */
const PAUSE_MS = 700;

/** Three paragraphs of a case discussion, typed sentence by sentence with pauses between. */
const PARAGRAPHS = [
  [
    'Discussion with the allocated social worker for child 40217, who has held the case since March.',
    ' She described the family history clearly and knew the child well, including his wish to stay at his school.',
    ' Her caseload is 24, which she said is manageable only because two cases are closing this month.',
    ' Supervision is monthly and recorded; the last record set actions without dates.',
  ],
  [
    '\n\nThe strategy discussion in June was held a day late, and health was not invited.',
    ' The worker said the health visitor was told of the outcome by email the following week.',
    ' The section 47 enquiry was completed within timescale and the child was seen alone twice.',
    ' The child protection plan names the risks but not what must change, or by when.',
  ],
  [
    '\n\nThe core group has met three times; police attended once and the school every time.',
    ' The worker has not yet visited the father, who lives out of area, and has no date to do so.',
    ' She said managers are accessible and that the MASH decision was explained to her the same day.',
    ' Overall she is child focused, but the plan is weak and drift is a risk for this child.',
  ],
  [
    '\n\nAsked what would help, she named a second worker for the core group, dates in the plan and',
    ' a visit to the father before the review conference. She had raised the plan with her manager,',
    ' who agreed it needs rewriting, but nothing is recorded of that conversation. The child has a',
    ' trusted adult at school and has said he feels safer at home now, which the worker recorded.',
  ],
] as const;

/**
 * Watches the notes field from inside the page. Between one key's release and the next key's press
 * nothing but the app runs, so the field must stay exactly as the last key left it: a change of its
 * text or caret then, a new element in its place or focus leaving it, is the app's doing and is
 * recorded. Also notes (informally, never asserted) how long each key took to reach the screen.
 */
const watchField = (page: Page) =>
  page.evaluate(() => {
    type Watch = { problems: string[]; paintMs: number[]; rebase: () => void };
    const w = window as unknown as { __watch?: Watch };
    const field = () => document.getElementById('evidence-text') as HTMLTextAreaElement | null;
    const start = field();
    if (!start) throw new Error('no notes field');
    let element = start;
    let keysDown = 0;
    let seen = { value: element.value, from: element.selectionStart, to: element.selectionEnd };
    const rebase = () => {
      element = field() ?? element;
      seen = { value: element.value, from: element.selectionStart, to: element.selectionEnd };
    };
    const watch: Watch = { problems: [], paintMs: [], rebase };
    w.__watch = watch;
    const check = (when: string) => {
      if (keysDown > 0) return;
      const now = field();
      const problem =
        now !== element
          ? 'the notes field was replaced by a new one'
          : document.activeElement !== element
            ? `focus left the notes field for ${document.activeElement?.tagName ?? 'nothing'}`
            : element.value !== seen.value
              ? `the text changed on its own (${seen.value.length} -> ${element.value.length} characters)`
              : element.selectionStart !== seen.from || element.selectionEnd !== seen.to
                ? `the caret moved on its own (${seen.from} -> ${element.selectionStart})`
                : null;
      if (problem && watch.problems.at(-1) !== `${when}: ${problem}`)
        watch.problems.push(`${when}: ${problem}`);
    };
    document.addEventListener(
      'keydown',
      () => {
        check('before a key');
        keysDown += 1;
      },
      { capture: true },
    );
    document.addEventListener(
      'keyup',
      () => {
        keysDown = Math.max(0, keysDown - 1);
        if (keysDown === 0) rebase();
      },
      { capture: true },
    );
    document.addEventListener(
      'input',
      (event) => {
        const at = event.timeStamp;
        requestAnimationFrame(() =>
          setTimeout(() => watch.paintMs.push(performance.now() - at), 0),
        );
      },
      { capture: true },
    );
    const everyFrame = () => {
      if (w.__watch !== watch) return;
      check('between keys');
      requestAnimationFrame(everyFrame);
    };
    requestAnimationFrame(everyFrame);
  });

const watched = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __watch: { problems: string[]; paintMs: number[] } };
    const sorted = [...w.__watch.paintMs].sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))] ?? 0);
    return {
      problems: w.__watch.problems,
      paint: { keys: sorted.length, p50: at(0.5), p95: at(0.95), max: at(1) },
    };
  });

/** The caret put where a tap would put it: the watcher is told, since the test moved it. */
const caretTo = (page: Page, at: number) =>
  page.evaluate((to) => {
    const field = document.getElementById('evidence-text') as HTMLTextAreaElement;
    field.setSelectionRange(to, to);
    (window as unknown as { __watch: { rebase: () => void } }).__watch.rebase();
  }, at);

describe('a long sitting: typing while the app syncs underneath', () => {
  let tablet: TeamTablet;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let leadToken = '';

  /** The row as the lead's pull sees it on the server now. */
  const onServer = async (id: string): Promise<ServerRow | undefined> =>
    (await pullAll(server.url, leadToken)).find((r) => r.id === id);

  beforeAll(async () => {
    tablet = await inspectorsTablet({
      name: 'long-sitting',
      area: AREA,
      password: PASSWORD,
      lead: LEAD,
      inspector: INSPECTOR,
      setUp: (admin) => runAdmin(['set-idle-lock', '1'], admin),
    });
    ({ server, context, page } = tablet);
    leadToken = (await apiLogin(server.url, LEAD.username, PASSWORD)).token;
    expect(tablet.precached).toBe(`${server.url}/sw.js`);
  });

  afterAll(() => tablet?.dispose());

  it('[S5a] a long interview note typed key by key while it syncs: never replaced, caret never moved, nothing dropped or doubled, no conflict, and the server ends with exactly what was typed', async () => {
    const id = await startEvidence(page, 'Practitioner interview');
    const notes = page.getByLabel('Notes', { exact: true });
    await notes.tap();
    await watchField(page);
    let typed = '';
    /** Types at the caret, which is at `at` (the end unless moved). */
    const type = async (text: string, at = typed.length) => {
      await page.keyboard.type(text, { delay: KEY_DELAY_MS });
      typed = typed.slice(0, at) + text + typed.slice(at);
    };

    // Paragraph one, sentence by sentence; after the second the server has it, then she types on.
    for (const [i, sentence] of PARAGRAPHS[0].entries()) {
      await type(sentence);
      if (i === 1) await expect.poll(async () => (await onServer(id))?.fields.text).toBe(typed);
      else await page.waitForTimeout(PAUSE_MS);
    }

    // Paragraph two: the connection drops mid-paragraph and comes back before it ends.
    for (const [i, sentence] of PARAGRAPHS[1].entries()) {
      if (i === 1) await server.stop();
      if (i === 3) await server.restart();
      await type(sentence);
      await page.waitForTimeout(PAUSE_MS);
    }

    // Paragraphs three and four straight through (saves every 750 ms, each synced under the
    // typing), then edits in the middle: a word added, a word taken out.
    await type(PARAGRAPHS[2].join(''));
    await page.waitForTimeout(PAUSE_MS);
    await type(PARAGRAPHS[3].join(''));
    await page.waitForTimeout(PAUSE_MS);
    const after = 'The core group has met three times';
    const at = typed.indexOf(after) + after.length;
    await caretTo(page, at);
    await type(' since the conference', at);
    await page.waitForTimeout(PAUSE_MS);
    const word = ' clearly';
    const end = typed.indexOf(word) + word.length;
    await caretTo(page, end);
    for (let n = 0; n < word.length; n += 1) await page.keyboard.press('Backspace');
    typed = typed.slice(0, end - word.length) + typed.slice(end);
    await page.keyboard.press('Control+End');
    await type(' Recorded by the inspector.');

    const { problems, paint } = await watched(page);
    // Informal only (benches measure): FIELDBOOK_E2E_PAINT=1 prints how long keys took to show.
    if (process.env.FIELDBOOK_E2E_PAINT)
      console.log(`long sitting: ${typed.length} characters; key to paint ms`, paint);
    expect(problems).toEqual([]);
    expect(await notes.inputValue()).toBe(typed);
    // Everything reaches the server without a tap: the sync's own triggers carry it.
    await expect
      .poll(async () => (await onServer(id))?.fields.text, { timeout: 20_000 })
      .toBe(typed);
    const row = await onServer(id);
    expect(row?.conflicts).toEqual({});
    await unsentCount(page).filter({ hasText: 'Everything is on the server.' }).waitFor();
    expect(await page.getByRole('heading', { name: CONFLICT_HEADING }).count()).toBe(0);
    expect(await notes.inputValue()).toBe(typed);
  });

  it('shadowing: lines added one after another while it syncs all reach the server, in order, once, with no conflict', async () => {
    const id = await startEvidence(page, 'Shadowing observation');
    const lines = Array.from(
      { length: 8 },
      (_, n) => `${n + 1}. Worker ${n % 2 ? 'asks the mother about' : 'notes'} item ${n + 1}`,
    );
    await page.getByLabel('New line', { exact: true }).tap();
    for (const line of lines) {
      await page.keyboard.type(line, { delay: KEY_DELAY_MS });
      await page.keyboard.press('Enter');
    }
    const list = page.getByRole('list', { name: 'Observation lines' }).getByRole('listitem');
    await expect.poll(() => list.count()).toBe(lines.length);
    await expect
      .poll(
        async () =>
          ((await onServer(id))?.fields.lines as { text: string }[] | undefined)?.map(
            (l) => l.text,
          ),
        {
          timeout: 20_000,
        },
      )
      .toEqual(lines);
    expect((await onServer(id))?.conflicts).toEqual({});
    expect(await page.getByRole('heading', { name: CONFLICT_HEADING }).count()).toBe(0);
    expect(await page.getByLabel('New line', { exact: true }).inputValue()).toBe('');
  });

  it('a second tab on the same note follows the typing read-only, takes it over mid-sentence, and the idle lock with words unsaved keeps them', async () => {
    const id = await startEvidence(page, 'Practitioner interview');
    const notes = (p: Page) => p.getByLabel('Notes', { exact: true });
    let typed = '';
    /** Types in tab `p`; `tapFirst` puts the caret at the end first, as a tap and End do. */
    const typeIn = async (p: Page, text: string, tapFirst = false) => {
      if (tapFirst) {
        await notes(p).tap();
        await p.keyboard.press('Control+End');
      }
      await p.keyboard.type(text, { delay: KEY_DELAY_MS });
      typed += text;
    };
    await typeIn(page, 'Team manager, 14:05. ', true);
    const other = await context.newPage();
    await other.goto(page.url());
    await unlock(other, PASSWORD);
    await other.getByText(ELSEWHERE).waitFor();

    // Tab one types on; tab two shows each saved sentence as it comes.
    await notes(page).tap();
    await page.keyboard.press('Control+End');
    await watchField(page);
    for (const sentence of PARAGRAPHS[1]) {
      await typeIn(page, sentence);
      await other.getByText(sentence.trim()).waitFor();
    }
    expect((await watched(page)).problems).toEqual([]);

    // Mid-sentence, tab two takes the note over and carries on where tab one stopped.
    await typeIn(page, 'The manager said');
    await other.getByRole('button', { name: 'Edit here instead' }).click();
    await page.getByText(ELSEWHERE).waitFor();
    await expect.poll(() => notes(other).inputValue()).toBe(typed);
    await typeIn(other, ' the plan would be rewritten.', true);
    await saveStatus(other)
      .filter({ hasText: /^Saved at / })
      .waitFor();

    // Dictation (or predictive text) puts words in with input events alone, no key or touch: a
    // minute and a half of it is use, not idle time, and the app stays open under it.
    for (const words of [' Dictated:', ' the plan', ' has no dates', ' and drift', ' is a risk.']) {
      await other.keyboard.insertText(words);
      typed += words;
      await context.clock.fastForward('00:20');
    }
    expect(await other.getByRole('heading', { name: LOCKED }).count()).toBe(0);
    expect(await notes(other).inputValue()).toBe(typed);

    // Words typed, then nobody touches the tablet: the idle lock (1 minute) locks both tabs.
    await typeIn(other, ' Unsaved until the lock.');
    await context.clock.fastForward('01:05');
    await other.getByRole('heading', { name: LOCKED }).waitFor();
    await page.getByRole('heading', { name: LOCKED }).waitFor();
    await unlock(other, PASSWORD);
    await expect.poll(() => notes(other).inputValue()).toBe(typed);
    await typeIn(other, ' Carried on after unlocking.', true);
    await expect
      .poll(async () => (await onServer(id))?.fields.text, { timeout: 20_000 })
      .toBe(typed);
    expect((await onServer(id))?.conflicts).toEqual({});
    expect(await other.getByRole('heading', { name: CONFLICT_HEADING }).count()).toBe(0);
    await other.close();
  });
});
