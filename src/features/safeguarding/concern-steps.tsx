import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { isoAt, labelOf, REFERRED_TO } from '../../domain';
import { useFieldbook } from '../shared/fieldbook-context';
import { DateInput, dateError } from '../shared/DateInput';
import { formatDateTime, isoFromLocal, localDateOf, localTimeOf } from '../shared/format';
import { Button, Radios, TextInput } from '../shared/govuk';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';
import { DraftNotHere, DraftStatus } from '../shared/DraftStatus';
import { useLocalDraft, type LocalDraft } from '../shared/useLocalDraft';

const NOW_HINT = 'Leave it as it is to record the time you press the button.';

type Referral = {
  referredTo: (typeof REFERRED_TO)[number]['id'];
  referredAt: string;
  /** Both optional (issue 9): what the call gave, when it gave it. Empty is stored as null. */
  referralReference: string | null;
  referralTakenBy: string | null;
};

/**
 * One step of what must happen after a concern is raised: shown as done (with who and when, and a
 * way to change it) or as a short form whose time starts at "now", so recording it is one tap.
 */
const Step = ({
  title,
  done,
  summary,
  children,
  editing,
  onEdit,
  readOnly,
}: {
  title: string;
  done: boolean;
  summary: ReactNode;
  children: ReactNode;
  editing: boolean;
  onEdit: () => void;
  readOnly: boolean;
}) => (
  <section className="govuk-!-margin-bottom-6" aria-label={title}>
    <h2 className="govuk-heading-m">
      {title}{' '}
      <strong className={`govuk-tag ${done ? 'govuk-tag--green' : 'govuk-tag--yellow'}`}>
        {done ? 'Done' : 'To do'}
      </strong>
    </h2>
    {readOnly ? (
      <p className="govuk-body">{done ? summary : 'Not recorded yet.'}</p>
    ) : done && !editing ? (
      <>
        <p className="govuk-body">{summary}</p>
        <Button variant="secondary" onClick={onEdit}>
          Change<span className="govuk-visually-hidden"> {title.toLowerCase()}</span>
        </Button>
      </>
    ) : (
      children
    )}
  </section>
);

const useStepForm = (
  initialIso: string | null | undefined,
  /** A date and time typed before a lock or a reload, kept on the tablet (ReferralStep). */
  kept?: { date: string; time: string; onChange: (date: string, time: string) => void },
) => {
  const { clock } = useFieldbook();
  const [editing, setEditing] = useState(false);
  const [date, setDateState] = useState(
    () => kept?.date || localDateOf(initialIso ?? isoAt(clock)),
  );
  const [time, setTimeState] = useState(
    () => kept?.time || localTimeOf(initialIso ?? isoAt(clock)),
  );
  // Untouched, a new step records the moment its button is pressed, not when the page opened:
  // the phone call in between can take a while.
  const [touched, setTouched] = useState(Boolean(initialIso || kept?.date || kept?.time));
  const setDate = (value: string) => {
    setTouched(true);
    setDateState(value);
    kept?.onChange(value, time);
  };
  const setTime = (value: string) => {
    setTouched(true);
    setTimeState(value);
    kept?.onChange(date, value);
  };
  const whenIso = () => (touched ? isoFromLocal(date, time) : isoAt(clock));
  /** What is wrong with the typed moment, in GOV.UK's words, or null. */
  const whenProblem = (missing: string): string | null =>
    !touched
      ? null
      : (dateError(date, missing) ?? (isoFromLocal(date, time) ? null : 'Enter a real time'));
  const [whenError, setWhenError] = useState<string | null>(null);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [saving, setSaving] = useState(false);
  const run = async (write: () => Promise<void>) => {
    setSaving(true);
    try {
      await write();
      setErrors([]);
      setWhenError(null);
      setEditing(false);
    } catch (error) {
      setErrors(writeErrorItems(error));
    } finally {
      setSaving(false);
    }
  };
  const hint = initialIso ? undefined : NOW_HINT;
  const when = { date, setDate, time, setTime, whenIso, whenProblem, whenError, setWhenError };
  return { editing, setEditing, ...when, hint, errors, setErrors, saving, run };
};

type ReferralDraft = {
  to: string;
  reference: string;
  takenBy: string;
  /** Empty until the person changes them: untouched, the moment of the button press is recorded. */
  date: string;
  time: string;
};

type ReferralProps = {
  /** Where what is typed waits on this tablet until recorded (`draftKeyOf`). */
  draftKey: string;
  referredTo: string | null | undefined;
  referredAt: string | null | undefined;
  reference?: string | null | undefined;
  takenBy?: string | null | undefined;
  onSave: (referral: Referral) => Promise<void>;
  readOnly?: boolean;
};

/**
 * Who the concern was referred to, when, the reference and who took it. What is typed is kept on
 * this tablet until "Record the referral" (useLocalDraft): a lock or a reload mid-call never
 * loses the reference; a form with kept words opens by itself.
 */
