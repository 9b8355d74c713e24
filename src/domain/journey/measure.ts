import {
  addDays,
  addMonths,
  AVERAGE_MONTH_DAYS,
  daysBetween,
  ENGLAND,
  monthsAndDaysBetween,
  type IsoDate,
  type WorkingCalendar,
} from '../calendar/working-days';
import type { JourneyGap, Timescale, TimescaleUnit } from '../timescales';
import { JOURNEY_STAGES, labelOf } from '../vocabulary';

/**
 * One child's journey measured against the framework's timescales: the time each step took in
 * the unit its timescale uses, each step that missed its timescale, each step due and not
 * recorded as of a date, and gaps in the record. Pure: the "as of" date is passed in.
 */
export type JourneyPoint = { id: string; stage: string; date: IsoDate };

export type StepStatus = 'on-time' | 'late' | 'overdue' | 'not-yet-due' | 'no-deadline';

export type StepMeasure = {
  timescaleId: string;
  step: string;
  unit: TimescaleUnit;
  fromId: string;
  fromDate: IsoDate;
  toId: string | null;
  toDate: IsoDate | null;
  /** Time taken in the unit (months with a fraction, for medians); null while not recorded. */
  elapsed: number | null;
  /** "23 working days", "4 months and 2 days". */
  elapsedText: string | null;
  dueBy: IsoDate | null;
  status: StepStatus;
  /** The step in words: "Initial conference 23 working days after the strategy discussion; …". */
  text: string;
  /** Set when a working-day count runs outside the years the bank-holiday file knows. */
  calendarNote: string | null;
};

export type JourneyFlag =
  | { kind: 'late' | 'overdue'; timescaleId: string; eventId: string; text: string }
  | { kind: 'gap'; gapId: string; eventId: string; text: string };

export type JourneyMeasure = { asOf: IsoDate; steps: StepMeasure[]; flags: JourneyFlag[] };

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** "3 March 2026": the domain speaks in whole dates, the way the guidance does. */
export const longDate = (date: IsoDate): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export const UNIT_WORDS: Record<TimescaleUnit, string> = {
  'working-days': 'working days',
  days: 'days',
  months: 'months',
};

/** The time between two dates in a unit: a number (for medians) and the words. */
export const elapsedIn = (
  unit: TimescaleUnit,
  from: IsoDate,
  to: IsoDate,
  calendar: WorkingCalendar,
): { value: number; text: string } => {
  if (unit === 'working-days') {
    const n = calendar.workingDaysBetween(from, to);
    return { value: n, text: plural(n, 'working day') };
  }
  if (unit === 'days') {
    const n = daysBetween(from, to);
    return { value: n, text: plural(n, 'day') };
  }
  const { months, days } = monthsAndDaysBetween(from, to);
  const text =
    months === 0
      ? plural(days, 'day')
      : days === 0
        ? plural(months, 'month')
        : `${plural(months, 'month')} and ${plural(days, 'day')}`;
  return { value: daysBetween(from, to) / AVERAGE_MONTH_DAYS, text };
};

const addUnits = (unit: TimescaleUnit, from: IsoDate, n: number, calendar: WorkingCalendar) =>
  unit === 'working-days'
    ? calendar.addWorkingDays(from, n)
    : unit === 'days'
      ? addDays(from, n)
      : addMonths(from, n);

/** "15" for a count of days (the unit is in the sentence already), "3 months" for months. */
const limitWords = (t: Timescale) =>
  t.unit === 'months' ? plural(t.within ?? 0, 'month') : String(t.within);

const stageLabel = (stage: string) => labelOf(JOURNEY_STAGES, stage);

