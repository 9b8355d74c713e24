import type { LocalRow } from '../../db';
import { rememberLast } from '../shared/remember';
import { localDateOf } from '../shared/format';
import {
  AGENCIES,
  HEALTH_AGENCY_IDS,
  labelOf,
  type AgencyId,
  type Framework,
  type TeamMember,
} from '../../domain';

type Evidence = LocalRow<'evidence'>;
type ChildCase = LocalRow<'childCase'>;

/** How much evidence, and how it was evaluated. Neutral and unevaluated count only in `total`. */
export type Counts = { total: number; strength: number; improvement: number; priority: number };

/**
 * Agencies the lead expects to hear from in every judgement area, so their columns show even when
 * empty: a gap is only visible if its column is there.
 */
export const KEY_AGENCY_IDS: readonly AgencyId[] = [
  'childrens-social-care',
  'police',
  'health-visiting',
  'school-nursing',
  'gp',
  'hospital',
  'camhs',
  'school',
];

/** The groups a judgement area is checked against: "No health evidence" reads better than seven zeros. */
export const AGENCY_GROUPS: readonly { label: string; agencies: readonly AgencyId[] }[] = [
  { label: "children's social care", agencies: ['childrens-social-care', 'mash', 'early-help'] },
  { label: 'police', agencies: ['police'] },
  { label: 'health', agencies: HEALTH_AGENCY_IDS },
  { label: 'education', agencies: ['school', 'virtual-school'] },
];

export type CoverageRow = {
  id: string;
  title: string;
  /** 0 for a judgement area, 1 for a sub-judgement (Adoption performance). */
  depth: number;
  /** One per column of `agencies`. */
  cells: Counts[];
  total: Counts;
  /** In words, e.g. "No health evidence". Empty when every group has evidence. */
  gaps: string[];
};

export type InspectorDay = { day: string; counts: number[]; total: number };

export type CoverageModel = {
  agencies: { id: AgencyId; label: string; total: number; key: boolean }[];
  rows: CoverageRow[];
  /** Evidence tagged with no judgement area of this framework. */
  untagged: number;
  /** Evidence with no agency recorded (counted in row totals, in no agency column). */
  noAgency: number;
  /** Key agencies nobody has any evidence from yet. */
  silentAgencies: { id: AgencyId; label: string }[];
  children: {
    tracked: number;
    sampled: number;
    /** Cases no case-tracking note links to yet, by case reference. */
    withoutNote: { id: string; caseRef: string; selection: 'tracked' | 'sampled' }[];
  };
  inspectors: { id: string; name: string }[];
  /** Evidence per day (local calendar day, oldest first), one count per inspector. */
  days: InspectorDay[];
  evidenceCount: number;
};

/** The local calendar day of an ISO timestamp; evidence after midnight belongs to the new day. */
const localDay = (iso: string): string => localDateOf(iso) || iso.slice(0, 10);

const AGENCY_INDEX = new Map<string, number>(AGENCIES.map((a, i) => [a.id, i]));

/**
 * Everything the coverage screen shows, in one pass over the evidence (50,000 rows in a few tens
 * of milliseconds): per judgement area × agency counts, gaps in words, children without a
 * case-tracking note and evidence per inspector per day. Pure: no React, no database.
 */
