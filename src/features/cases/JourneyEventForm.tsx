import { useId, useState, type FormEvent } from 'react';
import type { JourneyEventFields } from '../../domain';
import { AGENCIES, JOURNEY_STAGES, labelOf, PERMANENCE_ROUTES, sameValue } from '../../domain';
import { DateInput, dateError } from '../shared/DateInput';
import { Button, Radios, Select, Textarea } from '../shared/govuk';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';
import { DraftNotHere, DraftStatus } from '../shared/DraftStatus';
import { useLocalDraft } from '../shared/useLocalDraft';

export type StageForm = {
  stage: string;
  date: string;
  agency: string;
  note: string;
  /** Only on permanence achieved. */
  route: string;
  /** Only on a placement: '' not said, 'in' or 'out' of the area. */
  placedOut: '' | 'in' | 'out';
};
export const EMPTY_STAGE: StageForm = {
  stage: '',
  date: '',
  agency: '',
  note: '',
  route: '',
  placedOut: '',
};

export const toStageForm = (f: JourneyEventFields): StageForm => ({
  stage: f.stage,
  date: f.date,
  agency: f.agency ?? '',
  note: f.note ?? '',
  route: f.route ?? '',
  placedOut: f.outOfArea === true ? 'out' : f.outOfArea === false ? 'in' : '',
});

type StageFields = Omit<JourneyEventFields, 'caseId'>;

/** The form as stored fields: an emptied control is null, "not set". */
const toStageFields = (form: StageForm): StageFields => ({
  stage: form.stage as JourneyEventFields['stage'],
  date: form.date,
  agency: (form.agency || null) as JourneyEventFields['agency'],
  note: form.note.trim() || null,
  // A stage-only field is cleared when the stage changes: the server refuses a route on a
  // referral (DESIGN.md §4.1), and the form would otherwise keep a value nobody can see.
  route:
    form.stage === 'permanence-achieved'
      ? ((form.route || null) as JourneyEventFields['route'])
      : null,
  outOfArea: form.stage === 'placement' && form.placedOut ? form.placedOut === 'out' : null,
});

/**
 * One stage of the child's journey: what happened, when, and which agency. Used to add a stage and
 * to change one; `onSave` receives the stored fields and, apart, those the person changed here.
 * What is typed is kept on this tablet until the button saves it (useLocalDraft, `draftKey`), so
 * a lock, a reload or another screen never loses a note; Cancel throws it away.
 */
export const JourneyEventForm = ({
  initial,
  stages,
  submitLabel,
  draftKey,
  what,
  onSave,
  onCancel,
}: {
  initial: StageForm;
  /** The stage ids the inspection's framework uses. */
  stages: readonly string[];
  submitLabel: string;
  /** Where the unsaved form is kept on this tablet (`draftKeyOf`). */
  draftKey: string;
  /** The form in words, for when another tab has it: "new stage". */
  what: string;
  /**
   * `changed`: only the fields that differ from what is stored. A change sends only those, so a
   * field another inspector changed meanwhile is neither undone nor contested (S5).
   */
  onSave: (fields: StageFields, changed: Partial<StageFields>) => Promise<void>;
  onCancel?: () => void;
}) => {
  const id = useId();
  const ids = { stage: `${id}-stage`, date: `${id}-date` };
  const draft = useLocalDraft(draftKey, initial);
  const [errors, setErrors] = useState<Partial<Record<'stage' | 'date', string>>>({});
  const [writeErrors, setWriteErrors] = useState<ErrorItem[]>([]);
  const [saving, setSaving] = useState(false);
  if (draft.state !== 'editing') return <DraftNotHere draft={draft} what={what} named={what} />;
  const { form, set, status, changed } = draft;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!form.stage) found.stage = 'Select the stage of the journey';
    const dateProblem = dateError(form.date, 'Enter the date of this stage');
    if (dateProblem) found.date = dateProblem;
    setErrors(found);
    setWriteErrors([]);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const fields = toStageFields(form);
      const before = toStageFields(initial);
      await onSave(
        fields,
        Object.fromEntries(
          Object.entries(fields).filter(
            ([k, v]) => !sameValue(v, before[k as keyof typeof fields]),
          ),
        ),
      );
      await draft.discard();
    } catch (error) {
      setWriteErrors(
        writeErrorItems(error, {
          stage: { id: ids.stage, label: 'Stage' },
          date: { id: ids.date, label: 'Date' },
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  // Keep a stage the framework does not list (set elsewhere) selectable rather than lose it.
  const stageIds = stages.includes(form.stage) || !form.stage ? stages : [...stages, form.stage];
  return (
    <form noValidate onSubmit={(e) => void submit(e)} onBlur={() => void draft.flush()}>
      <FocusedErrorSummary
        errors={[
          ...(errors.stage ? [{ href: `#${ids.stage}`, text: errors.stage }] : []),
          ...(errors.date ? [{ href: `#${ids.date}`, text: errors.date }] : []),
          ...writeErrors,
        ]}
      />
      <Select
        id={ids.stage}
        label="Stage"
        emptyLabel="Select a stage"
        value={form.stage}
        error={errors.stage}
        options={stageIds.map((s) => ({ value: s, label: labelOf(JOURNEY_STAGES, s) }))}
        onChange={(stage) => set({ stage })}
      />
      <DateInput
        id={ids.date}
        legend="Date"
        value={form.date}
        error={errors.date}
        onChange={(date) => set({ date })}
      />
      {form.stage === 'permanence-achieved' && (
        <Select
          label="Route to permanence"
          emptyLabel="Not recorded"
          value={form.route}
          options={PERMANENCE_ROUTES.map((r) => ({ value: r.id, label: r.label }))}
          onChange={(route) => set({ route })}
        />
      )}
      {form.stage === 'placement' && (
        <Radios
          legend="Where is the placement?"
          small
          value={form.placedOut}
          options={[
            { value: 'in', label: 'In the area' },
            { value: 'out', label: 'Out of the area' },
          ]}
          onChange={(placedOut) => set({ placedOut: placedOut as StageForm['placedOut'] })}
        />
      )}
      <Select
        label="Agency (optional)"
        emptyLabel="Not set"
        value={form.agency}
        options={AGENCIES.map((a) => ({ value: a.id, label: a.label }))}
        onChange={(agency) => set({ agency })}
      />
      <Textarea
        label="Note (optional)"
        hint="What the record shows about this stage. Refer to people by role, not name."
        rows={3}
        value={form.note}
        onChange={(note) => set({ note })}
      />
      <DraftStatus status={status} changed={changed} then={`“${submitLabel}” saves it.`} />
      <div className="govuk-button-group">
        <Button type="submit" variant="secondary" disabled={saving}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="secondary" onClick={() => void draft.discard().then(onCancel)}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
};
