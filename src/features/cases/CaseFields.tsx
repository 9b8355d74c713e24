import type { ChildCaseFields, TeamMember } from '../../domain';
import { AGE_BANDS, AGENCIES, CASE_SELECTIONS, CASE_STATUSES } from '../../domain';
import { Checkboxes, Radios, Select, TextInput } from '../shared/govuk';
import type { FieldRefs } from '../shared/write-errors';
import { CASE_REF_HINT, caseRefProblem } from './case-ref';

/** The case as the form holds it: strings for every control, so nothing typed is lost or coerced. */
export type CaseForm = {
  caseRef: string;
  initials: string;
  ageBand: string;
  selection: string;
  status: string;
  agencies: string[];
  outOfArea: '' | 'yes' | 'no';
  assignedTo: string;
};
export type CaseErrors = Partial<Record<keyof CaseForm, string>>;

export const CASE_FIELDS = {
  caseRef: { id: 'case-ref', label: 'Authority case reference' },
  initials: { id: 'case-initials', label: 'Initials' },
  ageBand: { id: 'case-age-band', label: 'Age band' },
  selection: { id: 'case-selection', label: 'Tracked or sampled' },
  status: { id: 'case-status', label: 'Current status' },
  agencies: { id: 'case-agencies', label: 'Agencies involved' },
  outOfArea: { id: 'case-out-of-area', label: 'Out-of-area placement' },
  assignedTo: { id: 'case-assigned-to', label: 'Assigned inspector' },
} satisfies FieldRefs;

export const EMPTY_CASE: CaseForm = {
  caseRef: '',
  initials: '',
  ageBand: '',
  selection: '',
  status: '',
  agencies: [],
  outOfArea: '',
  assignedTo: '',
};

export const toCaseForm = (f: ChildCaseFields): CaseForm => ({
  caseRef: f.caseRef,
  initials: f.initials ?? '',
  ageBand: f.ageBand ?? '',
  selection: f.selection,
  status: f.status ?? '',
  agencies: [...(f.agencies ?? [])],
  outOfArea: f.outOfArea === true ? 'yes' : f.outOfArea === false ? 'no' : '',
  assignedTo: f.assignedTo ?? '',
});

/** Form values → stored fields; an emptied control clears its field (null = "not set"). */
export const toCaseFields = (form: Partial<CaseForm>): Partial<ChildCaseFields> => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    if (key === 'outOfArea') out[key] = value === 'yes' ? true : value === 'no' ? false : null;
    else if (key === 'agencies') out[key] = value;
    // Not trimmed here: autosave runs mid-typing, and a trailing space is the next word's start.
    else if (typeof value === 'string') out[key] = value.trim() === '' ? null : value;
  }
  return out as Partial<ChildCaseFields>;
};

export const checkCase = (form: CaseForm): CaseErrors => {
  const errors: CaseErrors = {};
  const refProblem = caseRefProblem(form.caseRef);
  if (refProblem) errors.caseRef = refProblem;
  if (form.initials.trim().length > 10) errors.initials = 'Initials must be 10 characters or fewer';
  if (!form.selection) errors.selection = 'Select whether the case is tracked or sampled';
  return errors;
};

const options = (vocab: readonly { id: string; label: string }[]) =>
  vocab.map((v) => ({ value: v.id, label: v.label }));

export const CaseFields = ({
  form,
  errors,
  onChange,
  onCaseRefBlur,
  team,
}: {
  team: readonly TeamMember[];
  form: CaseForm;
  errors: CaseErrors;
  onChange: (patch: Partial<CaseForm>) => void;
  onCaseRefBlur?: () => void;
}) => (
  <>
    {/* React's onBlur bubbles (focusout), so the wrapper hears the input leave. */}
    <div onBlur={onCaseRefBlur}>
      <TextInput
        id={CASE_FIELDS.caseRef.id}
        label={CASE_FIELDS.caseRef.label}
        hint={CASE_REF_HINT}
        width={20}
        value={form.caseRef}
        error={errors.caseRef}
        onChange={(caseRef) => onChange({ caseRef })}
      />
    </div>
    <TextInput
      id={CASE_FIELDS.initials.id}
      label="Initials (optional)"
      hint="Only if they help you tell cases apart, for example JS"
      width={4}
      value={form.initials}
      error={errors.initials}
      onChange={(initials) => onChange({ initials })}
    />
    <div id={CASE_FIELDS.selection.id}>
      <Radios
        legend="Is this case tracked or sampled?"
        hint="Tracked cases are followed in depth with the professionals involved; sampled cases are read to test practice more widely."
        inline
        value={form.selection}
        error={errors.selection}
        options={options(CASE_SELECTIONS)}
        onChange={(selection) => onChange({ selection })}
      />
    </div>
    <Select
      id={CASE_FIELDS.ageBand.id}
      label="Age band"
      emptyLabel="Not set"
      value={form.ageBand}
      options={options(AGE_BANDS)}
      onChange={(ageBand) => onChange({ ageBand })}
    />
    <Select
      id={CASE_FIELDS.status.id}
      label="Current status"
      emptyLabel="Not set"
      value={form.status}
      options={options(CASE_STATUSES)}
      onChange={(status) => onChange({ status })}
    />
    <div id={CASE_FIELDS.outOfArea.id}>
      <Radios
        legend="Is the child placed out of the area?"
        inline
        value={form.outOfArea}
        options={[
          { value: 'yes', label: 'Yes, out of area' },
          { value: 'no', label: 'No, in the area' },
        ]}
        onChange={(v) => onChange({ outOfArea: v as CaseForm['outOfArea'] })}
      />
    </div>
    <Select
      id={CASE_FIELDS.assignedTo.id}
      label="Assigned inspector"
      emptyLabel="Not assigned"
      value={form.assignedTo}
      options={team.map((m) => ({ value: m.userId, label: m.name }))}
      onChange={(assignedTo) => onChange({ assignedTo })}
    />
    <div id={CASE_FIELDS.agencies.id}>
      <Checkboxes
        legend="Agencies involved"
        hint="Select all that apply"
        values={form.agencies}
        options={options(AGENCIES)}
        onChange={(agencies) => onChange({ agencies })}
      />
    </div>
  </>
);
