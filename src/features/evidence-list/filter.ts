import type { LocalRow } from '../../db';
import type { Framework } from '../../domain';
import { newestFirst } from '../shared/evidence-title';
import type { EvidenceSearchIndex } from './search';

type EvidenceRow = LocalRow<'evidence'>;

/**
 * The evidence list's filters. Within one filter any chosen value matches (OR); across filters
 * all must match (AND). Empty or absent means "any". Dates are local calendar days, inclusive.
 */
export type EvidenceFilter = {
  query?: string;
  kinds?: readonly string[];
  judgementIds?: readonly string[];
  agencies?: readonly string[];
  caseIds?: readonly string[];
  authors?: readonly string[];
  evaluations?: readonly string[];
  statuses?: readonly string[];
  /** `YYYY-MM-DD`, local day. */
  from?: string;
  /** `YYYY-MM-DD`, local day, inclusive. */
  to?: string;
};

/** Evidence tagged with a sub-judgement (Adoption performance) speaks to its parent too. */
export const withSubJudgements = (framework: Framework, ids: readonly string[]): string[] => {
  const chosen = new Set(ids);
  for (const j of framework.judgements) if (j.parentId && chosen.has(j.parentId)) chosen.add(j.id);
  return [...chosen];
};

/** Start of a local calendar day in ms; `null` for a missing or malformed date. */
const localDayStart = (date: string | undefined, plusDays = 0): number | null => {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).getTime();
};

const anyOf = (chosen: readonly string[] | undefined) =>
  chosen && chosen.length > 0 ? new Set(chosen) : null;

const overlaps = (values: readonly string[] | null | undefined, chosen: Set<string>) =>
  !!values && values.some((v) => chosen.has(v));

/** Compiles the filter once, so the per-row test is a few Set lookups (10,000 rows in a few ms). */
export const compileFilter = (filter: EvidenceFilter): ((row: EvidenceRow) => boolean) => {
  const kinds = anyOf(filter.kinds);
  const judgements = anyOf(filter.judgementIds);
  const agencies = anyOf(filter.agencies);
  const cases = anyOf(filter.caseIds);
  const authors = anyOf(filter.authors);
  const evaluations = anyOf(filter.evaluations);
  const statuses = anyOf(filter.statuses);
  const from = localDayStart(filter.from);
  const before = localDayStart(filter.to, 1);
  return (row) => {
    const f = row.fields;
    if (kinds && !kinds.has(f.kind)) return false;
    if (statuses && !statuses.has(f.status)) return false;
    if (agencies && !(f.agency && agencies.has(f.agency))) return false;
    if (evaluations && !(f.evaluation && evaluations.has(f.evaluation))) return false;
    if (authors && !authors.has(row.author)) return false;
    if (judgements && !overlaps(f.judgementIds, judgements)) return false;
    if (cases && !overlaps(f.caseIds, cases)) return false;
    if (from !== null || before !== null) {
      const at = Date.parse(f.occurredAt);
      if (from !== null && !(at >= from)) return false;
      if (before !== null && !(at < before)) return false;
    }
    return true;
  };
};

export const hasQuery = (filter: EvidenceFilter) => (filter.query ?? '').trim().length > 0;

const byIdCache = new WeakMap<readonly EvidenceRow[], Map<string, EvidenceRow>>();
/** The live rows array is the same object until the rows change, so the lookup is built once per change. */
const byId = (rows: readonly EvidenceRow[]) => {
  let map = byIdCache.get(rows);
  if (!map) {
    map = new Map(rows.map((r) => [r.id, r]));
    byIdCache.set(rows, map);
  }
  return map;
};

/**
 * The list as shown: with search hits (ids, best first) the hits that pass the filters, in that
 * order; without, every row that passes, newest first. Pure, so a benchmark can call it directly.
 */
export const queryEvidence = (
  rows: readonly EvidenceRow[],
  filter: EvidenceFilter,
  hits?: readonly string[] | null,
): EvidenceRow[] => {
  const keep = compileFilter(filter);
  if (!hits) return rows.filter(keep).sort(newestFirst);
  const lookup = byId(rows);
  const found: EvidenceRow[] = [];
  for (const id of hits) {
    const row = lookup.get(id);
    if (row && keep(row)) found.push(row);
  }
  return found;
};

/** Search (when the filter has a query) then filter: the whole path of one keystroke in the list. */
export const searchEvidence = (
  rows: readonly EvidenceRow[],
  filter: EvidenceFilter,
  index: EvidenceSearchIndex,
): EvidenceRow[] =>
  queryEvidence(rows, filter, hasQuery(filter) ? index.search(filter.query ?? '') : null);
