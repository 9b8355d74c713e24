import { useState, type ReactNode } from 'react';
import type { LocalRow } from '../../db';
import {
  DELETED_CONFLICT_KEY,
  type ConflictValue,
  type EntityName,
  type TeamMember,
} from '../../domain';
import { useFieldbook } from './fieldbook-context';
import { ChangedByline, CurrentValueByline } from './value-byline';
import { memberName } from './members';
import { writtenWhen } from './written-when';
import { Button } from './govuk';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from './write-errors';

/** Absent and null both mean "not set" on the wire (§4.1), so they are the same value here. */
const sameValue = (a: unknown, b: unknown) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The competing values worth a choice: one equal to the current value is no choice at all (a
 * card listing "Referral" against "Referral" only makes the lead read it twice).
 */
export const differingConflicts = (row: LocalRow): [string, ConflictValue[]][] =>
  Object.entries(row.conflicts)
    .map(([field, values]): [string, ConflictValue[]] => {
      if (field === DELETED_CONFLICT_KEY) return [field, values];
      const current = (row.fields as Record<string, unknown>)[field];
      return [field, values.filter((v) => !sameValue(v.value, current))];
    })
    .filter(([, values]) => values.length > 0);

/** "Bea Inspector", "Bea Inspector and Cal Lead": everyone who tried to delete it, once each. */
const namesOf = (team: readonly TeamMember[], values: readonly ConflictValue[]) => {
  const names = [...new Set(values.map((v) => memberName(team, v.author)))];
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
};

/**
 * Edits that raced another inspector's (S5) are never dropped: for each contested field, the
 * current value and every competing one, with who wrote it and when, and a button to keep it.
 * Renders nothing when the row has no conflicts.
 */
export const ConflictNotice = ({
  entity,
  row,
  team,
  labelOf,
  show,
  onKeep,
  what = 'record',
}: {
  entity: EntityName;
  row: LocalRow;
  team: readonly TeamMember[];
  /** The words for a field name, e.g. caseRef → "Authority case reference". */
  labelOf: (field: string) => string;
  /** How a value reads on screen. */
  show: (field: string, value: unknown) => ReactNode;
  /** Instead of resolving directly: an editor holding a draft first flushes it and then takes the value. */
  onKeep?: (field: string, value: unknown) => Promise<void>;
  /** The record in words, for a delete that raced an edit: "stage", "note". */
  what?: string;
}) => {
  const { repo } = useFieldbook();
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const contested = differingConflicts(row);
  if (contested.length === 0) return null;
  const keep = async (field: string, value: unknown) => {
    try {
      setErrors([]);
      await (onKeep ? onKeep(field, value) : repo.resolve(entity, row.id, field, value));
    } catch (error) {
      setErrors(writeErrorItems(error));
    }
  };
  return (
    <section className="govuk-!-margin-bottom-6" aria-labelledby={`conflicts-${row.id}`}>
      <h2 className="govuk-heading-m" id={`conflicts-${row.id}`}>
        Two people changed this at the same time
      </h2>
      <p className="govuk-body">
        Nothing has been lost. Choose which value to keep for each of these.
      </p>
      <FocusedErrorSummary errors={errors} />
      {contested.map(([field, values]) => {
        const deleted = field === DELETED_CONFLICT_KEY;
        const current = deleted ? false : (row.fields as Record<string, unknown>)[field];
        return (
          <div key={field} className="govuk-summary-card">
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title">
                {deleted
                  ? `${namesOf(team, values) ?? 'Someone'} deleted this while it was being changed`
                  : labelOf(field)}
              </h3>
            </div>
            <div className="govuk-summary-card__content">
              <dl className="govuk-summary-list">
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">
                    Current value
                    {deleted ? (
                      <ChangedByline entity={entity} row={row} team={team} />
                    ) : (
                      <CurrentValueByline entity={entity} row={row} field={field} team={team} />
                    )}
                  </dt>
                  <dd className="govuk-summary-list__value">
                    {deleted ? `The ${what}, with the changes made to it` : show(field, current)}
                  </dd>
                  <dd className="govuk-summary-list__actions">
                    <Button variant="secondary" onClick={() => void keep(field, current)}>
                      {deleted ? (
                        `Keep this ${what}`
                      ) : (
                        <>
                          Keep this value
                          <span className="govuk-visually-hidden"> (current {labelOf(field)})</span>
                        </>
                      )}
                    </Button>
                  </dd>
                </div>
                {values.map((v) => (
                  <div className="govuk-summary-list__row" key={v.opId}>
                    <dt className="govuk-summary-list__key">
                      {memberName(team, v.author)}, {writtenWhen(v.opId, v.at)}
                    </dt>
                    <dd className="govuk-summary-list__value">
                      {deleted ? 'Deleted' : show(field, v.value)}
                    </dd>
                    <dd className="govuk-summary-list__actions">
                      <Button
                        variant="secondary"
                        onClick={() => void keep(field, deleted ? true : v.value)}
                      >
                        {deleted ? `Delete this ${what}` : 'Keep this value'}
                        <span className="govuk-visually-hidden">
                          {' '}
                          (
                          {deleted
                            ? `as ${memberName(team, v.author)} did`
                            : `${labelOf(field)} from ${memberName(team, v.author)}`}
                          )
                        </span>
                      </Button>
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          </div>
        );
      })}
    </section>
  );
};
