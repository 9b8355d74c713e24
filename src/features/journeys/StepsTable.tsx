import type { StepSummary } from '../../domain';

/** For each timescale: how many children, the median time and how many late. Four columns fit 768 px. */
export const StepsTable = ({
  steps,
  caption,
  testId,
}: {
  steps: readonly StepSummary[];
  caption: string;
  testId: string;
}) => (
  <table className="govuk-table govuk-!-font-size-16 fb-journeys-table" data-testid={testId}>
    <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
    <thead className="govuk-table__head">
      <tr className="govuk-table__row">
        <th scope="col" className="govuk-table__header">
          Step
        </th>
        <th scope="col" className="govuk-table__header govuk-table__header--numeric">
          Children
        </th>
        <th scope="col" className="govuk-table__header govuk-table__header--numeric">
          Median time
        </th>
        <th scope="col" className="govuk-table__header govuk-table__header--numeric">
          Late
        </th>
      </tr>
    </thead>
    <tbody className="govuk-table__body">
      {steps.map((s) => (
        <tr
          className="govuk-table__row"
          key={s.timescaleId}
          data-testid={`${testId}-${s.timescaleId}`}
        >
          <th scope="row" className="govuk-table__header">
            {s.step}
            <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 fb-journeys-rule">
              {s.rule}
            </span>
          </th>
          <td className="govuk-table__cell govuk-table__cell--numeric">{s.children}</td>
          <td className="govuk-table__cell govuk-table__cell--numeric">{s.medianText ?? '—'}</td>
          <td className="govuk-table__cell govuk-table__cell--numeric">
            {s.late}
            {s.overdue > 0 && (
              <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                {s.overdue} not recorded
              </span>
            )}
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);
