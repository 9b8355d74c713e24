import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { JUDGEMENT_STATES, labelOf } from '../../domain';
import { Tag } from '../shared/govuk';
import { useInspection, useRows } from '../shared/hooks';
import { useTeamRole } from '../shared/useTeamRole';
import { draftsByJudgement, gradeLabel, judgementTree, STATE_COLOURS } from './drafts';
import { InspectionNotFound } from '../shared/NotFound';

/** Every judgement area of the inspection's framework with its current draft's grade and state. */
export const JudgementListPage = () => {
  const { inspectionId = '' } = useParams();
  const inspection = useInspection(inspectionId);
  const rows = useRows('judgementDraft', inspectionId);
  const role = useTeamRole(inspection);
  const drafts = useMemo(() => draftsByJudgement(rows ?? []), [rows]);

  if (inspection === undefined || rows === undefined) return <p className="govuk-body">Loading…</p>;
  if (inspection === null) return <InspectionNotFound />;
  const { framework } = inspection;
  const graded = framework.gradeScale.length > 0;

  return (
    <>
      <span className="govuk-caption-l">{inspection.area}</span>
      <h1 className="govuk-heading-l">Judgements</h1>
      <p className="govuk-body">
        {framework.title}.{' '}
        {role === 'lead'
          ? 'Open a judgement area to draft its grade, rationale and the evidence behind it.'
          : 'The lead inspector drafts the judgements; you can read them here.'}
      </p>
      <table className="govuk-table" data-testid="judgement-list">
        <caption className="govuk-table__caption govuk-table__caption--m">
          Judgement areas and their drafts
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Judgement area
            </th>
            {graded && (
              <th scope="col" className="govuk-table__header">
                Grade
              </th>
            )}
            <th scope="col" className="govuk-table__header">
              State
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Evidence cited
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {judgementTree(framework).map((j) => {
            const draft = drafts.get(j.id);
            return (
              <tr className="govuk-table__row" key={j.id}>
                <th
                  scope="row"
                  className={`govuk-table__header${j.depth ? ' govuk-!-padding-left-4 govuk-!-font-weight-regular' : ''}`}
                >
                  <Link
                    className="govuk-link govuk-!-display-inline-block govuk-!-padding-top-2 govuk-!-padding-bottom-2"
                    to={`/i/${inspectionId}/judgements/${encodeURIComponent(j.id)}`}
                  >
                    {j.title}
                  </Link>
                  {j.parentTitle && (
                    <span className="govuk-body-s govuk-!-display-block">
                      Part of {j.parentTitle}
                    </span>
                  )}
                </th>
                {graded && (
                  <td className="govuk-table__cell">
                    {gradeLabel(framework, draft?.fields.grade)}
                  </td>
                )}
                <td className="govuk-table__cell">
                  {draft ? (
                    <Tag colour={STATE_COLOURS[draft.fields.state]}>
                      {labelOf(JUDGEMENT_STATES, draft.fields.state)}
                    </Tag>
                  ) : (
                    'Not started'
                  )}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {draft?.fields.evidenceIds?.length ?? 0}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
};
