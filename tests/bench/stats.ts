/** Nearest-rank percentile: p in (0, 100]. Samples need not be sorted. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
};

export const median = (samples: readonly number[]): number => percentile(samples, 50);
