import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useInspection, useKept, useRows } from '../shared/hooks';
import { useTeamRole } from '../shared/useTeamRole';
import { CoverageMatrix } from './CoverageMatrix';
import { coverageMemoKey, createCoverageMemo } from './coverage-model';
import { ChildrenCoverage, InspectorDays } from './coverage-parts';
import { useCoverageTargets } from './targets';
import './coverage.scss';
import { InspectionNotFound } from '../shared/NotFound';
import { SyncStoppedWarning } from '../shared/SyncStopped';

const summary = (evidence: number, children: number) =>
  `${evidence} ${evidence === 1 ? 'piece' : 'pieces'} of evidence, ${children} ${
    children === 1 ? 'child' : 'children'
  }.`;

/**
 * Where the evidence is thin: judgement areas × agencies, children against the lead's targets,
 * and evidence per inspector per day. Everything is computed on the device from the live rows.
 */
export const CoveragePage = () => {
  const { inspectionId = '' } = useParams();
  const inspection = useInspection(inspectionId);
  const evidence = useRows('evidence', inspectionId);
  const cases = useRows('childCase', inspectionId);
  const role = useTeamRole(inspection);
  const { targets, save } = useCoverageTargets(inspectionId);

  // Worked out once per change of the rows, not per opening: Coverage opened again shows at once.
  const buildCoverage = useKept(coverageMemoKey(inspectionId), createCoverageMemo);
  const model = useMemo(
    () =>
      inspection && evidence && cases
        ? buildCoverage({
            framework: inspection.framework,
            evidence,
            cases,
            team: inspection.team,
          })
        : undefined,
    [buildCoverage, inspection, evidence, cases],
  );

  if (inspection === undefined) return <p className="govuk-body">Loading…</p>;
  if (inspection === null) return <InspectionNotFound />;

  return (
    <>
      <span className="govuk-caption-l">{inspection.area}</span>
      <h1 className="govuk-heading-l">Coverage</h1>
      <SyncStoppedWarning />
      {!model || !targets ? (
        <p className="govuk-body" role="status">
          Counting evidence…
        </p>
      ) : (
        <>
          <p className="govuk-body" data-testid="coverage-summary">
            {summary(model.evidenceCount, model.children.tracked + model.children.sampled)}
          </p>
          <p className="govuk-body">
            How long each child's steps took against their timescales is on{' '}
            <Link className="govuk-link" to={`/i/${inspectionId}/journeys`}>
              the children's journeys
            </Link>
            .
          </p>
          <CoverageMatrix inspectionId={inspectionId} model={model} />
          <ChildrenCoverage
            inspectionId={inspectionId}
            model={model}
            targets={targets}
            canEdit={role === 'lead'}
            onSaveTargets={save}
          />
          <InspectorDays model={model} />
        </>
      )}
    </>
  );
};
