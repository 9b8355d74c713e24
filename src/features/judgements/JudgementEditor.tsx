import { useEffect, useMemo, useRef } from 'react';
import type { LocalInspection, LocalRow } from '../../db';
import {
  isoAt,
  JUDGEMENT_STATES,
  labelOf,
  type CitedFigure,
  type JourneyFigure,
  type JourneysSummary,
  type JudgementDraftFields,
} from '../../domain';
import { ConflictNotice } from '../shared/conflicts';
import { useFieldbook } from '../shared/fieldbook-context';
import { Radios, Textarea } from '../shared/govuk';
import { useEditingGuard } from '../shared/hooks';
import { SaveStatus } from '../shared/SaveStatus';
import { useRecordForm } from '../shared/useRecordForm';
import { FocusedErrorSummary, writeErrorItems, type FieldRefs } from '../shared/write-errors';
import { CitedEvidence } from './CitedEvidence';
import { CitedFigures, FigurePicker } from './CitedFigures';
import { gradeLabel } from './drafts';
import { EvidencePicker } from './EvidencePicker';
import { RefusedNotice } from '../refused/RefusedNotice';
import { AutosavePromise } from '../shared/AutosavePromise';
import { useLeaseFlush, type FlushRef } from '../shared/LeasedEditor';

type Draft = LocalRow<'judgementDraft'>;
type Evidence = LocalRow<'evidence'>;
type State = JudgementDraftFields['state'];

export type JudgementForm = {
  grade: string;
  rationale: string;
  evidenceIds: string[];
  state: State;
  figures: CitedFigure[];
};

const FIELDS: FieldRefs = {
  grade: { id: 'judgement-grade', label: 'Grade' },
  rationale: { id: 'judgement-rationale', label: 'Rationale' },
  evidenceIds: { id: 'picker-heading', label: 'Evidence' },
  state: { id: 'judgement-state', label: 'State' },
  figures: { id: 'figures-heading', label: 'Journey figures' },
};

export const FIELD_LABELS: Record<string, string> = {
  grade: 'Grade',
  rationale: 'Rationale',
  evidenceIds: 'Evidence cited',
  state: 'State',
  figures: 'Journey figures cited',
};

const toForm = (draft: Draft | undefined): JudgementForm => ({
  grade: draft?.fields.grade ?? '',
  rationale: draft?.fields.rationale ?? '',
  evidenceIds: draft?.fields.evidenceIds ?? [],
  state: draft?.fields.state ?? 'draft',
  figures: draft?.fields.figures ?? [],
});

/** Blank means "not set" on the wire (null), never an empty grade the server would refuse. */
const toFields = (patch: Partial<JudgementForm>): Partial<JudgementDraftFields> => {
  const fields: Partial<JudgementDraftFields> = {};
  if ('grade' in patch) fields.grade = patch.grade || null;
  if ('rationale' in patch) fields.rationale = patch.rationale || null;
  if ('evidenceIds' in patch) fields.evidenceIds = patch.evidenceIds;
  if ('state' in patch) fields.state = patch.state;
  if ('figures' in patch) fields.figures = patch.figures;
  return fields;
};

/**
 * The lead's draft of one judgement: grade, rationale, cited evidence and state, each saved as it
 * changes. The draft row is created on the first change, so opening an area writes nothing.
 */
