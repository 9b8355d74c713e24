import { useState } from 'react';
import type { JourneysSummary, StepSummary } from '../../domain';
import { TAP_LINK } from '../shared/touch';

/**
 * A step's late list is open when it reads at a glance; a longer one (a big sample) is rendered
 * on the first tap, so the screen opens fast with 500 children (goal ≤ 300 ms, `npm run bench`).
 */
const OPEN_UP_TO_LATE_STEPS = 20;

const LateGroup = ({ inspectionId, step }: { inspectionId: string; step: StepSummary }) => {
  const [open, setOpen] = useState(step.lateSteps.length <= OPEN_UP_TO_LATE_STEPS);
  const n = step.lateSteps.length;
  return (
    <details
      className="govuk-details fb-journeys-sources govuk-!-margin-bottom-4"
      data-testid={`late-${step.timescaleId}`}
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          {step.step}: {n} late or overdue
        </span>
      </summary>
      <div className="govuk-details__text">
        {open && (
          <ul className="govuk-list">
            {step.lateSteps.map((late, i) => (
              <li key={i}>
                <a className={TAP_LINK} href={`/i/${inspectionId}/cases/${late.caseId}`}>
                  {late.caseRef}
                </a>
                <span className="govuk-body-s govuk-!-display-block">
                  {late.status === 'overdue' ? 'Overdue: ' : 'Late: '}
                  {late.text}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
};

/** Each late or overdue step, grouped by step, each a link to the child. */
export const LateSteps = ({
  inspectionId,
  summary,
}: {
  inspectionId: string;
  summary: JourneysSummary;
}) => {
  const withLate = summary.steps.filter((s) => s.lateSteps.length > 0);
  return (
    <section aria-labelledby="late-heading" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="late-heading">
        Late and overdue steps
      </h2>
      {withLate.length === 0 && (
        <p className="govuk-body">No step has missed its timescale as the records stand.</p>
      )}
      {withLate.map((s) => (
        <LateGroup key={s.timescaleId} inspectionId={inspectionId} step={s} />
      ))}
    </section>
  );
};
