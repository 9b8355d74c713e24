import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlock } from '../support/app-flows';
import { launchBrowser, newTabletContext } from '../support/browser';
import { openFromMenu, saveStatus, startEvidence } from '../support/capture-flows';
import { apiLogin, goInApp, pullAll } from '../support/day-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { startServer, type RunningServer, addInspection, addUser } from '../support/server';
import {
  barSeen,
  CLAIMS_SENT,
  signInAndOpen,
  syncNow,
  syncState,
  syncText,
  unsentCount,
  watchBar,
} from '../support/sync-flows';

// A long stretch with no signal, as an inspector has it: two notes, each written a few words at a
// time over five sittings, and between sittings the tablet is put down in every way it is on a
// real day — another screen, the Lock button, a reload (the key leaves memory) — with the server
// really stopped throughout. Each sitting types at the end of what is already there, as a person
// does, rather than replacing the field. When the connection comes back every word of every
// sitting is on the server exactly once, in order, with no conflict, and the status bar never
// claimed the work was on the server while it was not.

const AREA = 'Wealdbrook Council';
const PASSWORD = 'a long fieldwork passphrase';
const CONFLICT_HEADING = 'Two people changed this at the same time';
const NOTES = [
  {
    kind: 'Practitioner interview',
    sittings: [
      'Allocated worker, 09:10.',
      ' Caseload 24, supervision monthly.',
      ' Last home visit was 6 weeks ago.',
      ' Manager agreed the plan lacks dates.',
      ' Worker knows the child well.',
    ],
  },
  {
    kind: 'Case-tracking note',
    sittings: [
      'Child ID 40217.',
      ' Strategy discussion held late.',
      ' Health not invited to conference.',
      ' Plan reviewed on time since May.',
      ' Voice of the child is recorded.',
    ],
  },
] as const;
type Interruption = 'another screen' | 'lock' | 'reload';
/** What happens after sitting n (0-based): every way of putting the tablet down, twice over. */
const INTERRUPTIONS: readonly Interruption[] = ['another screen', 'lock', 'reload', 'lock'];

