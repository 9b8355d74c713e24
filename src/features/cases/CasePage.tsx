import { useCallback, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { getRow, type LocalInspection, type LocalRow } from '../../db';
import {
  AGE_BANDS,
  AGENCIES,
  CASE_SELECTIONS,
  CASE_STATUSES,
  labelOf,
  type TeamMember,
} from '../../domain';
import { ConflictNotice } from '../shared/conflicts';
import { useFieldbook } from '../shared/fieldbook-context';
import { memberName } from '../shared/members';
import { useEditingGuard, useInspection, useRow, useRows } from '../shared/hooks';
import { SaveStatus } from '../shared/SaveStatus';
import { useRecordForm } from '../shared/useRecordForm';
import { FocusedErrorSummary, writeErrorItems } from '../shared/write-errors';
import { CaseEvidence } from './CaseEvidence';
import {
  CASE_FIELDS,
  CaseFields,
  checkCase,
  toCaseFields,
  toCaseForm,
  type CaseForm,
} from './CaseFields';
import { useJourneyAsOf } from '../shared/journeys';
import { Journey } from './Journey';
import { TAP_LINK } from '../shared/touch';
import { RefusedNotice } from '../refused/RefusedNotice';
import { AutosavePromise } from '../shared/AutosavePromise';
import { SummaryList } from '../shared/govuk';
import { LeasedEditor, useLeaseFlush, type FlushRef } from '../shared/LeasedEditor';
import { InspectionNotFound, NotFound } from '../shared/NotFound';

const VOCAB: Record<string, readonly { id: string; label: string }[]> = {
  ageBand: AGE_BANDS,
  selection: CASE_SELECTIONS,
  status: CASE_STATUSES,
};

const showValue = (team: readonly TeamMember[]) => (field: string, value: unknown) => {
  if (value === null || value === undefined || value === '') return 'Not set';
  if (field === 'assignedTo') return memberName(team, String(value));
  if (field === 'agencies' && Array.isArray(value))
    return value.map((a) => labelOf(AGENCIES, String(a))).join(', ') || 'None';
  if (field === 'outOfArea') return value ? 'Out of area' : 'In the area';
  const vocab = VOCAB[field];
  return vocab ? labelOf(vocab, String(value)) : String(value);
};

const DETAIL_ORDER = [
  'caseRef',
  'initials',
  'selection',
  'ageBand',
  'status',
  'outOfArea',
  'assignedTo',
  'agencies',
] as const satisfies readonly (keyof CaseForm)[];

/** The case details while another tab edits them (issue 11 point 7). */
const ReadOnlyDetails = ({
  row,
  team,
}: {
  row: LocalRow<'childCase'>;
  team: readonly TeamMember[];
}) => (
  <SummaryList
    rows={DETAIL_ORDER.map((field) => ({
      key: CASE_FIELDS[field].label,
      value: showValue(team)(field, row.fields[field]),
    }))}
  />
);

/**
 * The case page. Its details are a form saved as it changes, or, while another tab of the app
 * edits them (`elsewhere` is that tab's banner), shown read-only; the journey and the evidence
 * are separate records and stay as they are.
 */
const CaseEditor = ({
  row,
  inspection,
  flushRef,
  elsewhere,
}: {
  row: LocalRow<'childCase'>;
  inspection: LocalInspection;
  flushRef?: FlushRef;
  elsewhere?: ReactNode;
}) => {
  useEditingGuard(`case-${row.id}`);
  const { repo, clock } = useFieldbook();
  const events = useRows('journeyEvent', inspection.id);
  const evidence = useRows('evidence', inspection.id);
  const asOf = useJourneyAsOf(inspection);
  const { form, set, status, flush } = useRecordForm<CaseForm>(
    toCaseForm(row.fields),
    (patch) => repo.update('childCase', row.id, toCaseFields(patch), row),
    () => clock.now(),
  );
  useLeaseFlush(flushRef, flush);
  const errors = checkCase(form);

  /*
   * A case reference that looks like a name stays on screen but is never stored. While it is being
   * typed it is stored only once it has a digit: "Mary " is a valid reference on its own, and the
   * first word of a name must not reach the device's storage on its way to being refused.
   */
  const change = (patch: Partial<CaseForm>) => {
    const problems = checkCase({ ...form, ...patch });
    const persist = Object.fromEntries(
      Object.entries(patch).filter(
        ([field, value]) =>
          !(field in problems) && !(field === 'caseRef' && !/\d/.test(String(value))),
      ),
    ) as Partial<CaseForm>;
    set(patch, persist);
  };
  const caseRefDone = () => {
    if (!errors.caseRef && form.caseRef !== row.fields.caseRef) set({}, { caseRef: form.caseRef });
  };

  const base = `/i/${inspection.id}`;
  return (
    <>
      {/* Field problems show beside their field while typing; only a failed write takes focus. */}
      <FocusedErrorSummary
        errors={status.state === 'error' ? writeErrorItems(status.error, CASE_FIELDS, true) : []}
      />
      <span className="govuk-caption-l">Child case</span>
      <h1 className="govuk-heading-l">
        {row.fields.caseRef}
        {row.fields.initials ? ` (${row.fields.initials})` : ''}
      </h1>
      <p className="govuk-body" data-testid="case-summary">
        {[
          labelOf(CASE_SELECTIONS, row.fields.selection),
          labelOf(CASE_STATUSES, row.fields.status),
          row.fields.ageBand &&
            (row.fields.ageBand === 'unborn'
              ? 'Unborn'
              : `aged ${labelOf(AGE_BANDS, row.fields.ageBand)}`),
          row.fields.outOfArea && 'placed out of area',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {elsewhere}
      <RefusedNotice entity="childCase" id={row.id} inspectionId={inspection.id} />
      <ConflictNotice
        entity="childCase"
        row={row}
        team={inspection.team}
        labelOf={(field) => CASE_FIELDS[field as keyof CaseForm]?.label ?? field}
        show={showValue(inspection.team)}
      />
      <Journey
        inspectionId={inspection.id}
        caseId={row.id}
        events={(events ?? []).filter((e) => e.fields.caseId === row.id)}
        framework={inspection.framework}
        asOf={asOf ?? inspection.startsOn}
        caseOutOfArea={row.fields.outOfArea === true}
        team={inspection.team}
      />
      <CaseEvidence inspectionId={inspection.id} caseId={row.id} evidence={evidence ?? []} />
      <section aria-labelledby="case-details-heading" className="govuk-!-margin-bottom-8">
        <h2 className="govuk-heading-m" id="case-details-heading">
          Case details
        </h2>
        {elsewhere ? (
          <ReadOnlyDetails row={row} team={inspection.team} />
        ) : (
          <>
            <SaveStatus status={status} errorAtTop testId="case-save-status" />
            <AutosavePromise />
            <CaseFields
              team={inspection.team}
              form={form}
              errors={errors}
              onChange={change}
              onCaseRefBlur={caseRefDone}
            />
          </>
        )}
      </section>
      <Link className={TAP_LINK} to={`${base}/cases`}>
        Back to all child cases
      </Link>
    </>
  );
};

/** One child: the case details (saved as they change), the journey and all evidence about them. */
export const CasePage = () => {
  const { inspectionId = '', caseId = '' } = useParams();
  const row = useRow('childCase', caseId);
  const inspection = useInspection(inspectionId);
  const { db } = useFieldbook();
  const read = useCallback(() => getRow(db, 'childCase', caseId), [db, caseId]);
  if (row === undefined || inspection === undefined)
    return <p className="govuk-body">Loading the case…</p>;
  if (inspection === null) return <InspectionNotFound record="child case" />;
  if (row === null || row.deleted || row.inspectionId !== inspection.id)
    return (
      <NotFound
        thing="case"
        back={{ to: `/i/${inspectionId}/cases`, label: 'See all child cases' }}
      />
    );
  return (
    // Any team member may change a case (S8), so every tab takes part in the lease.
    <LeasedEditor
      leaseKey={`childCase:${row.id}`}
      what="case"
      live={row}
      read={read}
      readOnly={(banner) => (
        <CaseEditor key={row.id} row={row} inspection={inspection} elsewhere={banner} />
      )}
    >
      {({ stored, key, flushRef }) =>
        stored && <CaseEditor key={key} row={stored} inspection={inspection} flushRef={flushRef} />
      }
    </LeasedEditor>
  );
};
