/**
 * `npm run bench`: runs every suite one after another (they share two cores, so never at once)
 * and prints one table in which each figure stands beside its floor measured in the same run.
 * The table is also written to tests/.artifacts/bench.json for tools and for comparing runs.
 * Words after `--` pick suites by title: `npm run bench -- autosave`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS_DIR, REPO_ROOT } from '../support/paths';
import { clientAutosave } from './client-autosave';
import { clientBundle } from './client-bundle';
import { clientEvidenceList } from './client-evidence-list';
import { clientFirstVisit } from './client-first-visit';
import { clientLead } from './client-lead';
import { clientCoverageExport } from './client-coverage-export';
import { clientJourneys } from './client-journeys';
import { clientDayOffline } from './client-day-offline';
import { clientFortnight } from './client-fortnight';
import { clientFirstSyncApp } from './client-first-sync-app';
import { clientOfflineReload } from './client-offline-reload';
import type { BenchRow, BenchSuite } from './types';

/** Suites that land with other work: loaded only when their file exists, so the runner works now. */
const OPTIONAL_SUITES = [
  'tests/bench/server-push.ts',
  'tests/bench/server-pull.ts',
  'tests/bench/client-sync.ts',
];

const isSuite = (value: unknown): value is BenchSuite =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as BenchSuite).title === 'string' &&
  typeof (value as BenchSuite).run === 'function';

const loadOptionalSuites = async (): Promise<BenchSuite[]> => {
  const suites: BenchSuite[] = [];
  for (const path of OPTIONAL_SUITES) {
    const file = join(REPO_ROOT, path);
    if (!existsSync(file)) {
      console.log(`(skipping ${path}: not there yet)`);
      continue;
    }
    const module: Record<string, unknown> = await import(pathToFileURL(file).href);
    const found = Object.values(module).filter(isSuite);
    if (found.length === 0) throw new Error(`${path} exports no BenchSuite`);
    suites.push(...found);
  }
  return suites;
};

/**
 * Throughput is better when higher, everything else when lower. The ratio is always written so
 * that 1.0 is "as fast as the floor" and larger is slower: value/floor for times and sizes,
 * floor/value for ops/s. The column header says so.
 */
const slowdown = (row: BenchRow): number | undefined => {
  if (!row.floor || row.floor.value === 0 || row.value === 0) return undefined;
  return row.unit === 'ops/s' ? row.floor.value / row.value : row.value / row.floor.value;
};

type ResultLine = BenchRow & { suite: string; ratio?: number; error?: string };

const format = (n: number): string =>
  n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);

const printTable = (lines: readonly ResultLine[]): void => {
  const header = ['suite', 'measure', 'value', 'floor', 'floor value', 'slowdown ×', 'goal'];
  const rows = lines.map((l) =>
    l.error
      ? [l.suite, l.name, 'FAILED', l.error, '', '', '']
      : [
          l.suite,
          l.name,
          l.unit === 'count' ? String(l.value) : `${format(l.value)} ${l.unit}`,
          l.floor?.name ?? '—',
          l.floor ? `${format(l.floor.value)} ${l.unit}` : '—',
          l.ratio === undefined ? '—' : `${l.ratio.toFixed(2)}×`,
          l.goal ?? '—',
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join(' │ ')
      .trimEnd();
  console.log('');
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const r of rows) console.log(line(r));
  console.log('');
  console.log(
    'slowdown × = value ÷ floor for times and sizes, floor ÷ value for throughput: ' +
      '1.00× is the floor, higher is worse.',
  );
};

const main = async (): Promise<void> => {
  const suites: BenchSuite[] = [
    clientBundle,
    clientFirstVisit,
    clientOfflineReload,
    clientAutosave,
    clientEvidenceList,
    clientLead,
    clientCoverageExport,
    clientJourneys,
    clientDayOffline,
    clientFortnight,
    ...(await loadOptionalSuites()),
    clientFirstSyncApp,
  ];
  // `npm run bench -- autosave pull` runs only the suites whose titles contain one of the words:
  // the whole table takes minutes, and a change usually concerns one figure.
  const only = process.argv.slice(2).map((word) => word.toLowerCase());
  const chosen = only.length
    ? suites.filter((s) => only.some((word) => s.title.toLowerCase().includes(word)))
    : suites;
  if (chosen.length === 0) {
    throw new Error(
      `no suite matches ${only.join(', ')}: ${suites.map((s) => s.title).join(', ')}`,
    );
  }
  const lines: ResultLine[] = [];
  for (const suite of chosen) {
    console.log(`▶ ${suite.title}`);
    const started = performance.now();
    try {
      for (const row of await suite.run()) {
        lines.push({ ...row, suite: suite.title, ratio: slowdown(row) });
      }
    } catch (error) {
      // One broken suite must not hide the others' figures; the exit code still reports it.
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      lines.push({
        suite: suite.title,
        name: '(suite failed)',
        value: 0,
        unit: 'ms',
        error: message,
      });
      console.error(error);
    }
    console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  printTable(lines);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const out = join(ARTIFACTS_DIR, 'bench.json');
  writeFileSync(
    out,
    `${JSON.stringify({ ranAt: new Date().toISOString(), rows: lines }, null, 2)}\n`,
  );
  console.log(`written to ${out}`);
  if (lines.some((l) => l.error)) process.exitCode = 1;
};

await main();
