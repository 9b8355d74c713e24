import { AVERAGE_MONTH_DAYS, daysBetween, ENGLAND, type IsoDate } from '../calendar/working-days';
import type { JourneyGap, Timescale, TimescaleUnit } from '../timescales';
import { labelOf, PERMANENCE_ROUTES } from '../vocabulary';
import {
  inJourneyOrder,
  measureJourney,
  UNIT_WORDS,
  type JourneyMeasure,
  type JourneyPoint,
} from './measure';

/**
 * All tracked and sampled children at once: for each timescale, how many children, the median
 * time and how many were late; children placed out of the area as their own group; permanence by
 * route. Pure, like `measureJourney`: the lead's screen, the export and the bench share it.
 */
export type JourneyCase = {
  id: string;
  caseRef: string;
  selection: 'tracked' | 'sampled';
  /** The case is marked out of area. A `placement` stage marked out of area counts too. */
  outOfArea: boolean;
  points: (JourneyPoint & { route?: string | null; outOfArea?: boolean | null })[];
};

/** A figure the lead can cite in a judgement: its words and the count behind them. */
export type JourneyFigure = { key: string; text: string; count: number; of: number };

export type LateStep = {
  caseId: string;
  caseRef: string;
  status: 'late' | 'overdue';
  text: string;
};

export type StepSummary = {
  timescaleId: string;
  step: string;
  unit: TimescaleUnit;
  /** "within 15 working days of the strategy discussion", "by the second review". */
  rule: string;
  source: string;
  /** Children with this step recorded, or due and not recorded. */
  children: number;
  /** Times the step was recorded (a child has several later reviews). */
  recorded: number;
  median: number | null;
  medianText: string | null;
  /** Children with at least one late or overdue instance. */
  late: number;
  overdue: number;
  lateSteps: LateStep[];
  figure: JourneyFigure;
};

export type PermanenceGroup = {
  route: string;
  label: string;
  children: number;
  medianDays: number | null;
  medianText: string | null;
  cases: { caseId: string; caseRef: string; days: number | null }[];
  figure: JourneyFigure;
};

export type JourneysSummary = {
  asOf: IsoDate;
  children: number;
  steps: StepSummary[];
  outOfArea: {
    cases: { caseId: string; caseRef: string }[];
    steps: StepSummary[];
    figure: JourneyFigure;
  };
  permanence: PermanenceGroup[];
  gaps: { caseId: string; caseRef: string; text: string }[];
  measures: { case: JourneyCase; measure: JourneyMeasure }[];
  figures: JourneyFigure[];
};

export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const oneDecimal = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export const medianWords = (unit: TimescaleUnit, value: number | null): string | null =>
  value === null
    ? null
    : `${oneDecimal(unit === 'months' ? Math.round(value * 10) / 10 : value)} ${UNIT_WORDS[unit]}`;

const whose = (cases: readonly JourneyCase[]) =>
  cases.every((c) => c.selection === 'tracked')
    ? 'tracked '
    : cases.every((c) => c.selection === 'sampled')
      ? 'sampled '
      : '';

const ruleWords = (t: Timescale) =>
  t.within !== undefined
    ? `within ${t.unit === 'months' ? `${t.within} months` : `${t.within} ${UNIT_WORDS[t.unit]}`} of ${t.from.label}`
    : `by ${t.by?.label ?? 'a later stage'}`;

const summariseSteps = (
  timescales: readonly Timescale[],
  measures: readonly { case: JourneyCase; measure: JourneyMeasure }[],
  group: string,
): StepSummary[] =>
  timescales.map((t) => {
    const involved: JourneyCase[] = [];
    const lateCases: JourneyCase[] = [];
    const overdueCases = new Set<string>();
    const values: number[] = [];
    const lateSteps: LateStep[] = [];
    for (const { case: c, measure } of measures) {
      let counted = false;
      let late = false;
      for (const s of measure.steps) {
        if (s.timescaleId !== t.id) continue;
        if (s.elapsed !== null) values.push(s.elapsed);
        if (s.toId !== null || s.status === 'overdue') counted = true;
        if (s.status === 'late' || s.status === 'overdue') {
          late = true;
          if (s.status === 'overdue') overdueCases.add(c.id);
          lateSteps.push({ caseId: c.id, caseRef: c.caseRef, status: s.status, text: s.text });
        }
      }
      if (counted) involved.push(c);
      if (late) lateCases.push(c);
    }
    const m = median(values);
    const notRecorded =
      overdueCases.size > 0 ? ` (${overdueCases.size} not recorded when due)` : '';
    return {
      timescaleId: t.id,
      step: t.step,
      unit: t.unit,
      rule: ruleWords(t),
      source: t.source,
      children: involved.length,
      recorded: values.length,
      median: m,
      medianText: medianWords(t.unit, m),
      late: lateCases.length,
      overdue: overdueCases.size,
      lateSteps,
      figure: {
        key: `${group}step:${t.id}`,
        text: `${lateCases.length} of ${involved.length} ${group ? 'out-of-area ' : ''}${whose(involved)}children's ${t.steps} were late${notRecorded}`,
        count: lateCases.length,
        of: involved.length,
      },
    };
  });

