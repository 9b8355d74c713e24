/**
 * The lead's Journeys screen on the bench page (issue 12): 500 tracked children with 10 stages
 * each, measured against every shipped timescale — the pure summary (`buildJourneysSummary`, the
 * same call the screen makes, from device rows) and the summary plus a React render of the screen
 * with layout forced. Floor: a plain loop over the same 5,000 rows grouping them by child and
 * counting stages. Exposed as `window.fieldbookJourneysBench`.
 */
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { MemoryRouter } from 'react-router';
import type { LocalInspection, LocalRow } from '../../../src/db';
import { frameworkById, type JourneyStage } from '../../../src/domain';
import { JourneysView } from '../../../src/features/journeys/JourneysPage';
import { buildJourneysSummary } from '../../../src/features/shared/journeys';
import { BENCH_INSPECTION_ID, benchId } from './data';
import { timeScreen, type ScreenTimings } from './screen-timing';

export type JourneysRequest = { children: number; runs: number };
export type JourneysTimings = ScreenTimings & {
  /** Steps measured and late ones found, so a bench that measures nothing is noticed. */
  measured: number;
  late: number;
  events: number;
};

const cp = frameworkById('cp-joint-2012')!;
const lac = frameworkById('lac-2012')!;
// Every shipped timescale at once (frameworks are data): the heaviest measuring a screen can do.
const framework = {
  ...cp,
  journeyStages: [...new Set([...cp.journeyStages, ...lac.journeyStages])],
  timescales: [...(cp.timescales ?? []), ...(lac.timescales ?? [])],
  journeyGaps: [...(cp.journeyGaps ?? []), ...(lac.journeyGaps ?? [])],
};
const inspection: LocalInspection = {
  id: BENCH_INSPECTION_ID,
  frameworkId: cp.id,
  area: 'Benchshire',
  startsOn: '2026-11-23',
  endsOn: '2026-12-06',
  status: 'fieldwork',
  team: [],
  framework,
  source: 'local',
};

const DAY_MS = 86_400_000;
/** Two journeys of ten stages, days after the child's start; every child's start and pace differ. */
const CP_JOURNEY: [JourneyStage, number][] = [
  ['contact', 0],
  ['referral', 1],
  ['strategy-discussion', 5],
  ['section-47-enquiry', 6],
  ['assessment', 40],
  ['child-protection-conference', 22],
  ['child-protection-plan', 22],
  ['cp-review-conference', 110],
  ['cp-review-conference', 290],
  ['cp-review-conference', 480],
];
const LAC_JOURNEY: [JourneyStage, number][] = [
  ['entering-care', 0],
  ['placement', 0],
  ['looked-after-review', 25],
  ['looked-after-review', 120],
  ['permanence-plan', 130],
  ['placement-order', 300],
  ['looked-after-review', 310],
  ['matched-with-adopters', 500],
  ['placed-for-adoption', 560],
  ['permanence-achieved', 640],
];

const dataset = (children: number) => {
  const base = {
    inspectionId: BENCH_INSPECTION_ID,
    seq: 1,
    versions: {},
    conflicts: {},
    author: benchId(2, 1),
    createdAt: '2026-11-24T09:00:00.000Z',
    updatedAt: '2026-11-24T09:00:00.000Z',
    deleted: false,
  };
  const cases: LocalRow<'childCase'>[] = [];
  const events: LocalRow<'journeyEvent'>[] = [];
  for (let n = 0; n < children; n++) {
    const caseId = benchId(5, n);
    cases.push({ ...base, id: caseId, fields: { caseRef: `CASE-${n}`, selection: 'tracked' } });
    const start = Date.UTC(2024, 0, 8) + (n % 200) * 2 * DAY_MS;
    const pace = 0.8 + (n % 7) * 0.1; // some children's steps take longer than the timescale
    for (const [i, [stage, day]] of (n % 2 === 0 ? CP_JOURNEY : LAC_JOURNEY).entries()) {
      events.push({
        ...base,
        id: benchId(6, n * 10 + i),
        fields: {
          caseId,
          stage,
          date: new Date(start + Math.round(day * pace) * DAY_MS).toISOString().slice(0, 10),
          ...(stage === 'placement' ? { outOfArea: n % 3 === 0 } : {}),
          ...(stage === 'permanence-achieved' ? { route: 'adoption' as const } : {}),
        },
      });
    }
  }
  return { cases, events };
};

const journeysTimings = async (request: JourneysRequest): Promise<JourneysTimings> => {
  const { cases, events } = dataset(request.children);
  const asOf = '2026-11-26';
  let measured = 0;
  let late = 0;
  const timings = await timeScreen(request.runs, {
    floor: () => {
      const perChild = new Map<string, Map<string, number>>();
      for (const e of events) {
        let stages = perChild.get(e.fields.caseId);
        if (!stages) perChild.set(e.fields.caseId, (stages = new Map()));
        stages.set(e.fields.stage, (stages.get(e.fields.stage) ?? 0) + 1);
      }
    },
    model: () => {
      const summary = buildJourneysSummary(inspection, cases, events, asOf);
      measured = summary.steps.reduce((n, s) => n + s.recorded, 0);
      late = summary.steps.reduce((n, s) => n + s.late, 0);
    },
    render: (root) => {
      const summary = buildJourneysSummary(inspection, cases, events, asOf);
      flushSync(() =>
        root.render(
          createElement(
            MemoryRouter,
            null,
            createElement(JourneysView, { inspectionId: BENCH_INSPECTION_ID, summary }),
          ),
        ),
      );
    },
  });
  return { ...timings, measured, late, events: events.length };
};

export type FieldbookJourneysBench = { journeysTimings: typeof journeysTimings };

declare global {
  interface Window {
    fieldbookJourneysBench?: FieldbookJourneysBench;
  }
}

window.fieldbookJourneysBench = { journeysTimings };
