import fc from 'fast-check';
import { expect, it } from 'vitest';
import { actionArb } from './actions';
import { runSchedule, schedulesRun } from './run';

/**
 * The seeded random schedules, SIM_RUNS of them (2,000 unless set), split across SIM_SHARDS test
 * files so CI's two workers play them side by side instead of one file being the last to finish.
 * Shard k plays its share from seed SIM_SEED + k; a failure names the seed, and fast-check prints
 * the path that replays it (`{ seed, path }` in fc.assert).
 */
export const SIM_RUNS = Number(process.env.SIM_RUNS ?? 2000);
export const SIM_SEED = Number(process.env.SIM_SEED ?? 20261126);
export const SIM_SHARDS = 2;

export const shardRuns = (shard: number): number =>
  Math.floor(SIM_RUNS / SIM_SHARDS) + (shard < SIM_RUNS % SIM_SHARDS ? 1 : 0);

/** [S3][S5][S5a][S6][S6a] One shard's schedules as a test of the file that calls it. */
export const itRunsShard = (shard: number): void => {
  const runs = shardRuns(shard);
  const seed = SIM_SEED + shard;
  it(
    `[S3][S5][S5a][S6][S6a] ${runs} of ${SIM_RUNS} seeded random schedules (seed ${seed}) converge with nothing lost or duplicated`,
    async () => {
      const before = schedulesRun();
      await fc.assert(
        fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 40 }), runSchedule),
        { numRuns: runs, seed, endOnFailure: true },
      );
      expect(schedulesRun() - before).toBeGreaterThanOrEqual(runs);
    },
    20 * 60_000,
  );
};