describe('a long stretch offline, written in many sittings', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let inspectionId = '';
  const ids: string[] = [];

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-sittings-e2e-'));
    dist = copyDist();
    const admin = { dataDir, password: PASSWORD };
    await addUser(admin, { username: 'lena', name: 'Lena Lead', inspectorate: 'ofsted' });
    await addUser(admin, { username: 'amy', name: 'Amy Inspector', inspectorate: 'cqc' });
    inspectionId = await addInspection(admin, {
      area: AREA,
      starts: '2026-11-23',
      lead: 'lena',
      members: ['amy'],
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    // A tablet set to the 12-hour clock (as many are): native time fields then read "09:53 PM".
    browser = await launchBrowser(['--lang=en-US']);
    context = await newTabletContext(browser);
    page = await context.newPage();
    const precached = await signInAndOpen(page, server.url, {
      username: 'amy',
      password: PASSWORD,
      area: AREA,
    });
    expect(precached).toBe(`${server.url}/sw.js`);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every word of five sittings per note, across screens, locks and reloads with the server stopped, reaches the server once; the bar always says when it last synced', async () => {
    await server.stop();
    const seen: string[] = [];
    for (const note of NOTES) {
      ids.push(await startEvidence(page, note.kind));
      // From the first draft on, some work is always waiting.
      if (ids.length === 1) await watchBar(page);
      await goInApp(page, `/i/${inspectionId}`);
    }

    for (let n = 0; n < 5; n += 1) {
      for (const [i, note] of NOTES.entries()) {
        // Back to the note the way an inspector finds it: the Evidence list, tap the record.
        await openFromMenu(page, 'Evidence', 'Evidence');
        await page
          .getByRole('list', { name: 'Results' })
          .getByRole('link')
          .filter({ hasText: note.kind })
          .first()
          .tap();
        await page.getByRole('heading', { level: 1, name: note.kind, exact: true }).waitFor();
        const notes = page.getByLabel('Notes', { exact: true });
        const before = note.sittings.slice(0, n).join('');
        // What the earlier sittings wrote is there, whole, before anything is added.
        await expect.poll(() => notes.inputValue()).toBe(before);
        await notes.tap();
        await page.keyboard.press('End');
        await page.keyboard.press('Control+End');
        await page.keyboard.type(note.sittings[n]!);
        await saveStatus(page)
          .filter({ hasText: /^Saved at / })
          .waitFor();
        expect(await notes.inputValue(), `${note.kind}, sitting ${n + 1}`).toBe(
          before + note.sittings[n],
        );
        expect(ids[i]).toBe(new URL(page.url()).pathname.split('/').at(-1));
      }

      // Truthful while offline: the bar says so and counts work waiting, never "on the server".
      await page.getByRole('button', { name: 'Sync now' }).tap();
      await syncState(page).filter({ hasText: 'Offline' }).waitFor();
      // …and still knows when the work last reached the server, after a lock or a reload too.
      await syncText(page)
        .filter({ hasText: /^Last synced at \d\d:\d\d\.$/ })
        .waitFor({ timeout: 5_000 });
      await unsentCount(page)
        .filter({ hasText: /^\d+ changes? not yet on the server\.$/ })
        .waitFor();

      const put = INTERRUPTIONS[n];
      if (put === undefined) break;
      seen.push(...(await barSeen(page)));
      if (put === 'another screen') {
        await openFromMenu(page, 'Child cases', 'Child cases');
      } else if (put === 'lock') {
        await page.getByRole('banner').getByRole('button', { name: 'Lock', exact: true }).tap();
        await page.getByRole('heading', { name: 'Fieldbook is locked' }).waitFor();
        await unlock(page, PASSWORD);
      } else {
        await page.reload();
        await page.getByRole('heading', { name: 'Fieldbook is locked' }).waitFor();
        await unlock(page, PASSWORD);
      }
      await page.locator('main h1').waitFor();
      await watchBar(page);
    }
    seen.push(...(await barSeen(page)));
    if (process.env.FIELDBOOK_E2E_BAR) console.log(seen.join('\n'));
    expect(seen.filter((line) => CLAIMS_SENT.test(line))).toEqual([]);
    expect(seen.some((line) => line.startsWith('Offline'))).toBe(true);
    expect(seen.filter((line) => line.includes('Not synced yet'))).toEqual([]);

    // The connection comes back: the bar shows the sending, then that everything is there.
    // The app may send on its own the moment the server is back (its retry, or the event stream
    // reconnecting) before Sync now is pressed: the sending is then among what the bar showed.
    const before = (await barSeen(page)).length;
    await server.restart();
    const states = await syncNow(page);
    const shown = [...(await barSeen(page)).slice(before), ...states];
    expect(shown.some((s) => /^Syncing(: | \| )Sending your changes/.test(s))).toBe(true);

    const { token } = await apiLogin(server.url, 'lena', PASSWORD);
    const rows = (await pullAll(server.url, token)).filter((r) => r.inspectionId === inspectionId);
    for (const [i, note] of NOTES.entries()) {
      const row = rows.find((r) => r.id === ids[i]);
      expect(row, note.kind).toBeDefined();
      expect(row!.fields.text, note.kind).toBe(note.sittings.join(''));
      expect(row!.conflicts, note.kind).toEqual({});
      await goInApp(page, `/i/${inspectionId}/evidence/${ids[i]}`);
      await page.getByRole('heading', { level: 1, name: note.kind, exact: true }).waitFor();
      expect(await page.getByRole('heading', { name: CONFLICT_HEADING }).count()).toBe(0);
      expect(await page.getByLabel('Notes', { exact: true }).inputValue()).toBe(
        note.sittings.join(''),
      );
    }
  });

  it('shows the whole time a note happened, "PM" too, on a tablet set to the 12-hour clock', async () => {
    await goInApp(page, `/i/${inspectionId}/evidence/${ids[0]}`);
    const time = page.getByLabel('Time', { exact: true });
    await time.waitFor();
    // The width the field has, beside the width it needs to draw its whole value and button.
    const [shown, needed] = await time.evaluate((field: HTMLElement) => {
      const has = field.getBoundingClientRect().width;
      field.style.width = 'auto';
      field.style.maxWidth = 'none';
      const wants = field.getBoundingClientRect().width;
      field.style.width = '';
      field.style.maxWidth = '';
      return [has, wants];
    });
    expect(shown).toBeGreaterThanOrEqual(needed);
  });
});
