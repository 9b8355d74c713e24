import { useDeferredValue, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { AGENCIES, EVALUATIONS, EVIDENCE_KINDS, EVIDENCE_STATUSES, labelOf } from '../../domain';
import { useInspection, useRows, useCaseRefs } from '../shared/hooks';
import { EvidenceResult } from './EvidenceResults';
import { FilterPanel, type FilterOptions } from './FilterPanel';
import { hasQuery, withSubJudgements, type EvidenceFilter } from './filter';
import { activeFilterCount, filterFromParams, paramsFromFilter } from './filter-params';
import { useEvidenceSearch } from './useEvidenceSearch';
import { useCountNews } from './count-news';
import './evidence-list.scss';
import { InspectionNotFound } from '../shared/NotFound';
import { ShowMore } from '../shared/ShowMore';

const PAGE_SIZE = 50; // a day's evidence for one inspector; more on request keeps 10,000 rows fast

const startsOpen = () =>
  typeof window.matchMedia !== 'function' || window.matchMedia('(min-width: 1020px)').matches;

/**
 * All evidence of the inspection, filtered and searched on the device (MiniSearch, no network).
 * Filters and the search live in the URL; the search index is built once per unlock, in the
 * background when the list first opens, and then kept up to date with the live rows.
 */
export const EvidenceListPage = () => {
  const { inspectionId = '' } = useParams();
  const inspection = useInspection(inspectionId);
  const rows = useRows('evidence', inspectionId);
  const { cases, caseRefs } = useCaseRefs(inspectionId);
  const [params, setParams] = useSearchParams();
  const [filtersOpen, setFiltersOpen] = useState(startsOpen);
  const [limit, setLimit] = useState(PAGE_SIZE);

  const filter = useMemo(() => filterFromParams(params), [params]);
  // Typing stays responsive: the list catches up with the search box when it can.
  const deferredFilter = useDeferredValue(filter);
  const setFilter = (patch: EvidenceFilter) => {
    setParams(paramsFromFilter({ ...filter, ...patch }), { replace: true });
    setLimit(PAGE_SIZE);
  };

  const effective = useMemo(
    () =>
      inspection
        ? {
            ...deferredFilter,
            judgementIds: withSubJudgements(
              inspection.framework,
              deferredFilter.judgementIds ?? [],
            ),
          }
        : undefined,
    [inspection, deferredFilter],
  );
  const results = useEvidenceSearch(`list:${inspectionId}`, rows, cases && caseRefs, effective);
  const searching = hasQuery(deferredFilter);
  const query = deferredFilter.query ?? '';

  const options = useMemo((): FilterOptions | undefined => {
    if (!inspection) return undefined;
    const team = new Map(inspection.team.map((m) => [m.userId, m.name]));
    const authors = new Set([...team.keys(), ...(rows ?? []).map((r) => r.author)]);
    return {
      kinds: inspection.framework.evidenceKinds.map((k) => ({
        value: k,
        label: labelOf(EVIDENCE_KINDS, k),
      })),
      judgementIds: inspection.framework.judgements.map((j) => {
        const parent = inspection.framework.judgements.find((p) => p.id === j.parentId);
        return { value: j.id, label: parent ? `${j.title} (part of ${parent.title})` : j.title };
      }),
      agencies: AGENCIES.map((a) => ({ value: a.id, label: a.label })),
      caseIds: [...(cases ?? [])]
        .sort((a, b) => a.fields.caseRef.localeCompare(b.fields.caseRef))
        .map((c) => ({ value: c.id, label: c.fields.caseRef })),
      authors: [...authors].map((id) => ({
        value: id,
        label: team.get(id) ?? 'Another inspector',
      })),
      evaluations: EVALUATIONS.map((e) => ({ value: e.id, label: e.label })),
      statuses: EVIDENCE_STATUSES.map((s) => ({ value: s.id, label: s.label })),
    };
  }, [inspection, rows, cases]);

  const count = results?.length ?? 0;
  const active = activeFilterCount(filter);
  const countWords =
    results === undefined
      ? undefined
      : `${count} ${count === 1 ? 'piece' : 'pieces'} of evidence${
          active > 0 || query ? (count === 1 ? ' matches' : ' match') : ''
        }`;
  // Read out when her search or filters change (and the first count), not as rows arrive.
  const said = useCountNews(`${inspectionId}\n${JSON.stringify(deferredFilter)}`, countWords);

  if (inspection === undefined) return <p className="govuk-body">Loading…</p>;
  if (inspection === null) return <InspectionNotFound />;

  return (
    <>
      <div className="fb-list-header">
        <div>
          <span className="govuk-caption-l">{inspection.area}</span>
          <h1 className="govuk-heading-l">Evidence</h1>
        </div>
        <div className="govuk-button-group govuk-!-margin-bottom-4">
          <Link
            to={`/i/${inspectionId}/evidence/new`}
            role="button"
            draggable="false"
            className="govuk-button govuk-!-margin-bottom-0"
            data-module="govuk-button"
          >
            Record evidence
          </Link>
          <Link
            to={`/i/${inspectionId}/evidence/new?kind=shadowing-observation`}
            role="button"
            draggable="false"
            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
            data-module="govuk-button"
          >
            Start shadowing
          </Link>
        </div>
      </div>
      <div className="moj-action-bar">
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          aria-expanded={filtersOpen}
          onClick={() => setFiltersOpen((o) => !o)}
        >
          {filtersOpen ? 'Hide filters' : 'Show filters'}
          {active > 0 && ` (${active} selected)`}
        </button>
      </div>
      <div className="moj-filter-layout">
        {filtersOpen && options && (
          <div className="moj-filter-layout__filter">
            <FilterPanel filter={filter} options={options} onChange={setFilter} />
          </div>
        )}
        <div className="moj-filter-layout__content">
          <form role="search" onSubmit={(e) => e.preventDefault()}>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="evidence-search">
                Search evidence
              </label>
              <div className="govuk-hint" id="evidence-search-hint">
                Words from the notes, shadowing lines, role or child’s case reference
              </div>
              <input
                id="evidence-search"
                className="govuk-input"
                type="search"
                autoComplete="off"
                aria-describedby="evidence-search-hint"
                value={filter.query ?? ''}
                onChange={(e) => setFilter({ query: e.target.value || undefined })}
              />
            </div>
          </form>
          {/* Shown, not read out as it changes: its news is read from the region below (count-news.ts). */}
          <p className="govuk-body govuk-!-font-weight-bold" data-testid="evidence-count">
            {countWords ?? (searching && rows ? 'Preparing search…' : 'Loading evidence…')}
          </p>
          <p
            className="fb-sr-only"
            role="status"
            aria-live="polite"
            data-testid="evidence-count-news"
          >
            {said}
          </p>
          {results && results.length === 0 && (rows?.length ?? 0) === 0 && (
            <p className="govuk-body">Nothing recorded yet for this inspection.</p>
          )}
          <h2 className="govuk-visually-hidden">Results</h2>
          {results && results.length > 0 && (
            <ul className="govuk-list fb-results" aria-label="Results">
              {results.slice(0, limit).map((row) => (
                <EvidenceResult
                  key={row.id}
                  row={row}
                  inspectionId={inspectionId}
                  query={query}
                  caseRefs={caseRefs}
                />
              ))}
            </ul>
          )}
          <ShowMore
            shown={limit}
            total={results?.length ?? 0}
            step={PAGE_SIZE}
            onMore={() => setLimit((l) => l + PAGE_SIZE)}
          />
        </div>
      </div>
    </>
  );
};
