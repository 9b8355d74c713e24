import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { draftKeyOf } from '../../db';
import type { ChildCaseFields } from '../../domain';
import { useFieldbook } from '../shared/fieldbook-context';
import { Button } from '../shared/govuk';
import { useEditingGuard, useInspection } from '../shared/hooks';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';
import {
  CASE_FIELDS,
  CaseFields,
  checkCase,
  EMPTY_CASE,
  toCaseFields,
  type CaseErrors,
  type CaseForm,
} from './CaseFields';
import { CancelDraft, DraftNotHere, DraftStatus } from '../shared/DraftStatus';
import { useLocalDraft } from '../shared/useLocalDraft';

/**
 * Adds a tracked or sampled child by the authority's case ID; opens the case to record its
 * journey. What is typed waits on this tablet until "Add case" (useLocalDraft); Cancel drops it.
 */
export const NewCasePage = () => {
  useEditingGuard('new-case');
  const { inspectionId = '' } = useParams();
  const { repo } = useFieldbook();
  const navigate = useNavigate();
  const inspection = useInspection(inspectionId);
  const draft = useLocalDraft<CaseForm>(draftKeyOf(inspectionId, 'new-case', 'new'), EMPTY_CASE);
  const [errors, setErrors] = useState<CaseErrors>({});
  const [writeErrors, setWriteErrors] = useState<ErrorItem[]>([]);
  const [saving, setSaving] = useState(false);
  const back = `/i/${inspectionId}/cases`;
  const heading = <h1 className="govuk-heading-l">Add a child case</h1>;
  if (draft.state !== 'editing')
    return <DraftNotHere draft={draft} what="new case" heading={heading} />;
  const { form, set, status, changed } = draft;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = checkCase(form);
    setErrors(found);
    setWriteErrors([]);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const fields = Object.fromEntries(
        Object.entries(
          toCaseFields({ ...form, caseRef: form.caseRef.trim(), initials: form.initials.trim() }),
        ).filter(([, v]) => v !== null),
      ) as ChildCaseFields;
      const id = await repo.create('childCase', inspectionId, fields);
      await draft.discard();
      void navigate(`/i/${inspectionId}/cases/${id}`);
    } catch (error) {
      setWriteErrors(writeErrorItems(error, CASE_FIELDS));
      setSaving(false);
    }
  };

  const summary: ErrorItem[] = [
    ...(Object.entries(errors) as [keyof CaseForm, string][]).map(([field, text]) => ({
      href: `#${CASE_FIELDS[field].id}`,
      text,
    })),
    ...writeErrors,
  ];

  return (
    <>
      <FocusedErrorSummary errors={summary} />
      {heading}
      <form noValidate onSubmit={(e) => void submit(e)} onBlur={() => void draft.flush()}>
        <CaseFields team={inspection?.team ?? []} form={form} errors={errors} onChange={set} />
        <DraftStatus status={status} changed={changed} then="“Add case” adds it." />
        <div className="govuk-button-group">
          <Button type="submit" disabled={saving}>
            Add case
          </Button>
          <CancelDraft to={back} discard={draft.discard} />
        </div>
      </form>
    </>
  );
};
