import { useId, useState, type ReactNode } from 'react';
import { isRealDate } from './format';

/**
 * GOV.UK's date input pattern: day, month and year as numbers in three boxes, the same on every
 * tablet whatever its locale (a native date field shows US-style dates on some). The value is
 * `YYYY-MM-DD` when the three boxes hold numbers, '' when they are all empty, and what was typed
 * otherwise, so a half-typed date stays on screen and fails {@link dateError} until it is real.
 */
type Parts = { day: string; month: string; year: string };

const partsOf = (value: string): Parts => {
  const [year = '', month = '', day = ''] = value ? value.split('-') : [];
  // "05" from a stored date shows as "5", as people write it; it pads back to the same value.
  const unpadded = (s: string) => s.replace(/^0(?=\d$)/, '');
  return { day: unpadded(day), month: unpadded(month), year };
};

const valueOf = ({ day, month, year }: Parts): string => {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!d && !m && !y) return '';
  return /^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y)
    ? `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
    : `${y}-${m}-${d}`;
};

/**
 * The GOV.UK error for a date field's value, or null when it is fine: `missing` when empty (pass
 * null when the date is optional), "Date must be a real date" when it is not on the calendar.
 */
export const dateError = (value: string, missing: string | null): string | null => {
  if (value === '') return missing;
  return isRealDate(value) ? null : 'Date must be a real date';
};

const PARTS = [
  { key: 'day', label: 'Day', width: 2 },
  { key: 'month', label: 'Month', width: 2 },
  { key: 'year', label: 'Year', width: 4 },
] as const;

/**
 * `id` goes on the day box, where an error summary's link lands. With `time`, a time field sits
 * beside the date in the same fieldset ("When did you refer it?").
 */
export const DateInput = ({
  id: givenId,
  legend,
  hint,
  error,
  value,
  onChange,
  time,
}: {
  id?: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  value: string;
  onChange: (value: string) => void;
  time?: { value: string; onChange: (value: string) => void };
}) => {
  const generated = useId();
  const id = givenId ?? generated;
  const [parts, setParts] = useState(() => partsOf(value));
  // A value set from outside (another device's edit, a date filled in from another field) replaces
  // what is in the boxes; the boxes' own value coming back does not, so typing "0" is kept.
  const shown = valueOf(parts) === value ? parts : partsOf(value);
  const describedBy =
    [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const boxClass = `govuk-input govuk-date-input__input${error ? ' govuk-input--error' : ''}`;

  const date = (
    <div className="govuk-date-input">
      {PARTS.map((part) => {
        const boxId = part.key === 'day' ? id : `${id}-${part.key}`;
        return (
          <div className="govuk-date-input__item" key={part.key}>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-date-input__label" htmlFor={boxId}>
                {part.label}
              </label>
              <input
                id={boxId}
                className={`${boxClass} govuk-input--width-${part.width}`}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                value={shown[part.key]}
                onChange={(e) => {
                  const next = { ...shown, [part.key]: e.target.value };
                  setParts(next);
                  onChange(valueOf(next));
                }}
              />
            </div>
          </div>
        );
      })}
    </div>
  );

  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div id={`${id}-hint`} className="govuk-hint">
            {hint}
          </div>
        )}
        {error && (
          <p id={`${id}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        {time ? (
          <div className="fb-date-time">
            {date}
            <div>
              <label className="govuk-label" htmlFor={`${id}-time`}>
                Time
              </label>
              <input
                id={`${id}-time`}
                className={`govuk-input fb-time-input${error ? ' govuk-input--error' : ''}`}
                type="time"
                value={time.value}
                onChange={(e) => time.onChange(e.target.value)}
              />
            </div>
          </div>
        ) : (
          date
        )}
      </fieldset>
    </div>
  );
};