export const buildCoverage = ({
  framework,
  evidence,
  cases,
  team,
}: {
  framework: Framework;
  evidence: readonly Evidence[];
  cases: readonly ChildCase[];
  team: readonly TeamMember[];
}): CoverageModel => {
  const judgements = framework.judgements;
  const rowIndex = new Map(judgements.map((j, i) => [j.id, i]));
  // A sub-judgement's evidence speaks to its parent too (as in the evidence list's filter).
  const parentIndex = judgements.map((j) => (j.parentId ? (rowIndex.get(j.parentId) ?? -1) : -1));
  const agencyCount = AGENCIES.length;
  // Flat counters, row-major by [judgement][agency], so the hot loop allocates nothing.
  const cellTotals = new Int32Array(judgements.length * agencyCount * 4);
  const rowTotals = new Int32Array(judgements.length * 4);
  const agencyTotals = new Int32Array(agencyCount);
  const touched = new Uint8Array(judgements.length);
  let untagged = 0;
  let noAgency = 0;

  const inspectorIndex = new Map<string, number>(team.map((m, i) => [m.userId, i]));
  const inspectors = team.map((m) => ({ id: m.userId, name: m.name || 'Team member' }));
  const dayCounts = new Map<string, number[]>();
  const notedCases = new Set<string>();

  for (const row of evidence) {
    const f = row.fields;
    const agency = f.agency ? (AGENCY_INDEX.get(f.agency) ?? -1) : -1;
    if (agency >= 0) agencyTotals[agency]!++;
    else noAgency++;
    const ev =
      f.evaluation === 'strength'
        ? 1
        : f.evaluation === 'area-for-improvement'
          ? 2
          : f.evaluation === 'priority-action'
            ? 3
            : 0;

    const ids = f.judgementIds;
    let tagged = false;
    if (ids) {
      touched.fill(0);
      for (const id of ids) {
        const r = rowIndex.get(id);
        if (r === undefined) continue;
        tagged = true;
        touched[r] = 1;
        const p = parentIndex[r]!;
        if (p >= 0) touched[p] = 1;
      }
      if (tagged) {
        for (let r = 0; r < judgements.length; r++) {
          if (!touched[r]) continue;
          rowTotals[r * 4]!++;
          if (ev) rowTotals[r * 4 + ev]!++;
          if (agency >= 0) {
            const at = (r * agencyCount + agency) * 4;
            cellTotals[at]!++;
            if (ev) cellTotals[at + ev]!++;
          }
        }
      }
    }
    if (!tagged) untagged++;

    if (f.kind === 'case-tracking-note' && f.caseIds) for (const c of f.caseIds) notedCases.add(c);

    let who = inspectorIndex.get(row.author);
    if (who === undefined) {
      who = inspectors.length;
      inspectorIndex.set(row.author, who);
      inspectors.push({ id: row.author, name: 'Former team member' });
    }
    const day = localDay(f.occurredAt);
    let counts = dayCounts.get(day);
    if (!counts) dayCounts.set(day, (counts = []));
    counts[who] = (counts[who] ?? 0) + 1;
  }

  const agencies = AGENCIES.map((a, i) => ({
    id: a.id,
    label: a.label,
    total: agencyTotals[i]!,
    key: KEY_AGENCY_IDS.includes(a.id),
    index: i,
  })).filter((a) => a.key || a.total > 0);

  const counts = (data: Int32Array, at: number): Counts => ({
    total: data[at]!,
    strength: data[at + 1]!,
    improvement: data[at + 2]!,
    priority: data[at + 3]!,
  });

  const rows: CoverageRow[] = judgements.map((j, r) => {
    const cells = agencies.map((a) => counts(cellTotals, (r * agencyCount + a.index) * 4));
    const total = counts(rowTotals, r * 4);
    const byAgency = (id: AgencyId) => cellTotals[(r * agencyCount + AGENCY_INDEX.get(id)!) * 4]!;
    const gaps =
      total.total === 0
        ? ['No evidence yet']
        : AGENCY_GROUPS.filter((g) => g.agencies.every((a) => byAgency(a) === 0)).map(
            (g) => `No ${g.label} evidence`,
          );
    return { id: j.id, title: j.title, depth: j.parentId ? 1 : 0, cells, total, gaps };
  });

  let tracked = 0;
  let sampled = 0;
  const withoutNote: CoverageModel['children']['withoutNote'] = [];
  for (const c of cases) {
    if (c.fields.selection === 'tracked') tracked++;
    else sampled++;
    if (!notedCases.has(c.id))
      withoutNote.push({ id: c.id, caseRef: c.fields.caseRef, selection: c.fields.selection });
  }
  withoutNote.sort((a, b) => a.caseRef.localeCompare(b.caseRef, 'en-GB', { numeric: true }));

  const days = [...dayCounts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, raw]) => {
      const perInspector = inspectors.map((_, i) => raw[i] ?? 0);
      return { day, counts: perInspector, total: perInspector.reduce((s, n) => s + n, 0) };
    });

  return {
    agencies: agencies.map(({ id, label, total, key }) => ({ id, label, total, key })),
    rows,
    untagged,
    noAgency,
    silentAgencies: agencies
      .filter((a) => a.key && a.total === 0)
      .map((a) => ({ id: a.id, label: labelOf(AGENCIES, a.id) })),
    children: { tracked, sampled, withoutNote },
    inspectors,
    days,
    evidenceCount: evidence.length,
  };
};

type CoverageInput = Parameters<typeof buildCoverage>[0];
// The inspection is read anew at each opening: the same team or framework is a new object then.
const sameValue = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** `buildCoverage` that answers again at once while the rows, framework and team are the same. */
export const createCoverageMemo = () =>
  rememberLast(
    buildCoverage,
    (a: CoverageInput, b: CoverageInput) =>
      a.evidence === b.evidence &&
      a.cases === b.cases &&
      sameValue(a.framework, b.framework) &&
      sameValue(a.team, b.team),
  );
export const coverageMemoKey = (inspectionId: string) => `coverage-model:${inspectionId}`;
