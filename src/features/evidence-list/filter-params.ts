import type { EvidenceFilter } from './filter';

/** Filters live in the URL, so Back from a piece of evidence returns to the same list. */
export const LIST_PARAMS = {
  kinds: 'kind',
  judgementIds: 'judgement',
  agencies: 'agency',
  caseIds: 'case',
  authors: 'author',
  evaluations: 'evaluation',
  statuses: 'status',
} as const;

export type ListKey = keyof typeof LIST_PARAMS;
export const LIST_KEYS = Object.keys(LIST_PARAMS) as ListKey[];

export const filterFromParams = (params: URLSearchParams): EvidenceFilter => {
  const filter: EvidenceFilter = {};
  for (const key of LIST_KEYS) {
    const values = params.getAll(LIST_PARAMS[key]).filter(Boolean);
    if (values.length) filter[key] = values;
  }
  const query = params.get('q');
  if (query) filter.query = query;
  const from = params.get('from');
  if (from) filter.from = from;
  const to = params.get('to');
  if (to) filter.to = to;
  return filter;
};

export const paramsFromFilter = (filter: EvidenceFilter): URLSearchParams => {
  const params = new URLSearchParams();
  if (filter.query) params.set('q', filter.query);
  for (const key of LIST_KEYS)
    for (const v of filter[key] ?? []) params.append(LIST_PARAMS[key], v);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  return params;
};

export const activeFilterCount = (filter: EvidenceFilter): number =>
  LIST_KEYS.reduce((n, key) => n + (filter[key]?.length ?? 0), 0) +
  (filter.from ? 1 : 0) +
  (filter.to ? 1 : 0);
