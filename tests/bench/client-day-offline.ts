/**
 * Issue 8's bench line, in Chromium against a real sync server (SQLite in a temp dir): "a day
 * offline: 200 notes, each edited in 3 sittings, then one sync". The app's repository and engine
 * record the day on an encrypted device while every sync attempt fails (ops frozen as "sending"
 * between sittings, as on a tablet with no signal), then one sync sends it. Reported: that sync's
 * time beside its floor (the day's final notes as one push of one op each, pulled back and put in
 * one raw IndexedDB transaction) and the number of conflicts on the server afterwards (S5a: 0).
 * Run alone with `npm run bench -- 'day offline'`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { launchBrowser, newTabletContext } from '../support/browser';
import { REPO_ROOT } from '../support/paths';
import { startServer, type RunningServer, addInspection, addUser } from '../support/server';
import { median } from './stats';
import type { BenchSuite } from './types';

const NOTES = 200;
const SITTINGS = 3;
const ROUNDS = 3;
const PASSWORD = 'correct horse battery staple';

export const clientDayOffline: BenchSuite = {
  title: 'a day offline',
  run: async () => {
    const pageDir = mkdtempSync(join(tmpdir(), 'fieldbook-day-bench-page-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-day-bench-data-'));
    let server: RunningServer | undefined;
    let browser: Browser | undefined;
    try {
      const admin = { dataDir, password: PASSWORD };
      // One inspector and one inspection per round and per side, so no run pulls another's rows.
      const accounts = async () => {
        const made: { day: string; floor: string; floorInspection: string }[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const users = { day: `day${round}`, floor: `floor${round}` };
          let floorInspection = '';
          for (const username of [users.day, users.floor]) {
            await addUser(admin, {
              username: username,
              name: `Bench ${username}`,
              inspectorate: 'ofsted',
            });
            floorInspection = await addInspection(admin, {
              area: `Bench ${username}`,
              starts: '2026-11-23',
              lead: username,
            });
          }
          made.push({ ...users, floorInspection });
        }
        return made;
      };
      const [rounds] = await Promise.all([
        accounts(),
        build({
          configFile: join(REPO_ROOT, 'tests', 'bench', 'vite.bench.config.ts'),
          build: { outDir: pageDir, emptyOutDir: true },
        }),
      ]);
      server = await startServer({ dataDir, env: { STATIC_DIR: pageDir } });
      browser = await launchBrowser();
      const page = await (await newTabletContext(browser)).newPage();
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => window.fieldbookDayBench !== undefined, undefined, {
        timeout: 30_000,
      });

      const sync: number[] = [];
      const floor: number[] = [];
      let conflicts = 0;
      let ops = 0;
      for (const round of rounds) {
        const day = await page.evaluate((req) => window.fieldbookDayBench!.dayOffline(req), {
          username: round.day,
          password: PASSWORD,
          notes: NOTES,
          sittings: SITTINGS,
        });
        if (day.state !== 'idle' || day.finalRows !== NOTES)
          throw new Error(`the day's sync ended ${day.state} with ${day.finalRows} final notes`);
        sync.push(day.syncMs);
        conflicts += day.conflicts;
        ops = day.ops;
        const login = (await (
          await fetch(`${server.url}/api/auth/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: round.floor, password: PASSWORD }),
          })
        ).json()) as { token: string };
        const f = await page.evaluate((req) => window.fieldbookDayBench!.dayFloor(req), {
          token: login.token,
          inspectionId: round.floorInspection,
          notes: NOTES,
        });
        if (f.rows !== NOTES) throw new Error(`the floor pulled ${f.rows} rows`);
        floor.push(f.ms);
      }
      return [
        {
          name: `a day offline: ${NOTES} notes, each edited in ${SITTINGS} sittings (syncs failing between), then one sync of its ${ops} ops, encrypted (median of ${ROUNDS})`,
          value: median(sync),
          unit: 'ms',
          floor: {
            name: `the day's ${NOTES} final notes as one push of one op each + pull + one raw IndexedDB transaction`,
            value: median(floor),
          },
        },
        {
          name: `a day offline: conflicts on the server after the sync (all ${ROUNDS} rounds)`,
          value: conflicts,
          unit: 'count',
          goal: '0 (S5a: a device never conflicts with itself)',
        },
      ];
    } finally {
      await browser?.close();
      await server?.dispose();
      rmSync(pageDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
