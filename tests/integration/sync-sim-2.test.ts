import { describe } from 'vitest';
import { itRunsShard } from './sim/shards';

/**
 * The second half of the sync simulation's random schedules (sync-sim.test.ts has the first, the
 * regressions and what the simulation checks): a file of its own so CI's second worker plays it.
 */
describe('sync simulation, second shard (S3, S5, S6, S6a, S7)', () => {
  itRunsShard(1);
});