const isOutOfArea = (c: JourneyCase) =>
  c.outOfArea || c.points.some((p) => p.stage === 'placement' && p.outOfArea === true);

const permanenceByRoute = (cases: readonly JourneyCase[]): PermanenceGroup[] => {
  const byRoute = new Map<string, { caseId: string; caseRef: string; days: number | null }[]>();
  for (const c of cases) {
    const journey = inJourneyOrder(c.points);
    const reached = journey.find((p) => p.stage === 'permanence-achieved');
    if (!reached) continue;
    const entered = journey
      .filter((p) => p.stage === 'entering-care' && p.date <= reached.date)
      .at(-1);
    const route = reached.route ?? '';
    const list = byRoute.get(route) ?? [];
    list.push({
      caseId: c.id,
      caseRef: c.caseRef,
      days: entered ? daysBetween(entered.date, reached.date) : null,
    });
    byRoute.set(route, list);
  }
  const all = [...byRoute.values()].reduce((n, list) => n + list.length, 0);
  const order = [...PERMANENCE_ROUTES.map((r) => r.id as string), ''];
  return order
    .filter((route) => byRoute.has(route))
    .map((route) => {
      const list = byRoute.get(route)!;
      const days = median(list.flatMap((c) => (c.days === null ? [] : [c.days])));
      const label = route ? labelOf(PERMANENCE_ROUTES, route) : 'Route not recorded';
      const medianText =
        days === null
          ? null
          : `${oneDecimal(days)} days (${oneDecimal(Math.round((days / AVERAGE_MONTH_DAYS) * 10) / 10)} months)`;
      return {
        route,
        label,
        children: list.length,
        medianDays: days,
        medianText,
        cases: list,
        figure: {
          key: `permanence:${route || 'not-recorded'}`,
          text: `${list.length} of ${all} children who reached permanence did so by ${route ? label.toLowerCase() : 'a route not recorded'}${medianText ? `, a median of ${medianText} after entering care` : ''}`,
          count: list.length,
          of: all,
        },
      };
    });
};

export const summariseJourneys = ({
  cases,
  timescales,
  gaps = [],
  asOf,
  calendar = ENGLAND,
}: {
  cases: readonly JourneyCase[];
  timescales: readonly Timescale[];
  gaps?: readonly JourneyGap[];
  asOf: IsoDate;
  calendar?: Parameters<typeof measureJourney>[0]['calendar'];
}): JourneysSummary => {
  const measures = cases.map((c) => ({
    case: c,
    measure: measureJourney({ points: c.points, timescales, gaps, asOf, calendar }),
  }));
  const away = measures.filter((m) => isOutOfArea(m.case));
  const steps = summariseSteps(timescales, measures, '');
  const awaySteps = summariseSteps(timescales, away, 'out-of-area:');
  const outOfAreaFigure: JourneyFigure = {
    key: 'out-of-area',
    text: `${away.length} of ${cases.length} ${whose(cases)}children were placed out of the area`,
    count: away.length,
    of: cases.length,
  };
  const permanence = permanenceByRoute(cases);
  return {
    asOf,
    children: cases.length,
    steps,
    outOfArea: {
      cases: away.map((m) => ({ caseId: m.case.id, caseRef: m.case.caseRef })),
      steps: awaySteps,
      figure: outOfAreaFigure,
    },
    permanence,
    gaps: measures.flatMap((m) =>
      m.measure.flags
        .filter((f) => f.kind === 'gap')
        .map((f) => ({ caseId: m.case.id, caseRef: m.case.caseRef, text: f.text })),
    ),
    measures,
    figures: [
      ...steps.filter((s) => s.children > 0).map((s) => s.figure),
      outOfAreaFigure,
      ...awaySteps.filter((s) => s.children > 0).map((s) => s.figure),
      ...permanence.map((p) => p.figure),
    ],
  };
};
