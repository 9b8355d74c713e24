import type { RefusedChange } from '../../db';
import {
  AGE_BANDS,
  AGENCIES,
  CASE_SELECTIONS,
  CASE_STATUSES,
  CONCERN_STATUSES,
  EVALUATIONS,
  EVIDENCE_KINDS,
  EVIDENCE_STATUSES,
  JOURNEY_STAGES,
  JUDGEMENT_STATES,
  REFERRED_TO,
  REVIEW_STATES,
  SENSITIVITIES,
  labelOf,
  type EntityName,
} from '../../domain';
import { formatDate, formatDateTime } from '../shared/format';

type Fields = Record<string, unknown>;

/** What the change and the record say together: the op's values over the record's. */
const fieldsOf = ({ op, row }: RefusedChange): Fields => ({
  ...((row?.fields as Fields | undefined) ?? {}),
  ...op.fields,
});

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const when = (value: unknown) => (str(value) ? formatDateTime(str(value)) : 'an unknown time');
const day = (value: unknown) => (str(value) ? formatDate(str(value)) : 'an unknown date');

/** A record named as a person would name it, never by its id. */
export const refusedTitle = (change: RefusedChange): string => {
  const f = fieldsOf(change);
  const judgement = change.inspection?.framework.judgements.find(
    (j) => j.id === f.judgementId,
  )?.title;
  const titles: Record<EntityName, () => string> = {
    evidence: () => `${labelOf(EVIDENCE_KINDS, str(f.kind)) || 'Evidence'}, ${when(f.occurredAt)}`,
    childCase: () => `Child case ${str(f.caseRef) || '(no reference)'}`,
    journeyEvent: () =>
      `Journey stage: ${labelOf(JOURNEY_STAGES, str(f.stage)) || 'a stage'} on ${day(f.date)}`,
    review: () => 'Your review of a piece of evidence',
    judgementDraft: () => `Judgement draft: ${judgement ?? (str(f.judgementId) || 'a judgement')}`,
    safeguardingConcern: () => `Safeguarding concern raised ${when(f.raisedAt)}`,
    teamMeeting: () => `Team meeting on ${day(f.date)}`,
  };
  return titles[change.op.entity]();
};

/** Where the record lives in the app, or null when it is no longer on this device. */
export const refusedPath = ({ op, row, inspection }: RefusedChange): string | null => {
  if (!row || row.deleted || !inspection) return null;
  const base = `/i/${op.inspectionId}`;
  const f = row.fields as Fields;
  switch (op.entity) {
    case 'evidence':
      return `${base}/evidence/${op.entityId}`;
    case 'childCase':
      return `${base}/cases/${op.entityId}`;
    case 'journeyEvent':
      return `${base}/cases/${str(f.caseId)}`;
    case 'review':
      return `${base}/today/${str(f.evidenceId)}`;
    case 'judgementDraft':
      return `${base}/judgements/${str(f.judgementId)}`;
    case 'safeguardingConcern':
      return `${base}/safeguarding/${op.entityId}`;
    case 'teamMeeting':
      return `${base}/meetings/${op.entityId}`;
  }
};

const FIELD_LABELS: Record<string, string> = {
  kind: 'Kind',
  occurredAt: 'When it happened',
  text: 'Notes',
  lines: 'Observation lines',
  agency: 'Agency',
  role: 'Practitioner role',
  documentType: 'Kind of document',
  referralReference: 'Referral reference',
  referralTakenBy: 'Who took the referral',
  caseIds: 'Linked child cases',
  judgementIds: 'Judgement areas',
  crossRefs: 'Cross-references',
  evaluation: 'Evaluation',
  sensitivity: 'Sensitivity',
  status: 'Status',
  caseRef: 'Authority case reference',
  initials: 'Initials',
  ageBand: 'Age band',
  selection: 'Tracked or sampled',
  outOfArea: 'Out-of-area placement',
  agencies: 'Agencies involved',
  assignedTo: 'Assigned inspector',
  caseId: 'Child case',
  stage: 'Stage',
  date: 'Date',
  note: 'Note',
  route: 'Route to permanence',
  evidenceId: 'Evidence',
  state: 'State',
  comment: 'Comment',
  reply: 'Reply',
  judgementId: 'Judgement',
  grade: 'Grade',
  rationale: 'Rationale',
  evidenceIds: 'Evidence cited',
  raisedAt: 'Raised at',
  concern: 'Concern',
  referredTo: 'Referred to',
  referredAt: 'Referred at',
  leadInformedAt: 'Lead informed at',
  directorInformedAt: 'Director informed at',
  attendees: 'Attendees',
  views: 'Views by judgement area',
  gaps: 'Gaps',
  plan: 'Plan',
  _deleted: 'Deleted',
};

