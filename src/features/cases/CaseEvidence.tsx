import { Link } from 'react-router';
import type { LocalRow } from '../../db';
import { evidenceTitle } from '../shared/evidence-title';
import { Tag } from '../shared/govuk';
import { draftSnippet } from '../inspections/home-parts';
import { TAP_LINK } from '../shared/touch';

/** All evidence about one child, newest first, each one tap from its editor. */
export const CaseEvidence = ({
  inspectionId,
  caseId,
  evidence,
}: {
  inspectionId: string;
  caseId: string;
  evidence: readonly LocalRow<'evidence'>[];
}) => {
  const base = `/i/${inspectionId}`;
  const about = evidence
    .filter((e) => e.fields.caseIds?.includes(caseId))
    .sort((a, b) => b.fields.occurredAt.localeCompare(a.fields.occurredAt));
  return (
    <section aria-labelledby="case-evidence-heading" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="case-evidence-heading">
        Evidence about this child
      </h2>
      <div className="govuk-button-group">
        <Link
          className="govuk-button"
          to={`${base}/evidence/new?kind=case-tracking-note&caseId=${caseId}`}
        >
          Record a case-tracking note for this child
        </Link>
        <Link
          className="govuk-button govuk-button--warning"
          to={`${base}/safeguarding/new?caseId=${caseId}`}
        >
          Raise a safeguarding concern about this child
        </Link>
      </div>
      {about.length === 0 ? (
        <p className="govuk-body">No evidence is linked to this child yet.</p>
      ) : (
        <ul className="govuk-list govuk-list--spaced" data-testid="case-evidence">
          {about.map((e) => (
            <li key={e.id}>
              <Link className={TAP_LINK} to={`${base}/evidence/${e.id}`}>
                {evidenceTitle(e)}
              </Link>{' '}
              {e.fields.status === 'draft' && <Tag colour="grey">Draft</Tag>}
              <span className="govuk-body-s govuk-!-display-block">{draftSnippet(e)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
