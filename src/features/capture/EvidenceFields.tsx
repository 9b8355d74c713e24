import { useId } from 'react';
import { Link } from 'react-router';
import {
  AGE_BANDS,
  AGENCIES,
  EVALUATIONS,
  labelOf,
  SENSITIVITIES,
  type EvidenceFields,
  type Framework,
} from '../../domain';
import type { LocalRow } from '../../db';
import { Checkboxes, Radios, Select, TextInput } from '../shared/govuk';
import { useRows } from '../shared/hooks';
import { CrossRefs } from './CrossRefs';
import { kindForm } from './kind-forms';
import type { FieldsProps } from './fields-props';

const NOT_SET = '';

/**
 * Source of the evidence as its kind asks for it (kind-forms.ts): the agency, the people by role
 * only (§2.3), and for a document review the kind of document.
 */
export const SourceFields = ({ draft, set }: FieldsProps) => {
  const form = kindForm(draft.kind);
  if (!form.agency && !form.role && !form.documentType) return null;
  return (
    <div className="fb-field-pair">
      {form.documentType && (
        <TextInput
          id="evidence-document-type"
          label="Kind of document"
          hint="For example ‘Audit of strategy discussions’ or ‘Contacts and referrals data’"
          value={draft.documentType ?? ''}
          onChange={(v) => set({ documentType: v === '' ? null : v })}
        />
      )}
      {form.agency && (
        <Select
          label={form.agency.label}
          hint={form.agency.hint}
          value={draft.agency ?? NOT_SET}
          emptyLabel="Not set"
          options={AGENCIES.map((a) => ({ value: a.id, label: a.label }))}
          onChange={(v) => set({ agency: v === NOT_SET ? null : (v as EvidenceFields['agency']) })}
        />
      )}
      {form.role && (
        <TextInput
          id="evidence-role"
          label={form.role.label}
          hint={form.role.hint}
          value={draft.role ?? ''}
          onChange={(v) => set({ role: v === '' ? null : v })}
        />
      )}
    </div>
  );
};

const caseLabel = (row: LocalRow<'childCase'>): string => {
  const { caseRef, initials, ageBand } = row.fields;
  const extra = [initials, ageBand ? `age ${labelOf(AGE_BANDS, ageBand)}` : null].filter(Boolean);
  return extra.length ? `${caseRef} (${extra.join(', ')})` : caseRef;
};

/** Child cases this evidence is about, by the authority's own reference (never a name). */
export const CaseLinks = ({ draft, set, inspectionId }: FieldsProps & { inspectionId: string }) => {
  const cases = useRows('childCase', inspectionId);
  if (cases === undefined) return null;
  const linked = draft.caseIds ?? [];
  if (cases.length === 0)
    return (
      <div className="govuk-form-group">
        <h3 className="govuk-heading-s">Linked child cases</h3>
        <p className="govuk-body">
          No child cases recorded yet.{' '}
          <Link className="govuk-link fb-inline-touch" to={`/i/${inspectionId}/cases/new`}>
            Add a child case
          </Link>
        </p>
      </div>
    );
  const sorted = [...cases].sort((a, b) => a.fields.caseRef.localeCompare(b.fields.caseRef));
  return (
    <Checkboxes
      legend="Linked child cases"
      hint="Select every child this evidence is about"
      small
      values={linked}
      options={sorted.map((c) => ({ value: c.id, label: caseLabel(c) }))}
      onChange={(ids) => set({ caseIds: ids.length ? ids : null })}
    />
  );
};

/** The inspection's judgement tree; a sub-judgement sits indented under its parent. */
export const JudgementAreas = ({
  draft,
  set,
  framework,
}: FieldsProps & { framework: Framework }) => {
  const id = useId();
  const chosen = draft.judgementIds ?? [];
  const toggle = (jid: string) => {
    const next = chosen.includes(jid) ? chosen.filter((x) => x !== jid) : [...chosen, jid];
    set({ judgementIds: next.length ? next : null });
  };
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset" aria-describedby={`${id}-hint`}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
          Judgement areas
        </legend>
        <div id={`${id}-hint`} className="govuk-hint">
          Select every area this evidence speaks to. Under each, prompts of what to look for.
        </div>
        <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
          {framework.judgements.map((j) => {
            const parent = j.parentId
              ? framework.judgements.find((p) => p.id === j.parentId)
              : undefined;
            return (
              <div
                key={j.id}
                className={`govuk-checkboxes__item${parent ? ' fb-checkbox--child' : ''}`}
              >
                <input
                  className="govuk-checkboxes__input"
                  id={`${id}-${j.id}`}
                  aria-describedby={j.prompts?.length ? `${id}-${j.id}-hint` : undefined}
                  type="checkbox"
                  checked={chosen.includes(j.id)}
                  onChange={() => toggle(j.id)}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={`${id}-${j.id}`}>
                  {j.title}
                  {parent && (
                    <span className="govuk-visually-hidden">, part of {parent.title}</span>
                  )}
                </label>
                {j.prompts && j.prompts.length > 0 && (
                  <div id={`${id}-${j.id}-hint`} className="govuk-hint govuk-checkboxes__hint">
                    <span className="govuk-visually-hidden">What to look for: </span>
                    <ul className="govuk-list govuk-list--bullet govuk-body-s govuk-!-margin-0 fb-prompts">
                      {j.prompts.map((prompt) => (
                        <li key={prompt}>{prompt}</li>
                      ))}
                    </ul>
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
};

export const EvaluationField = ({ draft, set }: FieldsProps) => (
  <Radios
    legend="Evaluation"
    small
    value={draft.evaluation ?? NOT_SET}
    options={[
      ...EVALUATIONS.map((e) => ({ value: e.id, label: e.label })),
      { value: NOT_SET, label: 'Not evaluated yet' },
    ]}
    onChange={(v) =>
      set({ evaluation: v === NOT_SET ? null : (v as EvidenceFields['evaluation']) })
    }
  />
);

export const SensitivityField = ({ draft, set }: FieldsProps) => (
  <Radios
    legend="Sensitivity"
    hint="Official-sensitive limits who may see it once it is shared"
    small
    inline
    // Only what is stored shows as chosen: new evidence is created "Official" (NewEvidencePage).
    value={draft.sensitivity ?? ''}
    options={SENSITIVITIES.map((s) => ({ value: s.id, label: s.label }))}
    onChange={(v) => set({ sensitivity: v as EvidenceFields['sensitivity'] })}
  />
);

/** Every field that tags a piece of evidence; in shadowing mode, filled in afterwards. */
export const TaggingFields = ({
  draft,
  set,
  framework,
  inspectionId,
  evidenceId,
}: FieldsProps & { framework: Framework; inspectionId: string; evidenceId: string }) => (
  <>
    <SourceFields draft={draft} set={set} />
    {kindForm(draft.kind).cases && (
      <CaseLinks draft={draft} set={set} inspectionId={inspectionId} />
    )}
    <JudgementAreas draft={draft} set={set} framework={framework} />
    <EvaluationField draft={draft} set={set} />
    <SensitivityField draft={draft} set={set} />
    <CrossRefs draft={draft} set={set} inspectionId={inspectionId} evidenceId={evidenceId} />
  </>
);
