import { useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { draftKeyOf } from '../../db';
import { isoAt } from '../../domain';
import { useFieldbook } from '../shared/fieldbook-context';
import { Button, Select, Textarea } from '../shared/govuk';
import { useEditingGuard, useRows } from '../shared/hooks';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';
import { CancelDraft, DraftNotHere, DraftStatus } from '../shared/DraftStatus';
import { useLocalDraft } from '../shared/useLocalDraft';

const FIELDS = {
  concern: { id: 'concern-text', label: 'The concern' },
  caseId: { id: 'concern-case', label: 'Child case' },
};

/**
 * Raising a concern is saved on the device at once, with no connection; the next screen tells the
 * inspector to phone the referral through, because sync could be hours away. Until "Save the
 * concern" the words are kept on this tablet as they are typed (useLocalDraft): a lock, a reload
 * or another screen never loses them. Cancel throws them away.
 */
export const RaiseConcernPage = () => {
  useEditingGuard('raise-concern');
  const { inspectionId = '' } = useParams();
  const { repo, clock } = useFieldbook();
  const navigate = useNavigate();
  const cases = useRows('childCase', inspectionId);
  // Raised from a child's case page, the concern starts linked to that child.
  const [searchParams] = useSearchParams();
  const draft = useLocalDraft(draftKeyOf(inspectionId, 'new-concern', 'new'), {
    concern: '',
    caseId: searchParams.get('caseId') ?? '',
  });
  const [error, setError] = useState<string>();
  const [writeErrors, setWriteErrors] = useState<ErrorItem[]>([]);
  const [saving, setSaving] = useState(false);
  const back = `/i/${inspectionId}/safeguarding`;
  const heading = <h1 className="govuk-heading-l">Raise a safeguarding concern</h1>;
  if (draft.state !== 'editing')
    return <DraftNotHere draft={draft} what="concern" heading={heading} />;
  const { form, set, status, changed } = draft;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setWriteErrors([]);
    const concern = form.concern.trim();
    if (!concern) {
      setError('Describe the concern');
      return;
    }
    setError(undefined);
    setSaving(true);
    try {
      const id = await repo.create('safeguardingConcern', inspectionId, {
        raisedAt: isoAt(clock),
        concern,
        caseId: form.caseId || undefined,
        status: 'open',
      });
      await draft.discard();
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
      {heading}
      <div className="govuk-inset-text">
        You do not investigate. You make sure a referral reaches children's social care or the
        police, and the lead inspector tells the director at once. This record shows that it was
        done.
      </div>
      <form noValidate onSubmit={(e) => void submit(e)} onBlur={() => void draft.flush()}>
        <Textarea
          id={FIELDS.concern.id}
          label="What is the concern?"
          hint="What you saw or heard, and why a child may be at risk. Refer to people by role, not name."
          rows={6}
          value={form.concern}
          error={error}
          onChange={(concern) => set({ concern })}
        />
        <Select
          id={FIELDS.caseId.id}
          label="Child case (optional)"
          emptyLabel="Not one of the cases on this device"
          value={form.caseId}
          options={(cases ?? []).map((c) => ({
            value: c.id,
            label: c.fields.initials
              ? `${c.fields.caseRef} (${c.fields.initials})`
              : c.fields.caseRef,
          }))}
          onChange={(caseId) => set({ caseId })}
        />
        <DraftStatus
          status={status}
          changed={changed && Boolean(form.concern.trim())}
          then="“Save the concern” records it."
        />
        <div className="govuk-button-group">
          <Button type="submit" variant="warning" disabled={saving}>
            Save the concern
          </Button>
          <CancelDraft to={back} discard={draft.discard} />
        </div>
      </form>
    </>
  );
};
