/**
 * The lead's coverage screen with 5,000 and 50,000 evidence rows on the device (issue 4: goal
 * ≤ 300 ms and ≤ 1 s), beside a plain loop over the same rows counting them per agency; and the
 * export of 5,000 records — time and size of the JSON record and the evidence CSV — beside
 * `JSON.stringify` of the same rows, all in the same run.
 */
import { openBenchPage } from './bench-page';
import type { CoverageRequest } from './pages/lead-coverage';
import type { ExportRequest } from './pages/lead-export';
import { median } from './stats';
import type { BenchRow, BenchSuite } from './types';

const COVERAGE_SIZES: { request: CoverageRequest; goal: string }[] = [
  { request: { rows: 5_000, runs: 15 }, goal: '≤ 300 ms' },
  { request: { rows: 50_000, runs: 7 }, goal: '≤ 1 s' },
];
const EXPORT: ExportRequest = { rows: 5_000, runs: 7 };

export const clientCoverageExport: BenchSuite = {
  title: 'client lead coverage + export',
  run: async () => {
    const bench = await openBenchPage();
    try {
      const rows: BenchRow[] = [];
      for (const { request, goal } of COVERAGE_SIZES) {
        const t = await bench.page.evaluate(
          (r) => window.fieldbookCoverageBench!.coverageTimings(r),
          request,
        );
        if (t.cells === 0 || t.evidenceCounted !== request.rows) {
          throw new Error('coverage counted or showed nothing: the bench no longer fits the model');
        }
        const size = request.rows.toLocaleString('en-GB');
        const floor = { name: 'plain loop counting rows per agency', value: median(t.floor) };
        rows.push(
          {
            name: `Coverage model (${size} rows, median)`,
            value: median(t.model),
            unit: 'ms',
            floor,
            goal,
          },
          {
            name: `Coverage screen: model + React render + layout (${size} rows, ${t.cells} cells, median)`,
            value: median(t.screen),
            unit: 'ms',
            floor,
            goal,
          },
        );
        const load = await bench.page.evaluate(
          (r) => window.fieldbookCoverageBench!.coverageLoad({ ...r, runs: 3 }),
          request,
        );
        if (load.rows !== request.rows) throw new Error(`listRows read ${load.rows} rows`);
        const readFloor = {
          name: 'IndexedDB getAll of the same evidence + children',
          value: median(load.floor),
        };
        rows.push(
          {
            name: `diagnostic: every opening before the row store: listRows of evidence + children (Coverage), encrypted (${size} rows, median)`,
            value: median(load.app),
            unit: 'ms',
            floor: readFloor,
          },
          {
            name: `Coverage, first opening after unlock: row store reads and opens the rows, then model + render + layout (${size} rows, median)`,
            value: median(load.first),
            unit: 'ms',
            floor: readFloor,
            goal: '≤ 1.5× floor',
          },
          {
            name: `Coverage, second and later openings: from the row store, model + render + layout (${size} rows, median)`,
            value: median(load.again),
            unit: 'ms',
            floor: readFloor,
            goal: '≤ 100 ms',
          },
        );
      }
      const e = await bench.page.evaluate(
        (r) => window.fieldbookExportBench!.exportTimings(r),
        EXPORT,
      );
      const size = EXPORT.rows.toLocaleString('en-GB');
      const floor = { name: 'JSON.stringify of the same rows', value: median(e.floor) };
      const floorSize = { name: 'JSON.stringify of the same rows', value: e.floorKB };
      rows.push(
        {
          name: `Export JSON record (${size} evidence, median)`,
          value: median(e.json),
          unit: 'ms',
          floor,
        },
        {
          name: `Export JSON as the screen builds it: 500-row chunks, yielding (${size})`,
          value: median(e.jsonYielding),
          unit: 'ms',
          floor,
        },
        {
          name: `Export JSON size (${size} evidence)`,
          value: e.jsonKB,
          unit: 'KB',
          floor: floorSize,
        },
        {
          name: `Export evidence CSV (${size} evidence, median)`,
          value: median(e.csv),
          unit: 'ms',
          floor,
        },
        {
          name: `Export CSV as the screen builds it: 500-row chunks, yielding (${size})`,
          value: median(e.csvYielding),
          unit: 'ms',
          floor,
        },
        {
          name: `Export CSV size (${size} evidence)`,
          value: e.csvKB,
          unit: 'KB',
          floor: floorSize,
        },
        {
          name: `diagnostic: print document, record model + React render (${size} evidence)`,
          value: median(e.document),
          unit: 'ms',
        },
      );
      return rows;
    } finally {
      await bench.close();
    }
  },
};
