import type { PermanenceGroup } from '../../domain';
import { TAP_LINK } from '../shared/touch';

/** How looked after children reached permanence: each route, how many, the median time from entering care. */
export const PermanenceTable = ({
  inspectionId,
  groups,
}: {
  inspectionId: string;
  groups: readonly PermanenceGroup[];
}) => (
  <section aria-labelledby="permanence-heading" className="govuk-!-margin-bottom-8">
    <h2 className="govuk-heading-m" id="permanence-heading">
      Permanence by route
    </h2>
    {groups.length === 0 ? (
      <p className="govuk-body">No child's permanence is recorded yet.</p>
    ) : (
      <table
        className="govuk-table govuk-!-font-size-16 fb-journeys-table"
        data-testid="permanence"
      >
        <caption className="govuk-table__caption govuk-visually-hidden">
          Children who reached permanence, by route
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Route
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Children
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Median time from entering care
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {groups.map((g) => (
            <tr
              className="govuk-table__row"
              key={g.route}
              data-testid={`permanence-${g.route || 'not-recorded'}`}
            >
              <th scope="row" className="govuk-table__header">
                {g.label}
                <span className="govuk-!-display-block govuk-!-font-weight-regular">
                  {g.cases.map((c, i) => (
                    <span key={c.caseId}>
                      {i > 0 && ' '}
                      <a className={TAP_LINK} href={`/i/${inspectionId}/cases/${c.caseId}`}>
                        {c.caseRef}
                      </a>
                    </span>
                  ))}
                </span>
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{g.children}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {g.medianText ?? 'Entering care not recorded'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
);
