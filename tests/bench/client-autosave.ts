/**
 * Autosave latency: how long one autosave of a draft's text takes to be stored (the write counts
 * as saved only when its transaction commits, S2), with 10,000 evidence rows on the device and
 * the database encrypted as the app runs it. The floor is a bare IndexedDB put of the same
 * record into a store with the same indexes and rows.
 */
import { openBenchPage } from './bench-page';
import type { LatencyRequest } from './pages/api';
import { percentile } from './stats';
import type { BenchRow, BenchSuite } from './types';

const REQUEST: LatencyRequest = { rows: 10_000, writes: 200, startChars: 2_000 };
const AUTOSAVE_GOAL = '≤ 1.3× floor';

export const clientAutosave: BenchSuite = {
  title: 'client autosave',
  run: async () => {
    const bench = await openBenchPage();
    try {
      // Floor first, then the app, each on a fresh database.
      const floor = await bench.page.evaluate(
        (r) => window.fieldbookBench!.rawPutLatencies(r),
        REQUEST,
      );
      const app = await bench.page.evaluate(
        (r) => window.fieldbookBench!.appAutosaveLatencies({ ...r, encrypted: true }),
        REQUEST,
      );
      const clear = await bench.page.evaluate(
        (r) => window.fieldbookBench!.appAutosaveLatencies({ ...r, encrypted: false }),
        REQUEST,
      );
      const dexie = await bench.page.evaluate(
        (r) => window.fieldbookBench!.dexiePutLatencies(r),
        REQUEST,
      );
      const saves = `${REQUEST.rows.toLocaleString('en-GB')} rows on device, ${REQUEST.writes} saves`;
      const rows: BenchRow[] = [50, 95].map((p) => ({
        name: `autosave p${p}, encrypted as in the app (${saves})`,
        value: percentile(app, p),
        unit: 'ms',
        floor: { name: `raw IndexedDB put p${p}`, value: percentile(floor, p) },
        goal: AUTOSAVE_GOAL,
      }));
      // Diagnostics, not goals: where the gap to the floor goes — Dexie itself, the repository's
      // outbox work (same save without encryption), and encryption (the difference to the above).
      const rawP50 = { name: 'raw IndexedDB put p50', value: percentile(floor, 50) };
      rows.push(
        {
          name: 'diagnostic: Dexie table.put alone, p50',
          value: percentile(dexie, 50),
          unit: 'ms',
          floor: rawP50,
        },
        {
          name: 'diagnostic: autosave without encryption, p50',
          value: percentile(clear, 50),
          unit: 'ms',
          floor: rawP50,
        },
      );
      return rows;
    } finally {
      await bench.close();
    }
  },
};
