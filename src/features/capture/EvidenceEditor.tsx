import { useCallback, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  DELETED_CONFLICT_KEY,
  EVIDENCE_KINDS,
  isoAt,
  labelOf,
  type EvidenceFields,
} from '../../domain';
import { draftKeyOf, type LocalInspection, type LocalRow } from '../../db';
import { useFieldbook } from '../shared/fieldbook-context';
import { Button, ErrorSummary, Tag, Textarea } from '../shared/govuk';
import { useCaseRefs, useEditingGuard } from '../shared/hooks';
import { useAutosave } from '../shared/useAutosave';
import { writeErrorItems, type FieldRefs } from '../shared/write-errors';
import { ConflictNotice } from '../shared/conflicts';
import { describeValue, evidenceFieldLabel } from './describe-value';
import { DeleteEvidence } from './DeleteEvidence';
import { TaggingFields } from './EvidenceFields';
import type { Patch } from './fields-props';
import { kindForm } from './kind-forms';
import { ShadowingLines } from './ShadowingLines';
import { UnsavedGuard } from './UnsavedGuard';
import { WhenField } from './WhenField';
import { SaveStatus } from '../shared/SaveStatus';
import { RefusedNotice } from '../refused/RefusedNotice';
import { AutosavePromise } from '../shared/AutosavePromise';
import { useLeaseFlush, type FlushRef } from '../shared/LeasedEditor';

const FIELDS: FieldRefs = {
  text: { id: 'evidence-text', label: 'Notes' },
  role: { id: 'evidence-role', label: 'Practitioner role' },
  documentType: { id: 'evidence-document-type', label: 'Kind of document' },
};
const SHADOWING_FIELDS: FieldRefs = {
  ...FIELDS,
  text: { id: 'evidence-text', label: 'Summary' },
  lines: { id: 'new-line', label: 'Observation lines' },
};

/**
 * The editor for one piece of evidence. What the user types lives in component state, initialised
 * once from the row, so a live-query echo never replaces words under their fingers; every change
 * is written through the autosave (debounced, flushed on blur, route change and page hide).
 */
