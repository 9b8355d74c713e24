import { Link, useParams } from 'react-router';
import type { JourneysSummary } from '../../domain';
import { FastLinks } from '../shared/fast-links';
import { formatDate } from '../shared/format';
import { useJourneysSummary } from '../shared/journeys';
import { TAP_LINK } from '../shared/touch';
import { LateSteps } from './LateSteps';
import { PermanenceTable } from './PermanenceTable';
import { StepsTable } from './StepsTable';
import './journeys.scss';
import { InspectionNotFound } from '../shared/NotFound';

const children = (n: number) => `${n} ${n === 1 ? 'child' : 'children'}`;

/** The figures of every child's journey, rendered: the page's body, also timed by the bench. */
export const JourneysView = ({
  inspectionId,
  summary,
}: {
  inspectionId: string;
  summary: JourneysSummary;
}) => {
  const measured = summary.steps.filter((s) => s.children > 0);
  return (
    <FastLinks>
      <p className="govuk-body" data-testid="journeys-summary">
        {children(summary.children)} tracked or sampled, measured as of {formatDate(summary.asOf)}.
        Working days leave out weekends and England's bank holidays.
      </p>
      <section aria-labelledby="steps-heading" className="govuk-!-margin-bottom-8">
        <h2 className="govuk-heading-m" id="steps-heading">
          Steps against their timescales
        </h2>
        {measured.length === 0 ? (
          <p className="govuk-body">No step with a timescale is recorded yet.</p>
        ) : (
          <StepsTable steps={measured} caption="All children" testId="steps" />
        )}
        <details className="govuk-details fb-journeys-sources">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Where the timescales come from</span>
          </summary>
          <ul className="govuk-details__text govuk-list govuk-list--bullet govuk-body-s">
            {summary.steps.map((s) => (
              <li key={s.timescaleId}>
                {s.step}, {s.rule}: {s.source}
              </li>
            ))}
          </ul>
        </details>
      </section>
      <LateSteps inspectionId={inspectionId} summary={summary} />
      <section aria-labelledby="away-heading" className="govuk-!-margin-bottom-8">
        <h2 className="govuk-heading-m" id="away-heading">
          Children placed out of the area
        </h2>
        <p className="govuk-body" data-testid="out-of-area-figure">
          {summary.outOfArea.figure.text}.
        </p>
        {summary.outOfArea.cases.length > 0 && (
          <>
            <ul className="govuk-list" data-testid="out-of-area-children">
              {summary.outOfArea.cases.map((c) => (
                <li key={c.caseId}>
                  <a className={TAP_LINK} href={`/i/${inspectionId}/cases/${c.caseId}`}>
                    {c.caseRef}
                  </a>
                </li>
              ))}
            </ul>
            {summary.outOfArea.steps.some((s) => s.children > 0) && (
              <StepsTable
                steps={summary.outOfArea.steps.filter((s) => s.children > 0)}
                caption="Children placed out of the area"
                testId="away-steps"
              />
            )}
          </>
        )}
      </section>
      <PermanenceTable inspectionId={inspectionId} groups={summary.permanence} />
      {summary.gaps.length > 0 && (
        <section aria-labelledby="gaps-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="gaps-heading">
            Gaps in the records
          </h2>
          <ul className="govuk-list" data-testid="journey-gaps">
            {summary.gaps.map((g, i) => (
              <li key={i}>
                <a className={TAP_LINK} href={`/i/${inspectionId}/cases/${g.caseId}`}>
                  {g.caseRef}
                </a>
                <span className="govuk-body-s govuk-!-display-block">{g.text}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </FastLinks>
  );
};

/**
 * Every tracked and sampled child's journey at once, for the lead: each step against its
 * timescale, the late ones linked to the child, out-of-area placements as their own group and
 * permanence by route. Computed on the device from the live rows, so it works offline.
 */
export const JourneysPage = () => {
  const { inspectionId = '' } = useParams();
  const { inspection, summary } = useJourneysSummary(inspectionId);
  if (inspection === undefined) return <p className="govuk-body">Loading…</p>;
  if (inspection === null) return <InspectionNotFound />;
  return (
    <>
      <span className="govuk-caption-l">{inspection.area}</span>
      <h1 className="govuk-heading-l">Children's journeys</h1>
      <p className="govuk-body">
        Evidence by judgement area and agency is on{' '}
        <Link className="govuk-link" to={`/i/${inspectionId}/coverage`}>
          Coverage
        </Link>
        .
      </p>
      {!summary ? (
        <p className="govuk-body" role="status">
          Measuring the journeys…
        </p>
      ) : (
        <JourneysView inspectionId={inspectionId} summary={summary} />
      )}
    </>
  );
};