const measureRule = (
  t: Timescale,
  journey: readonly JourneyPoint[],
  asOf: IsoDate,
  calendar: WorkingCalendar,
): StepMeasure[] => {
  const stages = new Set(journey.map((p) => p.stage));
  if (t.onlyIf && !t.onlyIf.some((s) => stages.has(s))) return [];
  const starts = journey.flatMap((p, i) => (p.stage === t.from.stage ? [i] : []));
  const chosen = t.from.nth
    ? t.from.andLater
      ? starts.slice(t.from.nth - 1)
      : starts.slice(t.from.nth - 1, t.from.nth)
    : starts;
  const byPoint = t.by
    ? journey.filter((p) => p.stage === t.by!.stage)[(t.by.nth ?? 1) - 1]
    : undefined;
  const sameStage = t.from.stage === t.to.stage;

  return chosen.flatMap((at): StepMeasure[] => {
    const from = journey[at]!;
    // A new start of the same kind opens a new episode: the step belongs to the latest start
    // (the guidance counts from the last strategy discussion), and an earlier one is not due.
    const nextStart = starts.find((s) => s > at);
    const window = sameStage || nextStart === undefined ? journey.length : nextStart;
    let end: JourneyPoint | undefined;
    for (let i = at + 1; i < window && !end; i++)
      if (journey[i]!.stage === t.to.stage) end = journey[i];
    if (!end && !sameStage && nextStart !== undefined) return [];
    if (!end && t.endsAt?.some((s) => journey.some((p, i) => i > at && p.stage === s))) return [];

    const dueBy =
      t.within !== undefined
        ? addUnits(t.unit, from.date, t.within, calendar)
        : (byPoint?.date ?? null);
    const spanEnd = end?.date ?? asOf;
    const calendarNote =
      t.unit === 'working-days' && !(calendar.covers(from.date) && calendar.covers(spanEnd))
        ? `Bank holidays outside ${calendar.firstYear}–${calendar.lastYear} are not in the calendar; weekends only were left out`
        : null;
    const base = {
      timescaleId: t.id,
      step: t.step,
      unit: t.unit,
      fromId: from.id,
      fromDate: from.date,
      dueBy,
      calendarNote,
    };
    const afterWhat = t.by ? `${t.by.label} on ${longDate(dueBy ?? '')}` : '';
    if (end) {
      const elapsed = elapsedIn(t.unit, from.date, end.date, calendar);
      const late = dueBy !== null && end.date > dueBy;
      const said = `${t.step} ${elapsed.text} after ${t.from.label}`;
      return [
        {
          ...base,
          toId: end.id,
          toDate: end.date,
          elapsed: elapsed.value,
          elapsedText: elapsed.text,
          status: late ? 'late' : dueBy === null ? 'no-deadline' : 'on-time',
          text: !late
            ? said
            : t.by
              ? `${said}, after ${afterWhat}; ${t.says} by ${t.by.label}`
              : `${said}; ${t.says} ${limitWords(t)}`,
        },
      ];
    }
    const missing = { ...base, toId: null, toDate: null, elapsed: null, elapsedText: null };
    if (dueBy === null)
      return [
        {
          ...missing,
          status: 'no-deadline',
          text: `${t.step} due by ${t.by?.label ?? 'a date not known yet'}; not recorded yet`,
        },
      ];
    // "due by 9 March 2026 (45 working days after the referral on 5 January 2026)", or for a
    // deadline set by another stage, "due by the second review on 29 July 2026".
    const due = t.by
      ? `${t.step} due by ${afterWhat}`
      : `${t.step} due by ${longDate(dueBy)} (${plural(t.within ?? 0, UNIT_WORDS[t.unit].replace(/s$/, ''))} after ${t.from.label} on ${longDate(from.date)})`;
    return [
      {
        ...missing,
        status: asOf > dueBy ? 'overdue' : 'not-yet-due',
        text: asOf > dueBy ? `${due} and not recorded as of ${longDate(asOf)}` : due,
      },
    ];
  });
};

/** Events in the order the child lived them: by date; the caller's order breaks a tie. */
export const inJourneyOrder = <P extends JourneyPoint>(points: readonly P[]): P[] =>
  [...points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

export const measureJourney = ({
  points,
  timescales,
  gaps = [],
  asOf,
  calendar = ENGLAND,
}: {
  /** The child's stages; sorted here by date (stable, so pass them in the order they were made). */
  points: readonly JourneyPoint[];
  timescales: readonly Timescale[];
  gaps?: readonly JourneyGap[];
  asOf: IsoDate;
  calendar?: WorkingCalendar;
}): JourneyMeasure => {
  const journey = inJourneyOrder(points);
  const steps = timescales.flatMap((t) => measureRule(t, journey, asOf, calendar));
  const flags: JourneyFlag[] = steps.flatMap((s) =>
    s.status === 'late' || s.status === 'overdue'
      ? [{ kind: s.status, timescaleId: s.timescaleId, eventId: s.toId ?? s.fromId, text: s.text }]
      : [],
  );
  // A gap already said as an overdue step would be the same fact twice.
  const overdueStages = new Set(
    steps
      .filter((s) => s.status === 'overdue')
      .map((s) => timescales.find((t) => t.id === s.timescaleId)?.to.stage),
  );
  for (const gap of gaps) {
    if (gap.expect.some((stage) => overdueStages.has(stage))) continue;
    for (const [i, p] of journey.entries()) {
      if (p.stage !== gap.after) continue;
      if (journey.some((q, j) => j > i && (gap.expect as readonly string[]).includes(q.stage)))
        continue;
      flags.push({
        kind: 'gap',
        gapId: gap.id,
        eventId: p.id,
        text: `${stageLabel(p.stage)} of ${longDate(p.date)} ${gap.says}`,
      });
    }
  }
  return { asOf, steps, flags };
};

/**
 * The date a journey is measured to: today during fieldwork, the last day of fieldwork after it,
 * and its first day before it starts (the record as the team will find it).
 */
export const journeyAsOf = (
  inspection: { startsOn: IsoDate; endsOn: IsoDate },
  today: IsoDate,
): IsoDate =>
  today < inspection.startsOn
    ? inspection.startsOn
    : today > inspection.endsOn
      ? inspection.endsOn
      : today;