const VOCABULARY: Record<string, readonly { id: string; label: string }[]> = {
  kind: EVIDENCE_KINDS,
  agency: AGENCIES,
  evaluation: EVALUATIONS,
  sensitivity: SENSITIVITIES,
  ageBand: AGE_BANDS,
  selection: CASE_SELECTIONS,
  stage: JOURNEY_STAGES,
  referredTo: REFERRED_TO,
};
const STATUS_WORDS: Partial<Record<EntityName, readonly { id: string; label: string }[]>> = {
  evidence: EVIDENCE_STATUSES,
  childCase: CASE_STATUSES,
  safeguardingConcern: CONCERN_STATUSES,
};
const STATE_WORDS: Partial<Record<EntityName, readonly { id: string; label: string }[]>> = {
  review: REVIEW_STATES,
  judgementDraft: JUDGEMENT_STATES,
};

/** Fields holding an instant (a UTC ISO string on the wire): shown as the device's local time. */
const INSTANT_FIELDS: ReadonlySet<string> = new Set([
  'occurredAt',
  'raisedAt',
  'referredAt',
  'leadInformedAt',
  'directorInformedAt',
]);

const valueWords = (entity: EntityName, field: string, value: unknown): string => {
  if (value === null || value === undefined || value === '') return 'Not set';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  // "29 Nov 2026, 22:27", as the editor showed it, not "2026-11-29T22:27:52.691Z" in UTC.
  if (INSTANT_FIELDS.has(field) && typeof value === 'string') return formatDateTime(value);
  if (field === 'date' && typeof value === 'string') return formatDate(value);
  const vocab =
    field === 'status'
      ? STATUS_WORDS[entity]
      : field === 'state'
        ? STATE_WORDS[entity]
        : VOCABULARY[field];
  if (vocab && typeof value === 'string') return labelOf(vocab, value) || value;
  if (field === 'agencies' && Array.isArray(value))
    return value.map((a) => labelOf(AGENCIES, String(a)) || String(a)).join(', ');
  if (field === 'lines' && Array.isArray(value))
    return value
      .map((l) => (typeof l === 'object' && l ? str((l as Fields).text) : String(l)))
      .join('\n');
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return Object.values(value).map(String).join('\n');
  return String(value);
};

/** Judgement areas and grades are the framework's own data: their titles come from it. */
const frameworkWords = (change: RefusedChange, field: string, value: unknown): string | null => {
  const framework = change.inspection?.framework;
  if (!framework) return null;
  const judgement = (id: unknown) =>
    framework.judgements.find((j) => j.id === id)?.title ?? String(id);
  if (field === 'judgementId' && typeof value === 'string') return judgement(value);
  if (field === 'judgementIds' && Array.isArray(value)) return value.map(judgement).join('; ');
  if (field === 'grade' && typeof value === 'string')
    return framework.gradeScale.find((g) => g.id === value)?.label ?? value;
  if (field === 'views' && value && typeof value === 'object')
    return Object.entries(value)
      .map(([id, text]) => `${judgement(id)}: ${String(text)}`)
      .join('\n');
  return null;
};

/** The values the person wrote in this change, each with its label, in words. */
export const refusedValues = (change: RefusedChange): { label: string; value: string }[] =>
  change.op.kind === 'delete'
    ? [{ label: 'Change', value: 'Delete this record' }]
    : Object.entries(change.op.fields).map(([field, value]) => ({
        label: FIELD_LABELS[field] ?? field,
        value:
          value === null || value === undefined || value === ''
            ? 'Not set'
            : (frameworkWords(change, field, value) ?? valueWords(change.op.entity, field, value)),
      }));

/** Everything needed to enter the change again elsewhere, as plain text for the clipboard. */
export const refusedCopyText = (change: RefusedChange): string =>
  [refusedTitle(change), ...refusedValues(change).map((v) => `${v.label}: ${v.value}`)].join('\n');
