import { CurrentValueByline } from '../shared/value-byline';
import { useState } from 'react';
import {
  AGENCIES,
  DELETED_CONFLICT_KEY,
  EVALUATIONS,
  EVIDENCE_KINDS,
  EVIDENCE_STATUSES,
  SENSITIVITIES,
  labelOf,
  type ConflictValue,
  type ShadowingLine,
} from '../../domain';
import type { LocalInspection, LocalRow } from '../../db';
import { Button, ErrorSummary } from '../shared/govuk';
import { clockTime, shortDateTime } from './datetime';

const FIELD_LABELS: Record<string, string> = {
  kind: 'Kind',
  occurredAt: 'When it happened',
  text: 'Notes',
  lines: 'Observation lines',
  agency: 'Source agency',
  role: 'Practitioner role',
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
  names: { cases: Map<string, string>; judgements: Map<string, string> },
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
      return shortDateTime(String(value));
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

type Choice = { key: string; heading: string; value: unknown; byline?: string };

/**
 * Values that lost a race with another edit are kept, never dropped (S5). For each contested
 * field the inspector sees every value with who wrote it and when, and keeps one.
 */
export const ConflictList = ({
  row,
  inspection,
  caseRefs,
  onKeep,
}: {
  row: LocalRow<'evidence'>;
  inspection: LocalInspection;
  caseRefs: Map<string, string>;
  onKeep: (field: string, value: unknown) => Promise<void>;
}) => {
  const [error, setError] = useState<string | null>(null);
  const fields = Object.entries(row.conflicts).filter(([, values]) => values.length > 0);
  if (fields.length === 0) return null;
  const names = {
    cases: caseRefs,
    judgements: new Map(inspection.framework.judgements.map((j) => [j.id, j.title])),
  };
  const authorName = (userId: string) =>
    inspection.team.find((m) => m.userId === userId)?.name ?? 'Another inspector';
  const current = (field: string): unknown =>
    field === DELETED_CONFLICT_KEY ? row.deleted : (row.fields as Record<string, unknown>)[field];

  const keep = async (field: string, value: unknown) => {
    setError(null);
    try {
      await onKeep(field, value);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  return (
    <section className="fb-conflicts" aria-labelledby="conflicts-heading">
      <h2 className="govuk-heading-m" id="conflicts-heading">
        {fields.length === 1 ? 'One field was' : `${fields.length} fields were`} changed in two
        places
      </h2>
      <p className="govuk-body">Both versions are kept. Choose the one to keep for each field.</p>
      <ErrorSummary errors={error ? [{ text: error }] : []} />
      {fields.map(([field, values]: [string, ConflictValue[]]) => {
        const label = FIELD_LABELS[field] ?? field;
        const choices: Choice[] = [
          { key: 'current', heading: 'Current value', value: current(field) },
          ...values.map((v) => ({
            key: v.opId,
            heading: 'Other value',
            value: v.value,
            byline: `${authorName(v.author)}, ${shortDateTime(v.at)}`,
          })),
        ];
        return (
          <div className="govuk-summary-card" key={field}>
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title">{label}</h3>
            </div>
            <div className="govuk-summary-card__content">
              {choices.map((c) => (
                <div className="fb-conflict-choice" key={c.key}>
                  <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
                    {c.heading}
                    {c.byline ? (
                      <span className="govuk-body-s"> – {c.byline}</span>
                    ) : (
                      field !== DELETED_CONFLICT_KEY && (
                        <CurrentValueByline
                          entity="evidence"
                          row={row}
                          field={field}
                          team={inspection.team}
                        />
                      )
                    )}
                  </p>
                  <p className="govuk-body fb-preserve">{describeValue(field, c.value, names)}</p>
                  <Button variant="secondary" onClick={() => void keep(field, c.value)}>
                    Keep this value
                    <span className="govuk-visually-hidden">
                      {' '}
                      for {label}: {c.heading.toLowerCase()}
                    </span>
                  </Button>
                </div>
              ))}
            </div>
          </div>
        );
      })}
    </section>
  );
};
