/**
 * Two builds of the app side by side in one window ("first sync through the app"): the ratio of a
 * first sync to its floor swings ~1.0–1.7× within the hour on a shared machine, so runs of
 * `run.ts` minutes apart cannot tell a change of ~0.1× from the load. Here both builds are served
 * at once (one server each, the same 10,000 notes), and every round measures A and B back to back,
 * each beside a floor of its own, in alternating order, with the load average at the round's start.
 *
 *   npx vite build && cp -r dist /tmp/dist-a   # e.g. main
 *   (change, build) && cp -r dist /tmp/dist-b  # the branch
 *   flock /tmp/bench.lock env DIST_A=/tmp/dist-a DIST_B=/tmp/dist-b npx tsx tests/bench/ab-first-sync.ts
 *
 * `ROUNDS` (default 4); `INSTANT=1` adds the fields-filled-at-once diagnostic. It copies each build
 * into dist/ in turn to start its server (so dist/ holds B afterwards), as the suite serves dist/.
 * About 80 s a round; keep each hold of the bench lock under 5 minutes (ROUNDS=3 with INSTANT=1).
 */
import { cpSync, readFileSync, rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { DIST_DIR } from '../support/paths';
import { firstSync, floor, setUpFirstSync } from './client-first-sync-app';
import { median } from './stats';

type Served = Awaited<ReturnType<typeof setUpFirstSync>>;

const serve = async (from: string | undefined, name: string): Promise<Served> => {
  if (!from) throw new Error(`set DIST_${name} to a built app (a copy of dist/)`);
  rmSync(DIST_DIR, { recursive: true, force: true });
  cpSync(from, DIST_DIR, { recursive: true });
  return setUpFirstSync();
};

const measure = async (browser: Browser, served: Served, instant: boolean) => {
  const floorMs = await floor(browser, served.url);
  const typed = await firstSync(browser, served.url, undefined, 'typed');
  const filled = instant ? await firstSync(browser, served.url, undefined, 'instant') : null;
  for (const t of [typed, filled])
    if (t && t.rows !== Number(process.env.FIELDBOOK_BENCH_NOTES ?? 10_000))
      throw new Error(`"Synced at" with ${t.rows} notes stored`);
  return { floorMs, typed, filled };
};

const main = async () => {
  const rounds = Number(process.env.ROUNDS ?? 4);
  const instant = process.env.INSTANT === '1';
  const builds = {
    A: await serve(process.env.DIST_A, 'A'),
    B: await serve(process.env.DIST_B, 'B'),
  };
  const ratios: Record<'A' | 'B', number[]> = { A: [], B: [] };
  const browser = await launchBrowser();
  try {
    for (let round = 0; round < rounds; round++) {
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
      const order = round % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const);
      const line = [`round ${round + 1}, load ${load}`];
      for (const name of order) {
        const { floorMs, typed, filled } = await measure(browser, builds[name], instant);
        ratios[name].push(typed.ms / floorMs);
        line.push(
          `${name} ${typed.ms.toFixed(0)}/${floorMs.toFixed(0)} ${(typed.ms / floorMs).toFixed(2)}×` +
            ` task ${typed.longestTaskMs.toFixed(0)}` +
            (filled ? `, filled at once ${(filled.ms / floorMs).toFixed(2)}×` : ''),
        );
      }
      console.log(line.join(' | '));
    }
    console.log(
      `medians typed: A (${process.env.DIST_A}) ${median(ratios.A).toFixed(2)}×, ` +
        `B (${process.env.DIST_B}) ${median(ratios.B).toFixed(2)}×`,
    );
  } finally {
    await browser.close();
    await builds.A.dispose();
    await builds.B.dispose();
  }
};

void main();
