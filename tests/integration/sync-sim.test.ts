import { describe, it } from 'vitest';
import { runSchedule } from './sim/run';
import { itRunsShard } from './sim/shards';

/**
 * [S3][S5][S6] The deterministic simulation: three tablets edit two inspections at random while
 * the network drops, duplicates, delays and reorders requests and answers, tablets and the server
 * crash between steps, a tablet edits one note in several sittings whose pushes fail, time out or
 * are duplicated, and the coordinator adds and removes team members. At the end every tablet
 * holds the server's rows of exactly the inspections its user is on, every edit is current or
 * kept as a conflict (or, for a team left, kept as refused), no device is ever in conflict with
 * itself, and nothing is duplicated. Seeded, so a failure replays exactly (SIM_SEED, SIM_RUNS: sim/shards.ts).
 */

describe('sync simulation (S3, S5, S6, S6a, S7)', () => {
  it('[S5] regression: two tablets edit the same field offline, one retries after a lost answer', async () => {
    await runSchedule([
      { type: 'editCase', client: 1, target: 0, field: 'initials', value: 'AB' },
      { type: 'editCase', client: 2, target: 0, field: 'initials', value: 'CD' },
      { type: 'startSync', client: 1 },
      { type: 'deliver', index: 0, fault: 'drop-response' },
      { type: 'startSync', client: 2 },
      { type: 'deliver', index: 0, fault: 'duplicate' },
      { type: 'startSync', client: 1 },
      { type: 'deliver', index: 0, fault: 'ok' },
    ]);
  });

  it('[S5] regression: a delete races an edit and a tablet crashes with its push in flight', async () => {
    await runSchedule([
      { type: 'deleteCase', client: 0, target: 1 },
      { type: 'editCase', client: 2, target: 1, field: 'ageBand', value: '5-9' },
      { type: 'startSync', client: 2 },
      { type: 'crashClient', client: 2, reached: true },
      { type: 'startSync', client: 0 },
      { type: 'deliver', index: 0, fault: 'ok' },
      { type: 'restartServer' },
    ]);
  });

  it('[S6] regression: a pulled page lands while the tablet is typing into the same record', async () => {
    await runSchedule([
      { type: 'editCase', client: 1, target: 0, field: 'ageBand', value: '5-9' },
      { type: 'startSync', client: 1 },
      { type: 'deliver', index: 0, fault: 'ok' },
      { type: 'deliver', index: 0, fault: 'ok' },
      { type: 'startSync', client: 2 },
      { type: 'editCase', client: 2, target: 0, field: 'initials', value: 'GH' },
      { type: 'deliver', index: 0, fault: 'ok' },
    ]);
  });

  it('[S5a] regression: one note edited in four sittings while pushes fail, time out and duplicate', async () => {
    await runSchedule([
      { type: 'createEvidence', client: 1, text: 'Half a' },
      {
        type: 'sittings',
        client: 1,
        target: 0,
        texts: ['Half a sent', 'Half a sentence', 'Half a sentence, then', 'The whole note.'],
        faults: ['drop-response', 'drop-request', 'duplicate', 'drop-response'],
      },
      { type: 'editCase', client: 1, target: 0, field: 'initials', value: 'AB' },
      { type: 'sittings', client: 1, target: 0, texts: ['Final.', 'Final!'], faults: ['ok'] },
    ]);
  });

  it('[S6a] regression: a tablet joins a team and gets its older notes, then leaves with a note unsent', async () => {
    await runSchedule([
      { type: 'team', client: 2, join: true },
      { type: 'startSync', client: 2 },
      { type: 'deliver', index: 0, fault: 'ok' },
      { type: 'deliver', index: 0, fault: 'ok' },
      { type: 'deliver', index: 0, fault: 'ok' },
      { type: 'teamEvidence', client: 2, target: 0, text: 'Seen at the hub' },
      { type: 'teamEvidence', client: 1, target: 0, text: 'Met the manager' },
      { type: 'team', client: 2, join: false },
      { type: 'startSync', client: 2 },
      { type: 'deliver', index: 0, fault: 'ok' },
      { type: 'team', client: 1, join: false },
      { type: 'team', client: 1, join: true },
    ]);
  });

  it('[S6a] regression: removed, the tablet forgets the inspection but its pull fails; re-added, it gets every row again', async () => {
    await runSchedule([
      { type: 'team', client: 1, join: false },
      { type: 'startSync', client: 1 },
      // /api/me answers (the tablet deletes the inspection's rows); its push and pull never arrive.
      { type: 'deliver', index: 0, fault: 'ok' },
      { type: 'deliver', index: 0, fault: 'drop-request' },
      { type: 'team', client: 1, join: true },
    ]);
  });

  // The first half of the random schedules; sync-sim-2.test.ts plays the other (sim/shards.ts).
  itRunsShard(0);
});
