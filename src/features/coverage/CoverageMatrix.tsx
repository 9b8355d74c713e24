import { Fragment } from 'react';
import { Link } from 'react-router';
import { paramsFromFilter } from '../evidence-list/filter-params';
import { WarningText } from '../shared/govuk';
import type { CoverageModel, Counts } from './coverage-model';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The evaluation split in a cell: short on screen, whole words for a screen reader. */
const Split = ({ counts }: { counts: Counts }) => {
  const short = [
    counts.strength > 0 && `${counts.strength} S`,
    counts.improvement > 0 && `${counts.improvement} I`,
    counts.priority > 0 && `${counts.priority} P`,
  ].filter(Boolean);
  if (short.length === 0) return null;
  const words = [
    counts.strength > 0 && plural(counts.strength, 'strength', 'strengths'),
    counts.improvement > 0 &&
      plural(counts.improvement, 'area for improvement', 'areas for improvement'),
    counts.priority > 0 && plural(counts.priority, 'priority action', 'priority actions'),
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <span className="fb-coverage__split">
      <span aria-hidden="true">{short.join(' · ')}</span>
      <span className="govuk-visually-hidden">{words}</span>
    </span>
  );
};

/** The evidence list, filtered to what a cell counts: one tap from a number to the notes behind it. */
const listLink = (inspectionId: string, judgementId?: string, agency?: string) =>
  `/i/${inspectionId}/evidence?${paramsFromFilter({
    judgementIds: judgementId ? [judgementId] : [],
    agencies: agency ? [agency] : [],
  }).toString()}`;

const Cell = ({ counts, to, about }: { counts: Counts; to: string; about: string }) =>
  counts.total === 0 ? (
    <td className="govuk-table__cell govuk-table__cell--numeric fb-coverage__gap">None</td>
  ) : (
    <td className="govuk-table__cell govuk-table__cell--numeric">
      <Link className="govuk-link fb-coverage__total" to={to}>
        {counts.total}
        <span className="govuk-visually-hidden">
          {' '}
          {counts.total === 1 ? 'piece' : 'pieces'} of evidence {about}
        </span>
      </Link>
      <Split counts={counts} />
    </td>
  );

/**
 * Judgement areas × agencies. Rows are the framework's judgement areas (sub-judgements indented);
 * the totals and the gaps in words come first, so they are on screen on a portrait tablet, then
 * the key agencies and any other agency with evidence, scrolling inside their own region (the
 * page itself never scrolls sideways) beside the sticky judgement-area column. An empty cell says "None" and a
 * judgement area's gaps are spelled out, so nothing depends on colour alone.
 */
export const CoverageMatrix = ({
  inspectionId,
  model,
}: {
  inspectionId: string;
  model: CoverageModel;
}) => (
  <section aria-labelledby="matrix-heading" className="govuk-!-margin-bottom-8">
    <h2 className="govuk-heading-m" id="matrix-heading">
      Evidence by judgement area and agency
    </h2>
    <p className="govuk-body-s" id="matrix-key">
      Each cell: pieces of evidence, then S strengths, I areas for improvement, P areas for priority
      action. “None” marks a gap. The judgement areas stay in view while the agencies scroll
      sideways inside the table.
    </p>
    <div
      className="fb-table-scroll"
      role="region"
      aria-labelledby="matrix-caption"
      aria-describedby="matrix-key"
      tabIndex={0}
    >
      <table className="govuk-table govuk-!-font-size-16 fb-coverage" data-testid="coverage-matrix">
        <caption className="govuk-table__caption govuk-visually-hidden" id="matrix-caption">
          Evidence by judgement area (rows): all agencies, gaps, then each agency (columns)
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header fb-coverage__corner">
              Judgement area
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              All agencies
            </th>
            <th scope="col" className="govuk-table__header fb-coverage__gaps">
              Gaps
            </th>
            {model.agencies.map((a) => (
              <th
                key={a.id}
                scope="col"
                className="govuk-table__header govuk-table__header--numeric"
              >
                {a.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {model.rows.map((row) => (
            <tr className="govuk-table__row" key={row.id} data-testid={`coverage-row-${row.id}`}>
              <th
                scope="row"
                className={`govuk-table__header fb-coverage__area${row.depth > 0 ? ' fb-coverage__area--sub' : ''}`}
              >
                {row.depth > 0 && <span className="govuk-visually-hidden">Part: </span>}
                {row.title}
              </th>
              <Cell
                counts={row.total}
                to={listLink(inspectionId, row.id)}
                about={`on ${row.title}, all agencies`}
              />
              <td className="govuk-table__cell fb-coverage__gaps">
                {row.gaps.length === 0 ? (
                  'None'
                ) : (
                  <ul className="govuk-list govuk-!-font-size-16 govuk-!-margin-bottom-0">
                    {row.gaps.map((g) => (
                      <li key={g} className="fb-coverage__gap-text">
                        {g}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              {row.cells.map((counts, i) => {
                const agency = model.agencies[i]!;
                return (
                  <Cell
                    key={agency.id}
                    counts={counts}
                    to={listLink(inspectionId, row.id, agency.id)}
                    about={`on ${row.title} from ${agency.label}`}
                  />
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">
              All evidence
            </th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{model.evidenceCount}</td>
            <td className="govuk-table__cell fb-coverage__gaps" />
            {model.agencies.map((a) => (
              <td
                key={a.id}
                className={`govuk-table__cell govuk-table__cell--numeric${a.total === 0 ? ' fb-coverage__gap' : ''}`}
              >
                {a.total === 0 ? (
                  'None'
                ) : (
                  <Link
                    className="govuk-link fb-coverage__total"
                    to={listLink(inspectionId, undefined, a.id)}
                  >
                    {a.total}
                    <span className="govuk-visually-hidden">
                      {' '}
                      {a.total === 1 ? 'piece' : 'pieces'} of evidence from {a.label}
                    </span>
                  </Link>
                )}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
    {model.silentAgencies.length > 0 && (
      <WarningText>
        Nobody has recorded evidence from{' '}
        {model.silentAgencies.map((a, i) => (
          <Fragment key={a.id}>
            {i > 0 && (i === model.silentAgencies.length - 1 ? ' or ' : ', ')}
            {a.label}
          </Fragment>
        ))}{' '}
        yet.
      </WarningText>
    )}
    {(model.untagged > 0 || model.noAgency > 0) && (
      <p className="govuk-body-s">
        {model.untagged > 0 &&
          `${plural(model.untagged, 'piece', 'pieces')} of evidence ${model.untagged === 1 ? 'has' : 'have'} no judgement area. `}
        {model.noAgency > 0 &&
          `${plural(model.noAgency, 'piece', 'pieces')} of evidence ${model.noAgency === 1 ? 'has' : 'have'} no agency recorded (counted under All agencies).`}
      </p>
    )}
  </section>
);
