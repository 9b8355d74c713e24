/**
 * One line of the `npm run bench` table. Every figure stands beside a floor measured in the same
 * run (a raw IndexedDB put, a raw SQLite insert, one JSON fetch…), because machines here are
 * shared and noisy: the ratio is the figure that means something.
 */
export type BenchRow = {
  /** What was measured, e.g. "autosave p50 (10,000 rows on device)". */
  name: string;
  value: number;
  /** `count`: a tally that must meet its goal (e.g. conflicts: 0), printed as a whole number. */
  unit: 'ms' | 'ops/s' | 'KB' | 'MB' | 'x' | 'count';
  /** The physical floor measured in the same run, in the same unit. */
  floor?: { name: string; value: number };
  /** The goal from the issue, in words, e.g. "≤ 1.3× floor" or "≤ 50 ms". */
  goal?: string;
};

export type BenchSuite = {
  title: string;
  run: () => Promise<BenchRow[]>;
};