export const JudgementEditor = ({
  inspection,
  judgementId,
  draft,
  evidence,
  caseRefs,
  journeys,
  flushRef,
}: {
  inspection: LocalInspection;
  judgementId: string;
  draft: Draft | undefined;
  evidence: readonly Evidence[];
  caseRefs: ReadonlyMap<string, string>;
  /** The children's journeys as they stand, for figures to cite; undefined while measuring. */
  journeys: JourneysSummary | undefined;
  /** Lets the page write what is typed before another tab takes the draft over. */
  flushRef?: FlushRef;
}) => {
  useEditingGuard(`judgement-${judgementId}`);
  const { repo, clock } = useFieldbook();
  // Writes go to the draft on screen. Until the first write lands there is none; and if an older
  // draft of this area arrives from another device, it becomes the one shown, so writes follow it.
  const draftId = useRef(draft?.id);
  useEffect(() => {
    if (draft) draftId.current = draft.id;
  }, [draft]);

  const { form, set, status, flush } = useRecordForm<JudgementForm>(
    toForm(draft),
    async (patch) => {
      const fields = toFields(patch);
      if (draftId.current) {
        await repo.update('judgementDraft', draftId.current, fields, draft);
        return;
      }
      draftId.current = await repo.create('judgementDraft', inspection.id, {
        judgementId,
        state: 'draft',
        ...fields,
      });
    },
    () => clock.now(),
  );
  useLeaseFlush(flushRef, flush);

  const byId = useMemo(() => new Map(evidence.map((e) => [e.id, e])), [evidence]);
  const toggle = (id: string) =>
    set({
      evidenceIds: form.evidenceIds.includes(id)
        ? form.evidenceIds.filter((x) => x !== id)
        : [...form.evidenceIds, id],
    });
  const { framework } = inspection;
  const currentFigures = useMemo(
    () => new Map((journeys?.figures ?? []).map((f) => [f.key, f])),
    [journeys],
  );
  const cite = (figure: JourneyFigure) =>
    set({
      figures: [
        ...form.figures,
        // Frozen as it reads now: the judgement must show what the team saw when it decided.
        { ...figure, asOf: journeys!.asOf, citedAt: isoAt(clock) },
      ],
    });

  return (
    <>
      <FocusedErrorSummary
        errors={status.state === 'error' ? writeErrorItems(status.error, FIELDS, true) : []}
      />
      {draft && (
        <RefusedNotice entity="judgementDraft" id={draft.id} inspectionId={inspection.id} />
      )}
      {draft && (
        <ConflictNotice
          entity="judgementDraft"
          row={draft}
          team={inspection.team}
          labelOf={(field) => FIELD_LABELS[field] ?? field}
          show={(field, value) =>
            field === 'grade'
              ? gradeLabel(framework, value as string | null)
              : field === 'state'
                ? labelOf(JUDGEMENT_STATES, value as string)
                : field === 'figures' && Array.isArray(value)
                  ? `${value.length} journey figures`
                  : Array.isArray(value)
                    ? `${value.length} pieces of evidence`
                    : String(value ?? 'Not set')
          }
        />
      )}
      <SaveStatus status={status} errorAtTop testId="judgement-save-status" />
      <AutosavePromise />
      {framework.gradeScale.length > 0 && (
        <div id={FIELDS.grade!.id}>
          <Radios
            legend="Grade"
            value={form.grade}
            options={[
              ...framework.gradeScale.map((g) => ({ value: g.id, label: g.label })),
              { value: '', label: 'Not graded yet' },
            ]}
            onChange={(grade) => set({ grade })}
          />
        </div>
      )}
      <div id={FIELDS.state!.id}>
        <Radios
          legend="State of this judgement"
          hint="Draft, then agreed by the team, then moderated, then final"
          value={form.state}
          options={JUDGEMENT_STATES.map((s) => ({ value: s.id, label: s.label }))}
          onChange={(state) => set({ state: state as State })}
        />
      </div>
      <Textarea
        id={FIELDS.rationale!.id}
        label="Rationale"
        hint="Why this grade: the strengths and weaknesses the evidence shows"
        rows={10}
        value={form.rationale}
        onChange={(rationale) => set({ rationale })}
      />
      <section aria-labelledby="cited-heading" className="govuk-!-margin-bottom-6">
        <h2 className="govuk-heading-m" id="cited-heading">
          Evidence cited ({form.evidenceIds.length})
        </h2>
        <CitedEvidence
          inspectionId={inspection.id}
          ids={form.evidenceIds}
          byId={byId}
          onRemove={toggle}
        />
      </section>
      <section aria-labelledby={FIELDS.figures!.id} className="govuk-!-margin-bottom-6">
        <h2 className="govuk-heading-m" id={FIELDS.figures!.id}>
          Journey figures cited ({form.figures.length})
        </h2>
        <CitedFigures
          cited={form.figures}
          current={currentFigures}
          onRemove={(key) => set({ figures: form.figures.filter((f) => f.key !== key) })}
        />
        {journeys && (
          <FigurePicker
            figures={journeys.figures}
            citedKeys={form.figures.map((f) => f.key)}
            onCite={cite}
          />
        )}
      </section>
      <EvidencePicker
        inspection={inspection}
        judgementId={judgementId}
        evidence={evidence}
        caseRefs={caseRefs}
        chosen={form.evidenceIds}
        onToggle={toggle}
      />
    </>
  );
};
