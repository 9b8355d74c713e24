import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Button, Select } from '../shared/govuk';
import { useRow, useRows } from '../shared/hooks';
import { evidenceTitle } from '../shared/evidence-title';
import type { FieldsProps } from './fields-props';

const CrossRefItem = ({
  inspectionId,
  id,
  onRemove,
}: {
  inspectionId: string;
  id: string;
  onRemove: () => void;
}) => {
  const row = useRow('evidence', id);
  const title =
    row === undefined
      ? 'Loading…'
      : row && !row.deleted
        ? evidenceTitle(row, { withSource: true })
        : 'Deleted evidence';
  return (
    <li className="fb-crossref">
      <Link className="govuk-link fb-inline-touch" to={`/i/${inspectionId}/evidence/${id}`}>
        {title}
      </Link>
      <Button variant="secondary" className="govuk-!-margin-bottom-0" onClick={onRemove}>
        Remove<span className="govuk-visually-hidden"> cross-reference to {title}</span>
      </Button>
    </li>
  );
};

/** Only mounted while the picker is open: reading every row of a 10,000-row inspection is not free. */
const Picker = ({
  inspectionId,
  exclude,
  onAdd,
}: {
  inspectionId: string;
  exclude: readonly string[];
  onAdd: (id: string) => void;
}) => {
  const rows = useRows('evidence', inspectionId);
  const [choice, setChoice] = useState('');
  const options = useMemo(
    () =>
      (rows ?? [])
        .filter((r) => !exclude.includes(r.id))
        .sort((a, b) => b.fields.occurredAt.localeCompare(a.fields.occurredAt))
        .map((r) => ({ value: r.id, label: evidenceTitle(r, { withSource: true }) })),
    [rows, exclude],
  );
  if (rows === undefined) return <p className="govuk-body">Loading evidence…</p>;
  if (options.length === 0) return <p className="govuk-body">There is no other evidence yet.</p>;
  return (
    <div className="fb-inline-form">
      <Select
        label="Evidence to cross-reference"
        value={choice}
        emptyLabel="Choose evidence"
        options={options}
        onChange={setChoice}
      />
      <Button
        variant="secondary"
        disabled={!choice}
        onClick={() => {
          onAdd(choice);
          setChoice('');
        }}
      >
        Add cross-reference
      </Button>
    </div>
  );
};

/** Cross-references to other evidence: the conversation with a child that bears out an interview. */
export const CrossRefs = ({
  draft,
  set,
  inspectionId,
  evidenceId,
}: FieldsProps & { inspectionId: string; evidenceId: string }) => {
  const [open, setOpen] = useState(false);
  const refs = useMemo(() => draft.crossRefs ?? [], [draft.crossRefs]);
  const exclude = useMemo(() => [evidenceId, ...refs], [evidenceId, refs]);
  return (
    <div className="govuk-form-group">
      <h3 className="govuk-heading-s">Cross-references to other evidence</h3>
      {refs.length > 0 ? (
        <ul className="govuk-list">
          {refs.map((id) => (
            <CrossRefItem
              key={id}
              id={id}
              inspectionId={inspectionId}
              onRemove={() => {
                const next = refs.filter((r) => r !== id);
                set({ crossRefs: next.length ? next : null });
              }}
            />
          ))}
        </ul>
      ) : (
        <p className="govuk-body">None yet.</p>
      )}
      {open ? (
        <Picker
          inspectionId={inspectionId}
          exclude={exclude}
          onAdd={(id) => set({ crossRefs: [...refs, id] })}
        />
      ) : (
        <Button variant="secondary" onClick={() => setOpen(true)}>
          Add a cross-reference
        </Button>
      )}
    </div>
  );
};
