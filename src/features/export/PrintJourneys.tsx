import type { JourneysSummary } from '../../domain';
import { formatDate } from '../shared/format';
import { StepsTable } from '../journeys/StepsTable';

/** The children's journeys against the timescales, as the Journeys screen shows them, for paper. */
export const PrintJourneys = ({ journeys }: { journeys: JourneysSummary }) => {
  const measured = journeys.steps.filter((s) => s.children > 0);
  const away = journeys.outOfArea.steps.filter((s) => s.children > 0);
  return (
    <section
      className="fb-record__part"
      aria-labelledby="record-journeys"
      data-testid="record-journeys"
    >
      <h2 className="govuk-heading-l" id="record-journeys">
        Children's journeys against the timescales
      </h2>
      <p className="govuk-body">
        Measured as of {formatDate(journeys.asOf)}; working days leave out weekends and England's
        bank holidays.
      </p>
      {measured.length === 0 ? (
        <p className="govuk-body">No step with a timescale is recorded.</p>
      ) : (
        <StepsTable steps={measured} caption="All children" testId="record-steps" />
      )}
      <h3 className="govuk-heading-m">Late and overdue steps</h3>
      {measured.every((s) => s.lateSteps.length === 0) ? (
        <p className="govuk-body">None.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet" data-testid="record-late-steps">
          {measured.flatMap((s) =>
            s.lateSteps.map((late, i) => (
              <li key={`${s.timescaleId}-${i}`}>
                <strong>{late.caseRef}</strong>: {late.text}
              </li>
            )),
          )}
        </ul>
      )}
      <h3 className="govuk-heading-m">Children placed out of the area</h3>
      <p className="govuk-body" data-testid="record-out-of-area">
        {journeys.outOfArea.figure.text}
        {journeys.outOfArea.cases.length > 0 &&
          `: ${journeys.outOfArea.cases.map((c) => c.caseRef).join(', ')}`}
        .
      </p>
      {away.length > 0 && (
        <StepsTable steps={away} caption="Children placed out of the area" testId="record-away" />
      )}
      <h3 className="govuk-heading-m">Permanence by route</h3>
      {journeys.permanence.length === 0 ? (
        <p className="govuk-body">No child's permanence is recorded.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet">
          {journeys.permanence.map((p) => (
            <li key={p.route}>{p.figure.text}</li>
          ))}
        </ul>
      )}
      {journeys.gaps.length > 0 && (
        <>
          <h3 className="govuk-heading-m">Gaps in the records</h3>
          <ul className="govuk-list govuk-list--bullet">
            {journeys.gaps.map((g, i) => (
              <li key={i}>
                <strong>{g.caseRef}</strong>: {g.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
};
