import { useCallback } from 'react';
import type { LocalInspection, LocalRow } from '../../db';
import { ConflictNotice } from '../shared/conflicts';
import { useFieldbook } from '../shared/fieldbook-context';
import { formatDate, isRealDate } from '../shared/format';
import { DateInput, dateError } from '../shared/DateInput';
import { Checkboxes, Textarea } from '../shared/govuk';
import { useEditingGuard } from '../shared/hooks';
import { SaveStatus } from '../shared/SaveStatus';
import { useRecordForm } from '../shared/useRecordForm';
import { FocusedErrorSummary, writeErrorItems, type FieldRefs } from '../shared/write-errors';
import { EvidencePicker } from './EvidencePicker';
import { FIELD_LABELS, judgementLabel, toForm, type MeetingForm } from './meeting-fields';
import { RefusedNotice } from '../refused/RefusedNotice';
import { AutosavePromise } from '../shared/AutosavePromise';
import { useLeaseFlush, type FlushRef } from '../shared/LeasedEditor';

const FIELDS: FieldRefs = {
  date: { id: 'meeting-date', label: 'Date of the meeting' },
  gaps: { id: 'meeting-gaps', label: 'Evidence gaps' },
  plan: { id: 'meeting-plan', label: 'Plan for tomorrow' },
};

const showValue = (field: string, value: unknown) => {
  if (value === null || value === undefined || value === '') return 'Not set';
  if (field === 'date') return formatDate(String(value));
  if (Array.isArray(value)) return `${value.length} chosen`;
  if (typeof value === 'object') return Object.values(value).join(' / ');
  return String(value);
};

/**
 * The lead's record of the team meeting, saved as they type like the evidence editor (no save
 * button): attendees, an emerging view per judgement area of the framework, gaps, tomorrow's plan
 * and the evidence it rests on.
 */
export const MeetingEditor = ({
  row,
  inspection,
  flushRef,
}: {
  row: LocalRow<'teamMeeting'>;
  inspection: LocalInspection;
  /** Lets the page write what is typed before another tab takes the record over. */
  flushRef?: FlushRef;
}) => {
  useEditingGuard(`meeting:${row.id}`);
  const { repo, clock } = useFieldbook();
  const save = useCallback(
    (patch: Partial<MeetingForm>) => repo.update('teamMeeting', row.id, patch, row),
    [repo, row],
  );
  const { form, set, status, flush } = useRecordForm(toForm(row.fields), save, () => clock.now());
  useLeaseFlush(flushRef, flush);
  const dateProblem = dateError(form.date, 'Enter the date of the meeting');
  const setView = (judgementId: string, text: string) => {
    const views = { ...form.views };
    if (text) views[judgementId] = text;
    else delete views[judgementId];
    set({ views });
  };

  return (
    <div onBlur={() => void flush()}>
      <FocusedErrorSummary
        errors={status.state === 'error' ? writeErrorItems(status.error, FIELDS, true) : []}
      />
      <span className="govuk-caption-l">{inspection.area}</span>
      <h1 className="govuk-heading-l govuk-!-margin-bottom-2">
        Team meeting{isRealDate(form.date) ? `, ${formatDate(form.date)}` : ''}
      </h1>
      <SaveStatus status={status} testId="meeting-status" />
      <AutosavePromise />
      <RefusedNotice entity="teamMeeting" id={row.id} inspectionId={inspection.id} />
      <ConflictNotice
        entity="teamMeeting"
        row={row}
        team={inspection.team}
        labelOf={(field) => FIELD_LABELS[field] ?? field}
        show={showValue}
      />
      <DateInput
        id={FIELDS.date!.id}
        legend="Date of the meeting"
        value={form.date}
        error={dateProblem}
        onChange={(date) => set({ date }, isRealDate(date) ? { date } : {})}
      />
      <Checkboxes
        legend="Who attended"
        values={form.attendees}
        options={inspection.team.map((m) => ({ value: m.userId, label: m.name }))}
        onChange={(attendees) => set({ attendees })}
      />
      <h2 className="govuk-heading-m">Emerging view per judgement area</h2>
      {inspection.framework.judgements.map((j) => (
        <Textarea
          key={j.id}
          id={`meeting-view-${j.id}`}
          label={judgementLabel(inspection, j.id)}
          rows={4}
          value={form.views[j.id] ?? ''}
          onChange={(text) => setView(j.id, text)}
        />
      ))}
      <Textarea
        id={FIELDS.gaps!.id}
        label="Evidence gaps"
        hint="Agencies nobody has spoken to, judgement areas with thin evidence, children not yet tracked"
        rows={4}
        value={form.gaps}
        onChange={(gaps) => set({ gaps })}
      />
      <Textarea
        id={FIELDS.plan!.id}
        label="Plan for tomorrow"
        rows={4}
        value={form.plan}
        onChange={(plan) => set({ plan })}
      />
      <EvidencePicker
        inspection={inspection}
        selected={form.evidenceIds}
        onChange={(evidenceIds) => set({ evidenceIds })}
      />
    </div>
  );
};
