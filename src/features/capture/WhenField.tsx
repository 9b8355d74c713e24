import { useId, useState } from 'react';
import { isoFromLocal, localDateOf, localTimeOf } from './datetime';
import type { Patch } from './EvidenceFields';

/**
 * When it happened, as the local date and time. Half-typed values stay on screen with an error
 * and are not saved until they make a real moment.
 */
export const WhenField = ({
  occurredAt,
  set,
}: {
  occurredAt: string;
  set: (patch: Patch) => void;
}) => {
  const id = useId();
  const [date, setDate] = useState(() => localDateOf(occurredAt));
  const [time, setTime] = useState(() => localTimeOf(occurredAt));
  const [invalid, setInvalid] = useState(false);

  const update = (nextDate: string, nextTime: string) => {
    setDate(nextDate);
    setTime(nextTime);
    const iso = isoFromLocal(nextDate, nextTime);
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
          <div className="fb-when__item">
            <label className="govuk-label" htmlFor={`${id}-date`}>
              Date
            </label>
            <input
              id={`${id}-date`}
              className={`govuk-input govuk-input--width-10${invalid ? ' govuk-input--error' : ''}`}
              type="date"
              value={date}
              onChange={(e) => update(e.target.value, time)}
            />
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
              onChange={(e) => update(date, e.target.value)}
            />
          </div>
        </div>
      </fieldset>
    </div>
  );
};
