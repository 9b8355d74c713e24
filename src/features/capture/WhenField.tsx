import { useId, useState } from 'react';
import { isoFromLocal, localDateOf, localTimeOf } from './datetime';
import type { Patch } from './EvidenceFields';

type DateParts = { day: string; month: string; year: string };

const partsOf = (date: string): DateParts => {
  const [year = '', month = '', day = ''] = date ? date.split('-') : [];
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
};
/** "2026-11-28" from what was typed, or '' when a part is missing or not a number. */
const dateOf = ({ day, month, year }: DateParts): string =>
  /^\d{1,2}$/.test(day.trim()) && /^\d{1,2}$/.test(month.trim()) && /^\d{4}$/.test(year.trim())
    ? `${year.trim()}-${month.trim().padStart(2, '0')}-${day.trim().padStart(2, '0')}`
    : '';

const PARTS = [
  { key: 'day', label: 'Day', width: 2 },
  { key: 'month', label: 'Month', width: 2 },
  { key: 'year', label: 'Year', width: 4 },
] as const;

/**
 * When it happened, as the local date and time: the date in GOV.UK's date input pattern (day,
 * month, year as numbers, the same on every tablet whatever its locale), the time as a time field.
 * Half-typed values stay on screen with an error and are not saved until they make a real moment.
 */
export const WhenField = ({
  occurredAt,
  set,
}: {
  occurredAt: string;
  set: (patch: Patch) => void;
}) => {
  const id = useId();
  const [parts, setParts] = useState<DateParts>(() => partsOf(localDateOf(occurredAt)));
  const [time, setTime] = useState(() => localTimeOf(occurredAt));
  const [invalid, setInvalid] = useState(false);

  const update = (nextParts: DateParts, nextTime: string) => {
    setParts(nextParts);
    setTime(nextTime);
    const iso = isoFromLocal(dateOf(nextParts), nextTime);
    setInvalid(iso === null);
    if (iso) set({ occurredAt: iso });
  };

  return (
    <div className={`govuk-form-group${invalid ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={invalid ? `${id}-error` : undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
          When it happened
        </legend>
        {invalid && (
          <p id={`${id}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> Enter a real date and time
          </p>
        )}
        <div className="fb-when">
          <div className="govuk-date-input" id={`${id}-date`}>
            {PARTS.map((part) => (
              <div className="govuk-date-input__item" key={part.key}>
                <div className="govuk-form-group">
                  <label
                    className="govuk-label govuk-date-input__label"
                    htmlFor={`${id}-${part.key}`}
                  >
                    {part.label}
                  </label>
                  <input
                    id={`${id}-${part.key}`}
                    className={`govuk-input govuk-date-input__input govuk-input--width-${part.width}${invalid ? ' govuk-input--error' : ''}`}
                    type="text"
                    inputMode="numeric"
                    value={parts[part.key]}
                    onChange={(e) => update({ ...parts, [part.key]: e.target.value }, time)}
                  />
                </div>
              </div>
            ))}
          </div>
          <div className="fb-when__item">
            <label className="govuk-label" htmlFor={`${id}-time`}>
              Time
            </label>
            <input
              id={`${id}-time`}
              className={`govuk-input govuk-input--width-5${invalid ? ' govuk-input--error' : ''}`}
              type="time"
              value={time}
              onChange={(e) => update(parts, e.target.value)}
            />
          </div>
        </div>
      </fieldset>
    </div>
  );
};
