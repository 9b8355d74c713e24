import { SHOWN_FIELD, type RefusedChange, type ShownDraft } from '../../db';
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
import { evidenceTitle } from '../shared/evidence-title';
import { formatDate, formatDateTime } from '../shared/format';

type Fields = Record<string, unknown>;

/**
 * What the form showed about the record, for a change kept from words typed and not yet sent
 * when the inspection or the lead role left the device (db/drafts-leaving.ts); else undefined.
 */
export const shownOf = ({ op }: RefusedChange): ShownDraft | undefined =>
  op.fields[SHOWN_FIELD] as ShownDraft | undefined;

/** The values written, without what the device keeps beside them to name the record. */
const written = ({ op }: RefusedChange): Fields => {
  const { [SHOWN_FIELD]: _shown, ...fields } = op.fields;
  return fields;
};

/** What the change and the record say together: the op's values over the record's. */
const fieldsOf = (change: RefusedChange): Fields => ({
  ...((change.row?.fields as Fields | undefined) ?? {}),
  ...written(change),
});

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const when = (value: unknown) => (str(value) ? formatDateTime(str(value)) : 'an unknown time');
const day = (value: unknown) => (str(value) ? formatDate(str(value)) : 'an unknown date');

const quoted = (evidence: ShownDraft['evidence']) =>
  evidence ? `“${evidenceTitle({ fields: evidence })}”` : 'that is no longer on this device';
const ofCase = (caseRef: string | undefined) => (caseRef ? ` of child case ${caseRef}` : '');

/** Words typed into a form and kept when it could no longer send them, named as the form was. */
const draftTitle = (shown: ShownDraft, f: Fields): string => {
  switch (shown.form) {
    case 'review-comment':
      return `Your comment returning evidence ${quoted(shown.evidence)} for follow-up`;
    case 'new-concern':
      return `A safeguarding concern you had not saved yet${shown.caseRef ? `, about child case ${shown.caseRef}` : ''}`;
    case 'referral':
      return `Your referral of the safeguarding concern raised ${when(shown.raisedAt)}`;
    case 'journey-stage':
      return shown.isNew
        ? `A journey stage${ofCase(shown.caseRef)} you had not added yet`
        : `Your change to a journey stage${ofCase(shown.caseRef)}`;
    case 'new-case':
      return `A child case you had not added yet${str(f.caseRef) ? `: ${str(f.caseRef)}` : ''}`;
    case 'shadowing-line':
      return `An observation line you had not added to ${quoted(shown.evidence)}`;
    case 'unknown':
      return 'Words you had typed and not sent';
  }
};

/** A record named as a person would name it, never by its id. */
export const refusedTitle = (change: RefusedChange): string => {
  const f = fieldsOf(change);
  const shown = shownOf(change);
  if (shown) return draftTitle(shown, f);
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

/** Records only the lead may open (S8): their screens tell anyone else "Only the lead inspector". */
const LEAD_ONLY: ReadonlySet<EntityName> = new Set(['judgementDraft', 'teamMeeting']);

/**
 * Where the record lives in the app, or null when it is no longer on this device or the user (of
 * `role` on its team, useTeamRole) can no longer open it — a lead's record once she no longer
 * leads: a link must lead somewhere.
 */
export const refusedPath = (
  { op, row, inspection }: RefusedChange,
  role: 'lead' | 'inspector' | null | undefined,
): string | null => {
  if (!row || row.deleted || !inspection) return null;
  if (LEAD_ONLY.has(op.entity) && role !== 'lead') return null;
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
      // The review screen is the lead's; anyone else (the author replying) has it on the evidence.
      return role === 'lead'
        ? `${base}/today/${str(f.evidenceId)}`
        : `${base}/evidence/${str(f.evidenceId)}`;
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
  line: 'Observation line',
  referredOn: 'Date referred',
  referredAtTime: 'Time referred',
  placedOut: 'Placed in or out of the area',
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

/** The evidence a review is of, by its title: never its id. */
const evidenceWords = (change: RefusedChange): string => {
  const evidence = shownOf(change)?.evidence;
  return evidence ? evidenceTitle({ fields: evidence }) : 'The piece of evidence it reviews';
};

/** The values the person wrote in this change, each with its label, in words. */
export const refusedValues = (change: RefusedChange): { label: string; value: string }[] =>
  change.op.kind === 'delete'
    ? [{ label: 'Change', value: 'Delete this record' }]
    : Object.entries(written(change)).map(([field, value]) => ({
        label: FIELD_LABELS[field] ?? field,
        value:
          value === null || value === undefined || value === ''
            ? 'Not set'
            : field === 'evidenceId'
              ? evidenceWords(change)
              : (frameworkWords(change, field, value) ??
                valueWords(change.op.entity, field, value)),
      }));

/** Everything needed to enter the change again elsewhere, as plain text for the clipboard. */
export const refusedCopyText = (change: RefusedChange): string =>
  [refusedTitle(change), ...refusedValues(change).map((v) => `${v.label}: ${v.value}`)].join('\n');
