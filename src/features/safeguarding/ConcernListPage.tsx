import { Link, useParams } from 'react-router';
import { CONCERN_STATUSES, labelOf } from '../../domain';
import { formatDateTime } from '../shared/format';
import { Tag } from '../shared/govuk';
import { useInspection, useRows } from '../shared/hooks';
import { ConcernSteps } from './ConcernLog';
import { byUrgency, STATUS_COLOUR } from './concern-status';
import { TAP_LINK } from '../shared/touch';

/**
 * Every concern on this inspection, the ones still needing a referral at the top, each with its
 * safeguarding log: who raised it, the referral, when the lead and the director were told.
 */
export const ConcernListPage = () => {
  const { inspectionId = '' } = useParams();
  const concerns = useRows('safeguardingConcern', inspectionId);
  const team = useInspection(inspectionId)?.team ?? [];
  const cases = useRows('childCase', inspectionId);
  const base = `/i/${inspectionId}`;
  const caseRef = (id: string | null | undefined) =>
    cases?.find((c) => c.id === id)?.fields.caseRef;
  const sorted = [...(concerns ?? [])].sort(byUrgency);
  return (
    <>
      <h1 className="govuk-heading-l">Safeguarding concerns</h1>
      <Link className="govuk-button govuk-button--warning" to={`${base}/safeguarding/new`}>
        Raise a safeguarding concern
      </Link>
      {concerns === undefined ? (
        <p className="govuk-body">Loading concerns…</p>
      ) : concerns.length === 0 ? (
        <p className="govuk-body">No safeguarding concerns have been raised on this inspection.</p>
      ) : (
        <ul className="govuk-list" data-testid="concerns">
          {sorted.map((c) => (
            <li key={c.id} className="govuk-summary-card">
              <div className="govuk-summary-card__title-wrapper">
                <h2 className="govuk-summary-card__title">
                  <Link className={TAP_LINK} to={`${base}/safeguarding/${c.id}`}>
                    Raised {formatDateTime(c.fields.raisedAt)}
                  </Link>
                </h2>
                <Tag colour={STATUS_COLOUR[c.fields.status]}>
                  {labelOf(CONCERN_STATUSES, c.fields.status)}
                </Tag>
              </div>
              <div className="govuk-summary-card__content">
                <ConcernSteps concern={c} team={team} />
                {c.fields.caseId && (
                  <p className="govuk-body-s">
                    Child case {caseRef(c.fields.caseId) ?? 'not on this device'}
                  </p>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
};
