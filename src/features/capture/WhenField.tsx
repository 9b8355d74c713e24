import { useState } from 'react';
import { DateInput } from '../shared/DateInput';
import { isoFromLocal, localDateOf, localTimeOf } from '../shared/format';
import type { Patch } from './fields-props';

/**
 * When it happened, as the local date and time: the date in GOV.UK's date input pattern, the time
 * as a time field. Half-typed values stay on screen with an error and are not saved until they
 * make a real moment.
 */
export const WhenField = ({
  occurredAt,
  set,
}: {
  occurredAt: string;
  set: (patch: Patch) => void;
}) => {
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
    <DateInput
      legend="When it happened"
      error={invalid ? 'Enter a real date and time' : null}
      value={date}
      onChange={(next) => update(next, time)}
      time={{ value: time, onChange: (next) => update(date, next) }}
    />
  );
};
