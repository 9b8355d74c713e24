import { useState } from 'react';
import { Link } from 'react-router';
import { formatDate } from '../shared/format';
import { Button, TextInput } from '../shared/govuk';
import { TAP_LINK } from '../shared/touch';
import type { CoverageModel } from './coverage-model';
import { parseTarget, type CoverageTargets } from './targets';

const progress = (done: number, target: number | null) =>
  target === null
    ? `${done} (no target set)`
    : done >= target
      ? `${done} of ${target} — target met`
      : `${done} of ${target} — ${target - done} to go`;

const TargetsForm = ({
  targets,
  onSave,
}: {
  targets: CoverageTargets;
  onSave: (next: CoverageTargets) => Promise<void>;
}) => {
  const [tracked, setTracked] = useState(targets.tracked?.toString() ?? '');
  const [sampled, setSampled] = useState(targets.sampled?.toString() ?? '');
  const [message, setMessage] = useState('');
  const t = parseTarget(tracked);
  const s = parseTarget(sampled);
  const save = async () => {
    if (t === 'invalid' || s === 'invalid') return;
    await onSave({ tracked: t, sampled: s });
    setMessage('Targets saved on this device');
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      aria-labelledby="targets-heading"
    >
      <h3 className="govuk-heading-s" id="targets-heading">
        Your targets
      </h3>
      <div className="fb-inline-fields">
        <TextInput
          label="Children to track"
          inputMode="numeric"
          width={4}
          value={tracked}
          error={t === 'invalid' ? 'Enter a whole number, like 12' : null}
          onChange={(v) => {
            setTracked(v);
            setMessage('');
          }}
        />
        <TextInput
          label="Children to sample"
          inputMode="numeric"
          width={4}
          value={sampled}
          error={s === 'invalid' ? 'Enter a whole number, like 30' : null}
          onChange={(v) => {
            setSampled(v);
            setMessage('');
          }}
        />
      </div>
      <Button type="submit" variant="secondary">
        Save targets
      </Button>
      <p className="govuk-body-s" role="status">
        {message}
      </p>
    </form>
  );
};

/** Tracked and sampled children against the lead's targets, and who still has no case-tracking note. */
export const ChildrenCoverage = ({
  inspectionId,
  model,
  targets,
  canEdit,
  onSaveTargets,
}: {
  inspectionId: string;
  model: CoverageModel;
  targets: CoverageTargets;
  canEdit: boolean;
  onSaveTargets: (next: CoverageTargets) => Promise<void>;
}) => {
  const { tracked, sampled, withoutNote } = model.children;
  return (
    <section aria-labelledby="children-heading" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="children-heading">
        Children tracked and sampled
      </h2>
      <dl className="govuk-summary-list" data-testid="children-progress">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Tracked</dt>
          <dd className="govuk-summary-list__value">{progress(tracked, targets.tracked)}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Sampled</dt>
          <dd className="govuk-summary-list__value">{progress(sampled, targets.sampled)}</dd>
        </div>
      </dl>
      {canEdit && <TargetsForm targets={targets} onSave={onSaveTargets} />}
      {/* The heading says what the list below answers, so an empty answer never contradicts it. */}
      <h3 className="govuk-heading-s">Children without a case-tracking note</h3>
      {withoutNote.length === 0 ? (
        <p className="govuk-body">None: every child has at least one case-tracking note.</p>
      ) : (
        <ul className="govuk-list" data-testid="children-without-note">
          {withoutNote.map((c) => (
            <li key={c.id}>
              <Link className={TAP_LINK} to={`/i/${inspectionId}/cases/${c.id}`}>
                {c.caseRef}
                <span className="govuk-visually-hidden"> ({c.selection})</span>
              </Link>{' '}
              <span className="govuk-body-s">
                {c.selection === 'tracked' ? 'Tracked' : 'Sampled'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

/** Evidence per inspector per day: who is recording, and whether anyone has gone quiet. */
export const InspectorDays = ({ model }: { model: CoverageModel }) => (
  <section aria-labelledby="days-heading" className="govuk-!-margin-bottom-8">
    <h2 className="govuk-heading-m" id="days-heading">
      Evidence per inspector per day
    </h2>
    {model.days.length === 0 ? (
      <p className="govuk-body">No evidence recorded yet.</p>
    ) : (
      <div className="fb-table-scroll" role="region" aria-labelledby="days-caption" tabIndex={0}>
        <table className="govuk-table govuk-!-font-size-16" data-testid="inspector-days">
          <caption className="govuk-table__caption govuk-visually-hidden" id="days-caption">
            Pieces of evidence recorded each day, by inspector
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Day
              </th>
              {model.inspectors.map((i) => (
                <th
                  key={i.id}
                  scope="col"
                  className="govuk-table__header govuk-table__header--numeric"
                >
                  {i.name}
                </th>
              ))}
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Total
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {model.days.map((d) => (
              <tr className="govuk-table__row" key={d.day}>
                <th scope="row" className="govuk-table__header">
                  {formatDate(d.day)}
                </th>
                {d.counts.map((n, i) => (
                  <td
                    key={model.inspectors[i]!.id}
                    className="govuk-table__cell govuk-table__cell--numeric"
                  >
                    {n}
                  </td>
                ))}
                <td className="govuk-table__cell govuk-table__cell--numeric">{d.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
  </section>
);
