import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { isoAt } from '../../domain';
import { useFieldbook } from '../shared/fieldbook-context';
import { Button, Select, Textarea } from '../shared/govuk';
import { useEditingGuard, useRows } from '../shared/hooks';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';
import { TAP_LINK } from '../shared/touch';

const FIELDS = {
  concern: { id: 'concern-text', label: 'The concern' },
  caseId: { id: 'concern-case', label: 'Child case' },
};

/**
 * Raising a concern is saved on the device at once, with no connection; the next screen tells the
 * inspector to phone the referral through, because sync could be hours away.
 */
export const RaiseConcernPage = () => {
  useEditingGuard('raise-concern');
  const { inspectionId = '' } = useParams();
  const { repo, clock } = useFieldbook();
  const navigate = useNavigate();
  const cases = useRows('childCase', inspectionId);
  const [concern, setConcern] = useState('');
  // Raised from a child's case page, the concern starts linked to that child.
  const [searchParams] = useSearchParams();
  const [caseId, setCaseId] = useState(() => searchParams.get('caseId') ?? '');
  const [error, setError] = useState<string>();
  const [writeErrors, setWriteErrors] = useState<ErrorItem[]>([]);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setWriteErrors([]);
    if (!concern.trim()) {
      setError('Describe the concern');
      return;
    }
    setError(undefined);
    setSaving(true);
    try {
      const id = await repo.create('safeguardingConcern', inspectionId, {
        raisedAt: isoAt(clock),
        concern: concern.trim(),
        caseId: caseId || undefined,
        status: 'open',
      });
      void navigate(`/i/${inspectionId}/safeguarding/${id}`, { replace: true });
    } catch (caught) {
      setWriteErrors(writeErrorItems(caught, FIELDS));
      setSaving(false);
    }
  };

  return (
    <>
      <FocusedErrorSummary
        errors={[
          ...(error ? [{ href: `#${FIELDS.concern.id}`, text: error }] : []),
          ...writeErrors,
        ]}
      />
      <h1 className="govuk-heading-l">Raise a safeguarding concern</h1>
      <div className="govuk-inset-text">
        You do not investigate. You make sure a referral reaches children's social care or the
        police, and the lead inspector tells the director at once. This record shows that it was
        done.
      </div>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <Textarea
          id={FIELDS.concern.id}
          label="What is the concern?"
          hint="What you saw or heard, and why a child may be at risk. Refer to people by role, not name."
          rows={6}
          value={concern}
          error={error}
          onChange={setConcern}
        />
        <Select
          id={FIELDS.caseId.id}
          label="Child case (optional)"
          emptyLabel="Not one of the cases on this device"
          value={caseId}
          options={(cases ?? []).map((c) => ({
            value: c.id,
            label: c.fields.initials
              ? `${c.fields.caseRef} (${c.fields.initials})`
              : c.fields.caseRef,
          }))}
          onChange={setCaseId}
        />
        <div className="govuk-button-group">
          <Button type="submit" variant="warning" disabled={saving}>
            Save the concern
          </Button>
          <Link className={TAP_LINK} to={`/i/${inspectionId}/safeguarding`}>
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
};
