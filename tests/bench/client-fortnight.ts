/**
 * Two weeks on one tablet (session 20): does the app stay as quick on day 10 as on day 1? One
 * encrypted device database lives through an inspector's fortnight on the bench page
 * (pages/fortnight.ts: 60 notes, each day's new notes and 8 older ones reopened, a sitting being
 * 5–30 autosaves, synced every three sittings through the app's own outbox code: ~2,400 saves).
 * At the end of day 1 and of day 10 the same actions are timed: a new note's sitting of autosaves,
 * and opening the evidence list after an unlock. The floor of each day-10 figure is the same
 * figure on day 1, measured in the same round on the same database. Medians over rounds, each
 * round a fresh database. Run alone with `npx tsx tests/bench/run.ts 'two weeks'`.
 */
import { openBenchPage } from './bench-page';
import type { FortnightDay, FortnightRequest } from './pages/fortnight';
import { median, percentile } from './stats';
import type { BenchSuite } from './types';

const REQUEST: FortnightRequest = {
  newNotesByDay: [8, 7, 7, 6, 6, 6, 5, 5, 5, 5],
  revisitsPerDay: 8,
  timedSaves: 100,
  openings: 5,
};
const ROUNDS = 3;

export const clientFortnight: BenchSuite = {
  title: 'two weeks on one tablet',
  run: async () => {
    const bench = await openBenchPage();
    try {
      await bench.page.waitForFunction(() => window.fieldbookFortnightBench !== undefined);
      const rounds: FortnightDay[][] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const days = await bench.page.evaluate(
          (r) => window.fieldbookFortnightBench!.fortnight(r),
          REQUEST,
        );
        if (days.length !== 2) throw new Error(`the fortnight measured ${days.length} days`);
        if (days.some((d) => d.outbox !== 0))
          throw new Error('ops were left in the outbox after a sync that applied every one');
        rounds.push(days);
      }
      const first = rounds.map((r) => r[0]!);
      const last = rounds.map((r) => r[1]!);
      const of = (days: FortnightDay[], pick: (d: FortnightDay) => number) =>
        median(days.map(pick));
      const day1 = first[0]!;
      const day10 = last[0]!;
      const at = (d: FortnightDay) => `day ${d.day}: ${d.notes} notes, ${d.saves} saves before`;
      const SAVES = REQUEST.timedSaves;
      return [
        {
          name: `two weeks: autosave p50 of a ${SAVES}-save sitting, ${at(day10)} (median of ${ROUNDS})`,
          value: of(last, (d) => percentile(d.autosaveMs, 50)),
          unit: 'ms',
          floor: {
            name: `the same on ${at(day1)}`,
            value: of(first, (d) => percentile(d.autosaveMs, 50)),
          },
          goal: '≈ 1× (nothing the saves leave behind slows the next)',
        },
        {
          name: `two weeks: autosave p95, ${at(day10)} (median of ${ROUNDS})`,
          value: of(last, (d) => percentile(d.autosaveMs, 95)),
          unit: 'ms',
          floor: {
            name: `the same on day 1`,
            value: of(first, (d) => percentile(d.autosaveMs, 95)),
          },
        },
        {
          name: `two weeks: evidence list opened after an unlock, ${at(day10)} (median of ${REQUEST.openings} × ${ROUNDS})`,
          value: of(last, (d) => median(d.openMs)),
          unit: 'ms',
          floor: { name: `the same on day 1`, value: of(first, (d) => median(d.openMs)) },
          goal: `grows with the notes (${day10.notes}/${day1.notes} = ${(day10.notes / day1.notes).toFixed(1)}×), not the saves`,
        },
        {
          name: `diagnostic: the origin's IndexedDB bytes (Chromium's estimate) at the end of day 10`,
          value: of(last, (d) => d.idbBytes / 1024),
          unit: 'KB',
          floor: {
            name: 'the same at the end of day 1',
            value: of(first, (d) => d.idbBytes / 1024),
          },
        },
      ];
    } finally {
      await bench.close();
    }
  },
};
