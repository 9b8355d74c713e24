/**
 * The lead's Today screen with 5,000 and 50,000 evidence rows on the device (issue 4: goal
 * ≤ 300 ms and ≤ 1 s). Two figures per size: the pure model that groups and counts, and the
 * screen the lead waits for (model, then a first React render of Today with layout). Floor: a
 * plain loop over the same rows counting them per inspector, in the same run. A diagnostic row
 * shows what reading those rows from the encrypted device database adds when the screen opens.
 */
import { openBenchPage } from './bench-page';
import type { LeadTodayRequest } from './pages/lead-today';
import { median } from './stats';
import type { BenchRow, BenchSuite } from './types';

const SIZES: { request: LeadTodayRequest; goal: string }[] = [
  { request: { rows: 5_000, runs: 15 }, goal: '≤ 300 ms' },
  { request: { rows: 50_000, runs: 7 }, goal: '≤ 1 s' },
];

export const clientLead: BenchSuite = {
  title: 'client lead Today',
  run: async () => {
    const bench = await openBenchPage();
    try {
      const rows: BenchRow[] = [];
      for (const { request, goal } of SIZES) {
        const t = await bench.page.evaluate(
          (r) => window.fieldbookLeadBench!.leadTodayTimings(r),
          request,
        );
        if (t.newCount === 0 || t.followUpCount === 0 || t.itemsShown === 0) {
          throw new Error('Today showed nothing: the bench data no longer fits the model');
        }
        const size = request.rows.toLocaleString('en-GB');
        const floor = { name: 'plain loop counting rows per inspector', value: median(t.floor) };
        rows.push(
          {
            name: `Today model: counts + groups (${size} rows, median)`,
            value: median(t.model),
            unit: 'ms',
            floor,
            goal,
          },
          {
            name: `Today screen: model + React render + layout (${size} rows, ${t.itemsShown} items shown, median)`,
            value: median(t.screen),
            unit: 'ms',
            floor,
            goal,
          },
        );
        const load = await bench.page.evaluate(
          (r) => window.fieldbookLeadBench!.leadTodayLoad({ ...r, runs: 3 }),
          request,
        );
        if (load.rows !== request.rows) throw new Error(`listRows read ${load.rows} rows`);
        const readFloor = {
          name: 'IndexedDB getAll of the same evidence + reviews',
          value: median(load.floor),
        };
        rows.push(
          {
            name: `diagnostic: every opening before the row store: listRows of evidence + reviews (Today), encrypted (${size} rows, median)`,
            value: median(load.app),
            unit: 'ms',
            floor: readFloor,
          },
          {
            name: `Today, first opening after unlock: row store reads and opens the rows, then model + render + layout (${size} rows, median)`,
            value: median(load.first),
            unit: 'ms',
            floor: readFloor,
            goal: '≤ 1.5× floor',
          },
          {
            name: `Today, second and later openings: from the row store, model + render + layout (${size} rows, median)`,
            value: median(load.again),
            unit: 'ms',
            floor: readFloor,
            goal: '≤ 100 ms',
          },
        );
      }
      return rows;
    } finally {
      await bench.close();
    }
  },
};
