import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
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
import { TAP_LINK } from '../shared/touch';

/** Adds a tracked or sampled child by the authority's case ID; opens the case to record its journey. */
export const NewCasePage = () => {
  useEditingGuard('new-case');
  const { inspectionId = '' } = useParams();
  const { repo } = useFieldbook();
  const navigate = useNavigate();
  const inspection = useInspection(inspectionId);
  const [form, setForm] = useState<CaseForm>(EMPTY_CASE);
  const [errors, setErrors] = useState<CaseErrors>({});
  const [writeErrors, setWriteErrors] = useState<ErrorItem[]>([]);
  const [saving, setSaving] = useState(false);

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
      <h1 className="govuk-heading-l">Add a child case</h1>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <CaseFields
          team={inspection?.team ?? []}
          form={form}
          errors={errors}
          onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
        />
        <div className="govuk-button-group">
          <Button type="submit" disabled={saving}>
            Add case
          </Button>
          <Link className={TAP_LINK} to={`/i/${inspectionId}/cases`}>
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
};
