import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { LocalInspection, LocalRow } from '../../db';
import { EVIDENCE_KINDS, labelOf } from '../../domain';
import { evidenceTitle } from '../shared/evidence-title';
import { withSubJudgements } from '../evidence-list/filter';
import { useEvidenceSearch } from '../evidence-list/useEvidenceSearch';
import { Button, Checkboxes, Select, TextInput } from '../shared/govuk';
import { useRows, useCaseRefs } from '../shared/hooks';
import { TAP_LINK } from '../shared/touch';

/** Enough results to pick from on a tablet; narrowing the filter finds the rest. */
const RESULTS_SHOWN = 20;

/**
 * Links evidence to a record: what is linked (each with a way to unlink), then a small filter by
 * kind, judgement area and words over the inspection's evidence, using the evidence list's own
 * query and search so both screens find the same things.
 */
export const EvidencePicker = ({
  inspection,
  selected,
  onChange,
  legend = 'Linked evidence',
}: {
  inspection: LocalInspection;
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  legend?: string;
}) => {
  const rows = useRows('evidence', inspection.id);
  const { cases, caseRefs } = useCaseRefs(inspection.id);
  const [kind, setKind] = useState('');
  const [judgement, setJudgement] = useState('');
  const [query, setQuery] = useState('');
  const filter = useMemo(
    () => ({
      query,
      kinds: kind ? [kind] : [],
      judgementIds: judgement ? withSubJudgements(inspection.framework, [judgement]) : [],
    }),
    [query, kind, judgement, inspection.framework],
  );
  const results = useEvidenceSearch(
    `meeting-picker:${inspection.id}`,
    rows,
    cases && caseRefs,
    filter,
  );
  const byId = useMemo(() => new Map((rows ?? []).map((r) => [r.id, r])), [rows]);

  const shown = (results ?? []).slice(0, RESULTS_SHOWN);
  const shownIds = new Set(shown.map((r) => r.id));
  const linked = selected
    .map((id) => byId.get(id))
    .filter((r): r is LocalRow<'evidence'> => r !== undefined);
  const missing = selected.length - linked.length;

  return (
    <section aria-labelledby="picker-heading" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m" id="picker-heading">
        {legend}
      </h2>
      {linked.length === 0 ? (
        <p className="govuk-body">No evidence linked yet.</p>
      ) : (
        <ul className="govuk-list" data-testid="linked-evidence">
          {linked.map((r) => (
            <li key={r.id}>
              <Link className={TAP_LINK} to={`/i/${inspection.id}/evidence/${r.id}`}>
                {evidenceTitle(r, { withSource: true })}
              </Link>{' '}
              <Button
                variant="secondary"
                className="govuk-!-margin-bottom-2"
                onClick={() => onChange(selected.filter((id) => id !== r.id))}
              >
                Unlink
                <span className="govuk-visually-hidden">
                  {' '}
                  {evidenceTitle(r, { withSource: true })}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {missing > 0 && (
        <p className="govuk-body-s">
          {missing} linked {missing === 1 ? 'piece is' : 'pieces are'} not on this device yet.
        </p>
      )}
      <h3 className="govuk-heading-s">Find evidence to link</h3>
      <Select
        label="Kind"
        emptyLabel="Any kind"
        value={kind}
        options={inspection.framework.evidenceKinds.map((k) => ({
          value: k,
          label: labelOf(EVIDENCE_KINDS, k),
        }))}
        onChange={setKind}
      />
      <Select
        label="Judgement area"
        emptyLabel="Any judgement area"
        value={judgement}
        options={inspection.framework.judgements.map((j) => ({ value: j.id, label: j.title }))}
        onChange={setJudgement}
      />
      <TextInput type="search" label="Words in the evidence" value={query} onChange={setQuery} />
      {results === undefined ? (
        <p className="govuk-body">Preparing search…</p>
      ) : results.length === 0 ? (
        <p className="govuk-body">No evidence matches.</p>
      ) : (
        <Checkboxes
          small
          legend={
            results.length > RESULTS_SHOWN
              ? `Newest ${RESULTS_SHOWN} of ${results.length} matches: tick to link`
              : `${results.length} ${results.length === 1 ? 'match' : 'matches'}: tick to link`
          }
          values={selected.filter((id) => shownIds.has(id))}
          options={shown.map((r) => ({
            value: r.id,
            label: evidenceTitle(r, { withSource: true }),
          }))}
          onChange={(ticked) =>
            onChange([...selected.filter((id) => !shownIds.has(id)), ...ticked])
          }
        />
      )}
    </section>
  );
};
