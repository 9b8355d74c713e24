import { useMemo } from 'react';
import { todayIso, type LocalInspection, type LocalRow } from '../../db';
import {
  frameworkById,
  journeyAsOf,
  summariseJourneys,
  type Framework,
  type JourneyCase,
  type JourneyGap,
  type JourneysSummary,
  type Timescale,
} from '../../domain';
import { useFieldbook } from './fieldbook-context';
import { useInspection, useRows } from './hooks';

/**
 * The timescales an inspection's journeys are measured against. An inspection stored on a device
 * before timescales were data has a framework copy without them: the shipped file of the same id
 * stands in, so its journeys are measured too.
 */
export const timescalesOf = (
  framework: Framework,
): { timescales: readonly Timescale[]; gaps: readonly JourneyGap[] } => {
  const shipped = frameworkById(framework.id);
  return {
    timescales: framework.timescales ?? shipped?.timescales ?? [],
    gaps: framework.journeyGaps ?? shipped?.journeyGaps ?? [],
  };
};

/**
 * The stages an inspection's journeys offer: its framework's, plus stages the shipped file of the
 * same id has gained since the copy was stored (the adoption steps of schema version 2), so an
 * inspection set up on this device before the update can record them too.
 */
export const journeyStagesOf = (framework: Framework): readonly string[] => {
  if (framework.timescales) return framework.journeyStages; // a copy made since is complete
  const shipped = frameworkById(framework.id)?.journeyStages ?? [];
  return [...new Set<string>([...shipped, ...framework.journeyStages])];
};

/** Device rows as the pure journey model reads them: one child, their stages in the order made. */
export const toJourneyCases = (
  cases: readonly LocalRow<'childCase'>[],
  events: readonly LocalRow<'journeyEvent'>[],
): JourneyCase[] => {
  const byCase = new Map<string, LocalRow<'journeyEvent'>[]>();
  for (const e of events) {
    const list = byCase.get(e.fields.caseId);
    if (list) list.push(e);
    else byCase.set(e.fields.caseId, [e]);
  }
  return cases.map((c) => ({
    id: c.id,
    caseRef: c.fields.caseRef,
    selection: c.fields.selection,
    outOfArea: c.fields.outOfArea === true,
    points: (byCase.get(c.id) ?? [])
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((e) => ({
        id: e.id,
        stage: e.fields.stage,
        date: e.fields.date,
        route: e.fields.route ?? null,
        outOfArea: e.fields.outOfArea ?? null,
      })),
  }));
};

/** The date the device measures journeys to: today during fieldwork, clamped to its dates. */
export const useJourneyAsOf = (inspection: LocalInspection | null | undefined) => {
  const { clock } = useFieldbook();
  return inspection ? journeyAsOf(inspection, todayIso(clock)) : undefined;
};

export const buildJourneysSummary = (
  inspection: LocalInspection,
  cases: readonly LocalRow<'childCase'>[],
  events: readonly LocalRow<'journeyEvent'>[],
  asOf: string,
): JourneysSummary =>
  summariseJourneys({
    cases: toJourneyCases(cases, events),
    ...timescalesOf(inspection.framework),
    asOf,
  });

/** Every child's journey measured, live from the device (works offline). `undefined` while loading. */
export const useJourneysSummary = (inspectionId: string) => {
  const inspection = useInspection(inspectionId);
  const cases = useRows('childCase', inspectionId);
  const events = useRows('journeyEvent', inspectionId);
  const asOf = useJourneyAsOf(inspection);
  const summary = useMemo(
    () =>
      inspection && cases && events && asOf
        ? buildJourneysSummary(inspection, cases, events, asOf)
        : undefined,
    [inspection, cases, events, asOf],
  );
  return { inspection, summary };
};
