import { useCallback, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { listRows, type LocalInspection, type LocalRow } from '../../db';
import { JUDGEMENT_STATES, labelOf, type JourneysSummary } from '../../domain';
import { SummaryList, Tag } from '../shared/govuk';
import { useInspection, useRows, useCaseRefs } from '../shared/hooks';
import { TAP_LINK } from '../shared/touch';
import { useTeamRole } from '../shared/useTeamRole';
import { useJourneysSummary } from '../shared/journeys';
import { CitedEvidence } from './CitedEvidence';
import { CitedFigures } from './CitedFigures';
import { draftsByJudgement, gradeLabel, STATE_COLOURS } from './drafts';
import { JudgementEditor } from './JudgementEditor';
import { RefusedNotice } from '../refused/RefusedNotice';
import { useFieldbook } from '../shared/fieldbook-context';
import { LeasedEditor } from '../shared/LeasedEditor';
import './judgements.scss';
import { InspectionNotFound, NotFound } from '../shared/NotFound';

const ReadOnlyJudgement = ({
  inspection,
  draft,
  evidence,
  journeys,
}: {
  inspection: LocalInspection;
  draft: LocalRow<'judgementDraft'> | undefined;
  evidence: readonly LocalRow<'evidence'>[];
  journeys: JourneysSummary | undefined;
}) => {
  const byId = useMemo(() => new Map(evidence.map((e) => [e.id, e])), [evidence]);
  const current = useMemo(
    () => new Map((journeys?.figures ?? []).map((f) => [f.key, f])),
    [journeys],
  );
  if (!draft)
    return <p className="govuk-body">The lead inspector has not started this judgement yet.</p>;
  const graded = inspection.framework.gradeScale.length > 0;
  return (
    <>
      <SummaryList
        rows={[
          ...(graded
            ? [{ key: 'Grade', value: gradeLabel(inspection.framework, draft.fields.grade) }]
            : []),
          {
            key: 'State',
            value: (
              <Tag colour={STATE_COLOURS[draft.fields.state]}>
                {labelOf(JUDGEMENT_STATES, draft.fields.state)}
              </Tag>
            ),
          },
          {
            key: 'Rationale',
            value: (
              <span className="fb-pre-wrap">{draft.fields.rationale || 'Not written yet'}</span>
            ),
          },
        ]}
      />
      <h2 className="govuk-heading-m">Evidence cited ({draft.fields.evidenceIds?.length ?? 0})</h2>
      <CitedEvidence
        inspectionId={inspection.id}
        ids={draft.fields.evidenceIds ?? []}
        byId={byId}
      />
      <h2 className="govuk-heading-m">
        Journey figures cited ({draft.fields.figures?.length ?? 0})
      </h2>
      <CitedFigures cited={draft.fields.figures ?? []} current={current} />
    </>
  );
};

/**
 * One judgement area's draft. The lead edits it (S8: the server refuses anyone else's change);
 * everyone else on the team reads it.
 */
export const JudgementPage = () => {
  const { inspectionId = '', judgementId = '' } = useParams();
  const inspection = useInspection(inspectionId);
  const drafts = useRows('judgementDraft', inspectionId);
  const evidence = useRows('evidence', inspectionId);
  const { cases, caseRefs } = useCaseRefs(inspectionId);
  const role = useTeamRole(inspection);
  const { summary: journeys } = useJourneysSummary(inspectionId);
  const { db } = useFieldbook();
  const readDraft = useCallback(
    async () =>
      draftsByJudgement(await listRows(db, 'judgementDraft', inspectionId)).get(judgementId),
    [db, inspectionId, judgementId],
  );

  if (inspection === undefined || !drafts || !evidence || !cases || role === undefined)
    return <p className="govuk-body">Loading…</p>;
  if (inspection === null) return <InspectionNotFound />;
  const judgement = inspection.framework.judgements.find((j) => j.id === judgementId);
  if (!judgement)
    return (
      <NotFound
        thing="judgement area"
        back={{ to: `/i/${inspection.id}/judgements`, label: 'See all judgement areas' }}
      />
    );
  const parent = inspection.framework.judgements.find((j) => j.id === judgement.parentId);
  const draft = draftsByJudgement(drafts).get(judgementId);
  // What everyone but the lead sees, and what the lead sees while another device holds the lease.
  const readOnly = (
    <ReadOnlyJudgement
      inspection={inspection}
      draft={draft}
      evidence={evidence}
      journeys={journeys}
    />
  );

  return (
    <>
      <Link className={TAP_LINK} to={`/i/${inspectionId}/judgements`}>
        All judgements
      </Link>
      <span className="govuk-caption-l">
        {parent ? `Judgement · part of ${parent.title}` : 'Judgement'}
      </span>
      <h1 className="govuk-heading-l">{judgement.title}</h1>
      {role === 'lead' ? (
        // Keyed by area: the draft may not exist yet, and is made by the first change.
        <LeasedEditor
          leaseKey={`judgementDraft:${inspectionId}:${judgementId}`}
          what="judgement"
          live={draft}
          read={readDraft}
          readOnly={(banner) => (
            <>
              {banner}
              {readOnly}
            </>
          )}
        >
          {({ stored, key, flushRef }) => (
            <JudgementEditor
              key={key}
              inspection={inspection}
              judgementId={judgementId}
              draft={stored}
              evidence={evidence}
              caseRefs={caseRefs}
              journeys={journeys}
              flushRef={flushRef}
            />
          )}
        </LeasedEditor>
      ) : (
        <>
          <p className="govuk-inset-text">Only the lead inspector can change judgements.</p>
          {/* A lead's change refused after they stopped being the lead shows here too. */}
          {draft && (
            <RefusedNotice entity="judgementDraft" id={draft.id} inspectionId={inspection.id} />
          )}
          {readOnly}
        </>
      )}
    </>
  );
};
