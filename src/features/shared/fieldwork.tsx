import { DateInput, dateError } from './DateInput';
import { isRealDate } from './format';
import { TextInput } from './govuk';

/**
 * An inspection's fieldwork as both set-up forms ask for it: on this device (the device user
 * leads it) and on the server (a coordinator names the lead and team). Checked and laid out once,
 * so the two say the same thing in the same words.
 */
export type Fieldwork = { frameworkId: string; area: string; startsOn: string; endsOn: string };
type FieldworkErrors = Partial<Record<keyof Fieldwork, string>>;

export const fieldworkErrors = (form: Fieldwork): FieldworkErrors => {
  const errors: FieldworkErrors = {};
  if (!form.frameworkId) errors.frameworkId = 'Select which inspection this is';
  if (!form.area.trim()) errors.area = 'Enter the local authority area';
  const startProblem = dateError(form.startsOn, 'Enter the start of fieldwork');
  if (startProblem) errors.startsOn = startProblem;
  const endProblem = dateError(form.endsOn, null);
  if (endProblem) errors.endsOn = endProblem;
  // Against a start that is no date, the end's order means nothing: the start's error says it.
  else if (form.endsOn && isRealDate(form.startsOn) && form.endsOn < form.startsOn)
    errors.endsOn = 'The end of fieldwork must be on or after its start';
  return errors;
};

/** The area and the fieldwork's dates; the framework is asked for by each form in its own way. */
export const FieldworkFields = ({
  ids,
  form,
  errors,
  set,
  end,
}: {
  ids: Record<'area' | 'startsOn' | 'endsOn', { id: string }>;
  form: Fieldwork;
  errors: FieldworkErrors;
  set: (field: 'area' | 'startsOn' | 'endsOn', value: string) => void;
  /** What the end date says of itself: each form fills it in differently when left alone. */
  end: { legend: string; hint: string };
}) => (
  <>
    <TextInput
      id={ids.area.id}
      label="Local authority area"
      hint="For example, Northshire County Council"
      width={30}
      value={form.area}
      error={errors.area}
      onChange={(v) => set('area', v)}
    />
    <DateInput
      id={ids.startsOn.id}
      legend="Start of fieldwork"
      value={form.startsOn}
      error={errors.startsOn}
      onChange={(v) => set('startsOn', v)}
    />
    <DateInput
      id={ids.endsOn.id}
      legend={end.legend}
      hint={end.hint}
      value={form.endsOn}
      error={errors.endsOn}
      onChange={(v) => set('endsOn', v)}
    />
  </>
);
