import {
  AGENCIES,
  DELETED_CONFLICT_KEY,
  EVALUATIONS,
  EVIDENCE_KINDS,
  EVIDENCE_STATUSES,
  SENSITIVITIES,
  labelOf,
  type ShadowingLine,
} from '../../domain';
import { clockTime, formatDateTime } from '../shared/format';

const FIELD_LABELS: Record<string, string> = {
  kind: 'Kind',
  occurredAt: 'When it happened',
  text: 'Notes',
  lines: 'Observation lines',
  agency: 'Source agency',
  role: 'Practitioner role',
  documentType: 'Kind of document',
  caseIds: 'Linked child cases',
  judgementIds: 'Judgement areas',
  crossRefs: 'Cross-references',
  evaluation: 'Evaluation',
  sensitivity: 'Sensitivity',
  status: 'Draft or final',
  [DELETED_CONFLICT_KEY]: 'Deleted on another device',
};

/** A value as a person reads it; lists of ids become labels where we know them. */
export const describeValue = (
  field: string,
  value: unknown,
  names: { cases: ReadonlyMap<string, string>; judgements: ReadonlyMap<string, string> },
): string => {
  if (value === null || value === undefined || value === '') return 'Not set';
  switch (field) {
    case 'kind':
      return labelOf(EVIDENCE_KINDS, String(value));
    case 'agency':
      return labelOf(AGENCIES, String(value));
    case 'evaluation':
      return labelOf(EVALUATIONS, String(value));
    case 'sensitivity':
      return labelOf(SENSITIVITIES, String(value));
    case 'status':
      return labelOf(EVIDENCE_STATUSES, String(value));
    case 'occurredAt':
      return formatDateTime(String(value));
    case DELETED_CONFLICT_KEY:
      return value === true ? 'Deleted' : 'Kept';
    case 'lines':
      return (value as ShadowingLine[]).map((l) => `${clockTime(l.at)} ${l.text}`).join('\n');
    case 'caseIds':
      return (value as string[]).map((id) => names.cases.get(id) ?? id).join(', ');
    case 'judgementIds':
      return (value as string[]).map((id) => names.judgements.get(id) ?? id).join(', ');
    case 'crossRefs':
      return `${(value as string[]).length} cross-reference(s)`;
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
};

/** The words for an evidence field in a conflict card. */
export const evidenceFieldLabel = (field: string): string => FIELD_LABELS[field] ?? field;
