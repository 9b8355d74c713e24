import type { LocalInspection, LocalRow } from '../../db';
import { inspectionStatusLabel } from '../shared/inspection-status';
import { hourMinute } from '../shared/format';
import {
  AGE_BANDS,
  AGENCIES,
  CASE_SELECTIONS,
  CASE_STATUSES,
  CONCERN_STATUSES,
  EVALUATIONS,
  EVIDENCE_KINDS,
  EVIDENCE_STATUSES,
  INSPECTORATES,
  JOURNEY_STAGES,
  JUDGEMENT_STATES,
  journeyAsOf,
  labelOf,
  REFERRED_TO,
  TEAM_ROLES,
  type JourneysSummary,
  type ShadowingLine,
} from '../../domain';
import { buildJourneysSummary } from '../shared/journeys';

/** Everything on the device for one inspection: what an export is built from. */
export type RecordInput = {
  inspection: LocalInspection;
  evidence: readonly LocalRow<'evidence'>[];
  cases: readonly LocalRow<'childCase'>[];
  journeyEvents: readonly LocalRow<'journeyEvent'>[];
  reviews: readonly LocalRow<'review'>[];
  drafts: readonly LocalRow<'judgementDraft'>[];
  concerns: readonly LocalRow<'safeguardingConcern'>[];
  meetings: readonly LocalRow<'teamMeeting'>[];
  /** The day the record is made (journeys are measured to it, within fieldwork); else fieldwork's last day. */
  asOf?: string;
};

/** The protective marking printed on anything holding official-sensitive evidence. */
export const SENSITIVE_MARKING = 'OFFICIAL-SENSITIVE';
export const OFFICIAL_MARKING = 'OFFICIAL';

export type EvidenceView = {
  id: string;
  kind: string;
  occurredAt: string;
  author: string;
  agency: string;
  role: string;
  caseRefs: string[];
  judgements: string[];
  evaluation: string;
  sensitive: boolean;
  sensitivity: string;
  status: string;
  text: string;
  lines: readonly ShadowingLine[];
};

/** Names and titles an evidence row points at by id, looked up once per export. */
export type EvidenceContext = {
  names: ReadonlyMap<string, string>;
  caseRefs: ReadonlyMap<string, string>;
  judgementTitles: ReadonlyMap<string, string>;
};

export const evidenceContext = (
  inspection: LocalInspection,
  cases: readonly LocalRow<'childCase'>[],
): EvidenceContext => ({
  names: new Map(inspection.team.map((m) => [m.userId, m.name])),
  caseRefs: new Map(cases.map((c) => [c.id, c.fields.caseRef])),
  judgementTitles: new Map(inspection.framework.judgements.map((j) => [j.id, j.title])),
});

/** A shadowing line's time as the inspector saw it on the tablet (local time, HH:MM). */
export const lineTime = (iso: string): string => hourMinute(iso) || iso;

/** The words of a piece of evidence: its text, or its shadowing lines each with its time. */
export const evidenceText = (row: LocalRow<'evidence'>): string => {
  const { text, lines } = row.fields;
  const parts: string[] = [];
  if (text) parts.push(text);
  if (lines && lines.length > 0)
    parts.push(lines.map((l) => `${lineTime(l.at)} ${l.text}`).join('\n'));
  return parts.join('\n');
};

export const toEvidenceView = (row: LocalRow<'evidence'>, ctx: EvidenceContext): EvidenceView => {
  const f = row.fields;
  const sensitive = f.sensitivity === 'official-sensitive';
  return {
    id: row.id,
    kind: labelOf(EVIDENCE_KINDS, f.kind),
    occurredAt: f.occurredAt,
    author: ctx.names.get(row.author) ?? 'Former team member',
    agency: f.agency ? labelOf(AGENCIES, f.agency) : '',
    role: f.role ?? '',
    caseRefs: (f.caseIds ?? []).map((id) => ctx.caseRefs.get(id) ?? 'Unknown case'),
    judgements: (f.judgementIds ?? []).map((id) => ctx.judgementTitles.get(id) ?? id),
    evaluation: f.evaluation ? labelOf(EVALUATIONS, f.evaluation) : '',
    sensitive,
    sensitivity: sensitive ? SENSITIVE_MARKING : OFFICIAL_MARKING,
    status: labelOf(EVIDENCE_STATUSES, f.status),
    text: f.text ?? '',
    lines: f.lines ?? [],
  };
};

