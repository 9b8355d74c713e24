/**
 * The lead's Journeys screen with 500 tracked children × 10 stages each (issue 12: goal ≤ 300 ms),
 * beside a plain loop over the same 5,000 rows grouping them by child and stage.
 */
import { openBenchPage } from './bench-page';
import type { JourneysRequest } from './pages/lead-journeys';
import { median } from './stats';
import type { BenchSuite } from './types';

const REQUEST: JourneysRequest = { children: 500, runs: 15 };

export const clientJourneys: BenchSuite = {
  title: 'client lead journeys',
  run: async () => {
    const bench = await openBenchPage();
    try {
      const t = await bench.page.evaluate(
        (r) => window.fieldbookJourneysBench!.journeysTimings(r),
        REQUEST,
      );
      if (t.events !== REQUEST.children * 10 || t.measured === 0 || t.late === 0) {
        throw new Error('the journeys bench measured nothing: it no longer fits the model');
      }
      const what = `${REQUEST.children} children × 10 stages, ${t.measured} steps measured`;
      const floor = {
        name: 'plain loop grouping the rows by child and stage',
        value: median(t.floor),
      };
      return [
        {
          name: `Journeys summary (${what}, median)`,
          value: median(t.model),
          unit: 'ms',
          floor,
          goal: '≤ 300 ms',
        },
        {
          name: `Journeys screen: summary + React render + layout (${what}, median)`,
          value: median(t.screen),
          unit: 'ms',
          floor,
          goal: '≤ 300 ms',
        },
      ];
    } finally {
      await bench.close();
    }
  },
};
