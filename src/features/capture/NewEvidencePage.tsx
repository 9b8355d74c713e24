import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  EVIDENCE_KINDS,
  isoAt,
  isUuid,
  labelOf,
  type EvidenceFields,
  type EvidenceKind,
} from '../../domain';
import { useFieldbook } from '../shared/fieldbook-context';
import { Button, ErrorSummary, Radios } from '../shared/govuk';
import { useInspection } from '../shared/hooks';
import './capture.scss';
import { InspectionNotFound } from '../shared/NotFound';

/**
 * Step one of recording: choose the kind. The record is created as a draft the moment the kind
 * is chosen, and the editor opens on it, so not one keystroke goes into an unsaved form.
 */
export const NewEvidencePage = () => {
  const { inspectionId = '' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const { repo, clock } = useFieldbook();
  const inspection = useInspection(inspectionId);
  const [kind, setKind] = useState(search.get('kind') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);
  const caseId = search.get('caseId');

  const kinds = inspection?.framework.evidenceKinds ?? [];

  const start = useCallback(
    async (chosen: EvidenceKind) => {
      if (started.current) return;
      started.current = true;
      setBusy(true);
      try {
        const fields: EvidenceFields = {
          kind: chosen,
          occurredAt: isoAt(clock),
          status: 'draft',
          // The form shows "Official" chosen from the start, so it is stored from the start too.
          sensitivity: 'official',
          ...(isUuid(caseId) ? { caseIds: [caseId] } : {}),
        };
        const id = await repo.create('evidence', inspectionId, fields);
        navigate(`/i/${inspectionId}/evidence/${id}`, { replace: true });
      } catch (caught) {
        started.current = false;
        setBusy(false);
        setError(caught instanceof Error ? caught.message : String(caught));
      }
    },
    [caseId, clock, inspectionId, navigate, repo],
  );

  // A link that already names the kind (from a child's case, or "Start shadowing") starts at once.
  const preset = search.get('kind');
  useEffect(() => {
    if (inspection && preset && (inspection.framework.evidenceKinds as string[]).includes(preset))
      void start(preset as EvidenceKind);
  }, [inspection, preset, start]);

  if (inspection === undefined) return <p className="govuk-body">Loading…</p>;
  if (inspection === null) return <InspectionNotFound />;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!(kinds as string[]).includes(kind)) {
      setError('Select the kind of evidence');
      return;
    }
    void start(kind as EvidenceKind);
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        <ErrorSummary errors={error ? [{ href: '#kind', text: error }] : []} />
        <form onSubmit={submit} noValidate>
          <span className="govuk-caption-l">{inspection.area}</span>
          <h1 className="govuk-heading-l">Record evidence</h1>
          <div id="kind">
            <Radios
              legend="What kind of evidence is it?"
              hint="It is saved as a draft on this device as soon as you continue."
              error={error}
              value={kind}
              onChange={(v) => {
                setKind(v);
                setError(null);
              }}
              options={kinds.map((id) => ({
                value: id,
                label: labelOf(EVIDENCE_KINDS, id),
              }))}
            />
          </div>
          <Button type="submit" disabled={busy}>
            Continue
          </Button>
        </form>
      </div>
    </div>
  );
};
