import { useMemo, useState } from 'react';
import type { LocalInspection, LocalRow } from '../../db';
import { AGENCIES, EVALUATIONS, EVIDENCE_KINDS, labelOf } from '../../domain';
import { withSubJudgements, type EvidenceFilter } from '../evidence-list/filter';
import { useEvidenceSearch } from '../evidence-list/useEvidenceSearch';
import { useCountNews } from '../evidence-list/count-news';
import { snippetOf } from '../evidence-list/snippet';
import { Checkboxes, Select, TextInput } from '../shared/govuk';
import { evidenceTitle } from '../shared/evidence-title';
import { sourceLine } from './CitedEvidence';
import { ShowMore } from '../shared/ShowMore';

type Evidence = LocalRow<'evidence'>;

const PAGE_SIZE = 30; // a screenful on a tablet; more on request

/**
 * Picking the evidence behind a judgement: the evidence list's own filter and offline search,
 * pre-filtered to this judgement area (which the lead can widen), with a checkbox to cite each.
 */
export const EvidencePicker = ({
  inspection,
  judgementId,
  evidence,
  caseRefs,
  chosen,
  onToggle,
}: {
  inspection: LocalInspection;
  judgementId: string;
  evidence: readonly Evidence[];
  caseRefs: ReadonlyMap<string, string>;
  chosen: readonly string[];
  onToggle: (id: string) => void;
}) => {
  const [filter, setFilter] = useState<EvidenceFilter>({});
  const [thisAreaOnly, setThisAreaOnly] = useState(true);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const change = (patch: EvidenceFilter) => {
    setFilter((f) => ({ ...f, ...patch }));
    setLimit(PAGE_SIZE);
  };

  const effective = useMemo(
    (): EvidenceFilter => ({
      ...filter,
      judgementIds: thisAreaOnly ? withSubJudgements(inspection.framework, [judgementId]) : [],
    }),
    [filter, thisAreaOnly, inspection.framework, judgementId],
  );
  const results = useEvidenceSearch(
    `judgement-picker:${inspection.id}`,
    evidence,
    caseRefs,
    effective,
  );
  const query = filter.query ?? '';
  const countWords =
    results === undefined
      ? undefined
      : `${results.length} ${results.length === 1 ? 'piece' : 'pieces'} of evidence found`;
  // Read out when her search or filters change (and the first count), not as rows arrive.
  const said = useCountNews(`${inspection.id}\n${JSON.stringify(effective)}`, countWords);

  const chosenSet = new Set(chosen);
  const kinds = inspection.framework.evidenceKinds.map((k) => ({
    value: k,
    label: labelOf(EVIDENCE_KINDS, k),
  }));

  return (
    <section aria-labelledby="picker-heading" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="picker-heading">
        Find evidence to cite
      </h2>
      <Checkboxes
        legend="Which evidence"
        small
        values={thisAreaOnly ? ['this-area'] : []}
        options={[{ value: 'this-area', label: 'Only evidence tagged with this judgement area' }]}
        onChange={(values) => {
          setThisAreaOnly(values.includes('this-area'));
          setLimit(PAGE_SIZE);
        }}
      />
      <div className="fb-picker-filters">
        <Select
          label="Kind"
          value={filter.kinds?.[0] ?? ''}
          emptyLabel="Any"
          options={kinds}
          onChange={(v) => change({ kinds: v ? [v] : [] })}
        />
        <Select
          label="Agency"
          value={filter.agencies?.[0] ?? ''}
          emptyLabel="Any"
          options={AGENCIES.map((a) => ({ value: a.id, label: a.label }))}
          onChange={(v) => change({ agencies: v ? [v] : [] })}
        />
        <Select
          label="Evaluation"
          value={filter.evaluations?.[0] ?? ''}
          emptyLabel="Any"
          options={EVALUATIONS.map((e) => ({ value: e.id, label: e.label }))}
          onChange={(v) => change({ evaluations: v ? [v] : [] })}
        />
      </div>
      <TextInput
        label="Search evidence"
        hint="Words from the notes, shadowing lines, role or child’s case reference"
        type="search"
        value={query}
        onChange={(v) => change({ query: v || undefined })}
      />
      {/* Shown, not read out as it changes: its news is read from the region below (count-news.ts). */}
      <p className="govuk-body govuk-!-font-weight-bold" data-testid="picker-count">
        {countWords ?? 'Preparing search…'}
      </p>
      <p className="fb-sr-only" role="status" aria-live="polite" data-testid="picker-count-news">
        {said}
      </p>
      {results && results.length > 0 && (
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
              Cite in this judgement
            </legend>
            <div
              className="govuk-checkboxes govuk-checkboxes--small"
              data-module="govuk-checkboxes"
            >
              {results.slice(0, limit).map((row) => {
                const id = `pick-${row.id}`;
                const snippet = snippetOf(row, query)
                  .map((p) => p.text)
                  .join('');
                return (
                  <div className="govuk-checkboxes__item" key={row.id}>
                    <input
                      className="govuk-checkboxes__input"
                      id={id}
                      type="checkbox"
                      checked={chosenSet.has(row.id)}
                      onChange={() => onToggle(row.id)}
                      aria-describedby={`${id}-hint`}
                    />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                      {evidenceTitle(row)}
                    </label>
                    <div className="govuk-hint govuk-checkboxes__hint" id={`${id}-hint`}>
                      {sourceLine(row)}
                      {row.fields.evaluation && ` · ${labelOf(EVALUATIONS, row.fields.evaluation)}`}
                      {snippet && ` — ${snippet}`}
                    </div>
                  </div>
                );
              })}
            </div>
          </fieldset>
        </div>
      )}
      <ShowMore
        shown={limit}
        total={results?.length ?? 0}
        step={PAGE_SIZE}
        onMore={() => setLimit((l) => l + PAGE_SIZE)}
      />
    </section>
  );
};
