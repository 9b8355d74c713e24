import { AGENCIES, EVIDENCE_KINDS, labelOf, type EvidenceFields } from '../../domain';
import { formatDateTime } from './format';

type Titled = Pick<EvidenceFields, 'kind' | 'occurredAt' | 'role' | 'agency'>;

/** Who the evidence came from: "Social worker, Children's social care", or '' when not recorded. */
export const evidenceSource = (f: Partial<Titled>): string =>
  [f.role, f.agency ? labelOf(AGENCIES, f.agency) : null].filter(Boolean).join(', ');

/**
 * The one title of a piece of evidence, enough to recognise it in a list: "Practitioner
 * interview, 26 Nov 2026, 09:00". With `withSource`, who it came from follows for a one-line
 * list ("… – Social worker, Police"); screens with a line under the title put the source there.
 */
export const evidenceTitle = (
  row: { fields: Titled },
  { withSource = false }: { withSource?: boolean } = {},
): string => {
  const f = row.fields;
  const title = `${labelOf(EVIDENCE_KINDS, f.kind)}, ${formatDateTime(f.occurredAt)}`;
  const source = withSource ? evidenceSource(f) : '';
  return source ? `${title} – ${source}` : title;
};

/** Lists of evidence read latest first, by when it happened (ISO times compare as text); ties keep their order. */
export const newestFirst = (
  a: { fields: Pick<EvidenceFields, 'occurredAt'> },
  b: { fields: Pick<EvidenceFields, 'occurredAt'> },
): number =>
  a.fields.occurredAt < b.fields.occurredAt
    ? 1
    : a.fields.occurredAt > b.fields.occurredAt
      ? -1
      : 0;