export const EvidenceEditor = ({
  row,
  inspection,
  flushRef,
}: {
  row: LocalRow<'evidence'>;
  inspection: LocalInspection;
  /** Lets the page write what is typed before another tab takes the note over. */
  flushRef?: FlushRef;
}) => {
  const { repo, clock } = useFieldbook();
  const navigate = useNavigate();
  const id = row.id;
  useEditingGuard(`evidence:${id}`);

  const draftRef = useRef<EvidenceFields>(row.fields);
  const [draft, setDraft] = useState<EvidenceFields>(row.fields);
  const [whenKey, setWhenKey] = useState(0);

  // The note as on screen goes too: should its inspection leave the device as it closes, the
  // refused page names it from this (S6a).
  const save = useCallback(
    (patch: Patch) =>
      repo.update('evidence', id, patch, {
        inspectionId: row.inspectionId,
        fields: draftRef.current,
      }),
    [repo, id, row.inspectionId],
  );
  const now = useCallback(() => clock.now(), [clock]);
  const autosave = useAutosave<Patch>(save, now);
  const { change, flush, cancel } = autosave;
  useLeaseFlush(flushRef, flush);

  const set = useCallback(
    (patch: Patch) => {
      draftRef.current = { ...draftRef.current, ...patch };
      setDraft(draftRef.current);
      change(patch);
    },
    [change],
  );

  const addLine = useCallback(
    (text: string) => {
      set({ lines: [...(draftRef.current.lines ?? []), { at: isoAt(clock), text }] });
      void flush(); // a stamped line is saved at once, not after the debounce
    },
    [clock, flush, set],
  );

  const { caseRefs } = useCaseRefs(inspection.id);
  const names = useMemo(
    () => ({
      cases: caseRefs,
      judgements: new Map(inspection.framework.judgements.map((j) => [j.id, j.title])),
    }),
    [caseRefs, inspection.framework.judgements],
  );

  const keep = async (field: string, value: unknown) => {
    await flush();
    await repo.resolve('evidence', id, field, value);
    if (field === DELETED_CONFLICT_KEY) return;
    draftRef.current = { ...draftRef.current, [field]: value };
    setDraft(draftRef.current);
    if (field === 'occurredAt') setWhenKey((k) => k + 1);
  };

  const remove = async () => {
    cancel();
    await repo.remove('evidence', id);
    navigate(`/i/${inspection.id}/evidence`, { replace: true });
  };

  const shadowing = draft.kind === 'shadowing-observation';
  const form = kindForm(draft.kind);
  const final = draft.status === 'final';
  const error = autosave.status.state === 'error' ? autosave.status.error : null;
  const tagging = (
    <TaggingFields
      draft={draft}
      set={set}
      framework={inspection.framework}
      inspectionId={inspection.id}
      evidenceId={id}
    />
  );
  const text = (
    <Textarea
      id="evidence-text"
      label={form.notes.label}
      hint={form.notes.hint}
      rows={shadowing ? 4 : 12}
      value={draft.text ?? ''}
      onChange={(v) => set({ text: v })}
    />
  );

  return (
    // In shadowing, room under the last control for the line bar fixed at the bottom edge.
    <div onBlur={() => void flush()} className={shadowing ? 'fb-shadowing' : undefined}>
      <span className="govuk-caption-l">{inspection.area}</span>
      <h1 className="govuk-heading-l govuk-!-margin-bottom-2">
        {labelOf(EVIDENCE_KINDS, draft.kind)}
      </h1>
      <div className="fb-editor-status">
        <Tag colour={final ? 'green' : 'grey'}>{final ? 'Final' : 'Draft'}</Tag>
        <SaveStatus status={autosave.status} className="govuk-body-s govuk-!-margin-0" />
      </div>
      <AutosavePromise />
      {error && (
        <div className="fb-save-error">
          {/* Not focused on purpose: the person is typing, and the words stay where they are. */}
          <ErrorSummary
            title="Your last change was not saved"
            errors={writeErrorItems(error, shadowing ? SHADOWING_FIELDS : FIELDS, true)}
          />
          <Button variant="secondary" onClick={() => void flush()}>
            Try saving again
          </Button>
        </div>
      )}
      <UnsavedGuard unsaved={error !== null} retry={flush} />
      <RefusedNotice entity="evidence" id={id} inspectionId={inspection.id} />
      <ConflictNotice
        entity="evidence"
        row={row}
        team={inspection.team}
        labelOf={evidenceFieldLabel}
        show={(field, value) => describeValue(field, value, names)}
        onKeep={keep}
      />
      <form onSubmit={(e) => e.preventDefault()} noValidate>
        {shadowing ? (
          <>
            <ShadowingLines
              lines={draft.lines ?? []}
              draftKey={draftKeyOf(row.inspectionId, 'shadowing-line', id)}
              onAdd={addLine}
              onChange={(lines) => set({ lines })}
              framework={inspection.framework}
              names={names}
            />
            <h2 className="govuk-heading-m govuk-!-margin-top-6">Tag this observation</h2>
            <WhenField key={whenKey} occurredAt={draft.occurredAt} set={set} />
            {tagging}
            {text}
          </>
        ) : (
          <>
            <WhenField key={whenKey} occurredAt={draft.occurredAt} set={set} />
            {text}
            {tagging}
          </>
        )}
      </form>
      <h2 className="govuk-heading-m">{final ? 'Final' : 'Draft'}</h2>
      <p className="govuk-body">
        {final
          ? 'This evidence is marked as final and ready for the lead inspector.'
          : 'Mark it as final when it is ready for the lead inspector.'}
      </p>
      <div className="govuk-button-group">
        <Button
          variant={final ? 'secondary' : 'primary'}
          onClick={() => {
            set({ status: final ? 'draft' : 'final' });
            void flush();
          }}
        >
          {final ? 'Return to draft' : 'Mark as final'}
        </Button>
      </div>
      <DeleteEvidence onDelete={remove} />
    </div>
  );
};