const byTime = (a: LocalRow<'evidence'>, b: LocalRow<'evidence'>) =>
  a.fields.occurredAt.localeCompare(b.fields.occurredAt) || a.id.localeCompare(b.id);

export type JudgementSection = {
  id: string;
  title: string;
  parentTitle: string | null;
  graded: boolean;
  grade: string;
  state: string | null;
  rationale: string;
  /** Journey figures cited, as they read when cited. */
  figures: { text: string; asOf: string }[];
  /** Evidence tagged with this area or cited by its draft, oldest first. */
  evidence: (EvidenceView & { cited: boolean })[];
};

export type InspectionRecord = {
  title: string;
  area: string;
  startsOn: string;
  endsOn: string;
  status: string;
  marking: string;
  team: { id: string; name: string; role: string; inspectorate: string }[];
  judgements: JudgementSection[];
  /** Evidence with no judgement area and cited by no draft. */
  otherEvidence: EvidenceView[];
  children: {
    id: string;
    caseRef: string;
    summary: string;
    journey: { id: string; date: string; stage: string; agency: string; note: string }[];
  }[];
  concerns: {
    id: string;
    raisedAt: string;
    raisedBy: string;
    caseRef: string;
    concern: string;
    referredTo: string;
    referredAt: string;
    leadInformedAt: string;
    directorInformedAt: string;
    status: string;
  }[];
  meetings: {
    id: string;
    date: string;
    attendees: string[];
    views: { title: string; text: string }[];
    gaps: string;
    plan: string;
    evidenceCount: number;
  }[];
  evidenceCount: number;
  journeys: JourneysSummary;
};

/**
 * The journeys part of the inspection record: the same figures the lead's Journeys screen shows,
 * measured as of `input.asOf` (the export's day, clamped to fieldwork) or, without one, the last
 * day of fieldwork.
 */
export const recordJourneys = (input: RecordInput): JourneysSummary =>
  buildJourneysSummary(
    input.inspection,
    input.cases,
    input.journeyEvents,
    journeyAsOf(input.inspection, input.asOf ?? input.inspection.endsOn),
  );

/**
 * The inspection record as the printed document reads it: grouped by judgement area (each with
 * its draft and its evidence), then the children and their journeys, the safeguarding log and
 * the team meetings. Pure: ids become names and labels here, once.
 */