export const ReferralStep = (props: ReferralProps) => {
  const { referredTo, referredAt, reference, takenBy, readOnly = false } = props;
  const draft = useLocalDraft<ReferralDraft>(props.draftKey, {
    to: referredTo ?? '',
    reference: reference ?? '',
    takenBy: takenBy ?? '',
    date: '',
    time: '',
  });
  const [editing, setEditing] = useState(false);
  const kept = draft.state === 'editing' && draft.changed;
  return (
    <Step
      title="1. Refer it"
      done={Boolean(referredTo && referredAt)}
      editing={editing || kept}
      onEdit={() => setEditing(true)}
      readOnly={readOnly}
      summary={
        <>
          Referred to {labelOf(REFERRED_TO, referredTo)} at {formatDateTime(referredAt ?? '')}
          {takenBy ? `, taken by the ${takenBy.replace(/^(the|a|an) /i, '')}` : ''}
          {reference ? `. Reference ${reference}` : ''}
        </>
      }
    >
      {draft.state !== 'editing' ? (
        <DraftNotHere draft={draft} what="referral" />
      ) : (
        <ReferralForm {...props} draft={draft} onDone={() => setEditing(false)} />
      )}
    </Step>
  );
};

const ReferralForm = ({
  referredAt,
  onSave,
  draft,
  onDone,
}: ReferralProps & {
  draft: Extract<LocalDraft<ReferralDraft>, { state: 'editing' }>;
  onDone: () => void;
}) => {
  const id = useId();
  const { form, set } = draft;
  const step = useStepForm(referredAt, {
    date: form.date,
    time: form.time,
    onChange: (date, time) => set({ date, time }),
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const at = step.whenIso();
    const problems: ErrorItem[] = [];
    if (!form.to)
      problems.push({ href: `#${id}-to`, text: 'Select who you referred the concern to' });
    const whenError = at
      ? null
      : (step.whenProblem('Enter when you referred it') ?? 'Enter when you referred it');
    if (whenError) problems.push({ href: `#${id}-when`, text: whenError });
    step.setWhenError(whenError);
    step.setErrors(problems);
    if (problems.length > 0 || !at) return;
    await step.run(async () => {
      await onSave({
        referredTo: form.to as Referral['referredTo'],
        referredAt: at,
        referralReference: form.reference.trim() || null,
        referralTakenBy: form.takenBy.trim() || null,
      });
      await draft.discard();
      onDone();
    });
  };
  return (
    <form noValidate onSubmit={(e) => void submit(e)} onBlur={() => void draft.flush()}>
      <FocusedErrorSummary errors={step.errors} />
      <div id={`${id}-to`}>
        <Radios
          legend="Who did you refer it to?"
          value={form.to}
          options={REFERRED_TO.map((r) => ({ value: r.id, label: r.label }))}
          onChange={(to) => set({ to })}
        />
      </div>
      <DateInput
        id={`${id}-when`}
        legend="When did you refer it?"
        hint={step.hint}
        error={step.whenError}
        value={step.date}
        onChange={step.setDate}
        time={{ value: step.time, onChange: step.setTime }}
      />
      <TextInput
        id={`${id}-reference`}
        label="Referral reference (optional)"
        hint="The number or reference they gave you, if any"
        value={form.reference}
        onChange={(reference) => set({ reference })}
      />
      <TextInput
        id={`${id}-taken-by`}
        label="Who took the referral (optional)"
        hint="Their role only, for example ‘Duty social worker’ – never a name"
        value={form.takenBy}
        onChange={(takenBy) => set({ takenBy })}
      />
      <DraftStatus
        status={draft.status}
        changed={draft.changed}
        then="“Record the referral” records it."
      />
      <Button type="submit" disabled={step.saving}>
        Record the referral
      </Button>
    </form>
  );
};

export const TimeStep = ({
  title,
  question,
  value,
  recordLabel,
  doneText,
  onSave,
  readOnly = false,
}: {
  title: string;
  question: string;
  value: string | null | undefined;
  recordLabel: string;
  doneText: string;
  onSave: (iso: string) => Promise<void>;
  readOnly?: boolean;
}) => {
  const id = useId();
  const step = useStepForm(value);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const at = step.whenIso();
    const whenError = at
      ? null
      : (step.whenProblem('Enter a date and time') ?? 'Enter a date and time');
    step.setWhenError(whenError);
    if (whenError || !at) {
      step.setErrors([{ href: `#${id}`, text: whenError ?? 'Enter a date and time' }]);
      return;
    }
    await step.run(() => onSave(at));
  };
  return (
    <Step
      title={title}
      done={Boolean(value)}
      editing={step.editing}
      onEdit={() => step.setEditing(true)}
      readOnly={readOnly}
      summary={`${doneText} ${formatDateTime(value ?? '')}`}
    >
      <form noValidate onSubmit={(e) => void submit(e)}>
        <FocusedErrorSummary errors={step.errors} />
        <DateInput
          id={id}
          legend={question}
          hint={step.hint}
          error={step.whenError}
          value={step.date}
          onChange={step.setDate}
          time={{ value: step.time, onChange: step.setTime }}
        />
        <Button type="submit" variant="secondary" disabled={step.saving}>
          {recordLabel}
        </Button>
      </form>
    </Step>
  );
};