export const buildRecord = (input: RecordInput): InspectionRecord => {
  const { inspection } = input;
  const { framework } = inspection;
  const ctx = evidenceContext(inspection, input.cases);
  const name = (id: string | null | undefined) =>
    id ? (ctx.names.get(id) ?? 'Former team member') : '';
  const evidence = [...input.evidence].sort(byTime);
  const views = new Map(evidence.map((e) => [e.id, toEvidenceView(e, ctx)]));

  const drafts = new Map<string, LocalRow<'judgementDraft'>>();
  for (const d of [...input.drafts].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  ))
    if (!drafts.has(d.fields.judgementId)) drafts.set(d.fields.judgementId, d);

  const placed = new Set<string>();
  const judgements = framework.judgements.map((j): JudgementSection => {
    const draft = drafts.get(j.id);
    const cited = new Set(draft?.fields.evidenceIds ?? []);
    const rows = evidence.filter(
      (e) => cited.has(e.id) || (e.fields.judgementIds ?? []).includes(j.id),
    );
    for (const e of rows) placed.add(e.id);
    return {
      id: j.id,
      title: j.title,
      parentTitle: j.parentId ? (ctx.judgementTitles.get(j.parentId) ?? null) : null,
      graded: framework.gradeScale.length > 0,
      grade: draft?.fields.grade
        ? (framework.gradeScale.find((g) => g.id === draft.fields.grade)?.label ??
          draft.fields.grade)
        : 'Not graded',
      state: draft ? labelOf(JUDGEMENT_STATES, draft.fields.state) : null,
      rationale: draft?.fields.rationale ?? '',
      figures: (draft?.fields.figures ?? []).map((f) => ({ text: f.text, asOf: f.asOf })),
      evidence: rows.map((e) => ({ ...views.get(e.id)!, cited: cited.has(e.id) })),
    };
  });

  const eventsByCase = new Map<string, LocalRow<'journeyEvent'>[]>();
  for (const e of input.journeyEvents) {
    const list = eventsByCase.get(e.fields.caseId) ?? [];
    list.push(e);
    eventsByCase.set(e.fields.caseId, list);
  }

  return {
    title: framework.title,
    area: inspection.area,
    startsOn: inspection.startsOn,
    endsOn: inspection.endsOn,
    status: inspectionStatusLabel(inspection),
    marking: evidence.some((e) => e.fields.sensitivity === 'official-sensitive')
      ? SENSITIVE_MARKING
      : OFFICIAL_MARKING,
    team: inspection.team.map((m) => ({
      id: m.userId,
      name: m.name,
      role: labelOf(TEAM_ROLES, m.role),
      inspectorate: labelOf(INSPECTORATES, m.inspectorate),
    })),
    judgements,
    otherEvidence: evidence.filter((e) => !placed.has(e.id)).map((e) => views.get(e.id)!),
    children: [...input.cases]
      .sort((a, b) => a.fields.caseRef.localeCompare(b.fields.caseRef, 'en-GB', { numeric: true }))
      .map((c) => ({
        id: c.id,
        caseRef: c.fields.caseRef + (c.fields.initials ? ` (${c.fields.initials})` : ''),
        summary: [
          labelOf(CASE_SELECTIONS, c.fields.selection),
          c.fields.status && labelOf(CASE_STATUSES, c.fields.status),
          c.fields.ageBand && `age ${labelOf(AGE_BANDS, c.fields.ageBand)}`,
          c.fields.outOfArea && 'placed out of area',
          c.fields.agencies?.length &&
            `agencies: ${c.fields.agencies.map((a) => labelOf(AGENCIES, a)).join(', ')}`,
          c.fields.assignedTo && `assigned to ${name(c.fields.assignedTo)}`,
        ]
          .filter(Boolean)
          .join(' · '),
        journey: (eventsByCase.get(c.id) ?? [])
          .sort(
            (a, b) =>
              a.fields.date.localeCompare(b.fields.date) || a.createdAt.localeCompare(b.createdAt),
          )
          .map((e) => ({
            id: e.id,
            date: e.fields.date,
            stage: labelOf(JOURNEY_STAGES, e.fields.stage),
            agency: e.fields.agency ? labelOf(AGENCIES, e.fields.agency) : '',
            note: e.fields.note ?? '',
          })),
      })),
    concerns: [...input.concerns]
      .sort((a, b) => a.fields.raisedAt.localeCompare(b.fields.raisedAt))
      .map((c) => ({
        id: c.id,
        raisedAt: c.fields.raisedAt,
        raisedBy: name(c.author),
        caseRef: c.fields.caseId ? (ctx.caseRefs.get(c.fields.caseId) ?? 'Unknown case') : '',
        concern: c.fields.concern,
        referredTo: c.fields.referredTo ? labelOf(REFERRED_TO, c.fields.referredTo) : '',
        referredAt: c.fields.referredAt ?? '',
        leadInformedAt: c.fields.leadInformedAt ?? '',
        directorInformedAt: c.fields.directorInformedAt ?? '',
        status: labelOf(CONCERN_STATUSES, c.fields.status),
      })),
    meetings: [...input.meetings]
      .sort((a, b) => a.fields.date.localeCompare(b.fields.date))
      .map((m) => ({
        id: m.id,
        date: m.fields.date,
        attendees: (m.fields.attendees ?? []).map(name),
        views: Object.entries(m.fields.views ?? {}).map(([id, text]) => ({
          title: ctx.judgementTitles.get(id) ?? id,
          text,
        })),
        gaps: m.fields.gaps ?? '',
        plan: m.fields.plan ?? '',
        evidenceCount: m.fields.evidenceIds?.length ?? 0,
      })),
    evidenceCount: evidence.length,
    journeys: recordJourneys(input),
  };
};
