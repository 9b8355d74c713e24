import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ReadOnlyEvidence } from '../capture/ReadOnlyEvidence';
// ReadOnlyEvidence's layout (observation lines, preserved line breaks) lives with the capture screens.
import '../capture/capture.scss';
import { useFieldbook } from '../shared/fieldbook-context';
import { useInspection, useRow, useRows } from '../shared/hooks';
import { memberName } from '../shared/members';
import { useTeamRole } from '../shared/useTeamRole';
import { saveReview } from './review-actions';
import { ReviewActions, ReviewState } from './ReviewPanel';
import { reviewsByEvidence } from './today-model';
import type { TodayLocationState } from './TodayPage';
import { InspectionNotFound, NotFound } from '../shared/NotFound';

/** The GOV.UK back link with a 44 px tap area (spacing utilities only; the chevron stays centred). */
const BACK_LINK =
  'govuk-back-link govuk-!-margin-top-0 govuk-!-padding-top-3 govuk-!-padding-bottom-3';

const BackToToday = ({ inspectionId }: { inspectionId: string }) => (
  <Link className={BACK_LINK} to={`/i/${inspectionId}/today`}>
    Today’s review
  </Link>
);

/**
 * `/i/:inspectionId/today/:evidenceId`: one piece of evidence as the lead reads it, with the
 * review underneath. After a mark the lead goes back to Today, which says what was done.
 */
export const ReviewPage = () => {
  const { inspectionId = '', evidenceId = '' } = useParams();
  const { repo } = useFieldbook();
  const navigate = useNavigate();
  const inspection = useInspection(inspectionId);
  const role = useTeamRole(inspection);
  const row = useRow('evidence', evidenceId);
  const reviews = useRows('review', inspectionId);
  const review = useMemo(
    () => (reviews ? reviewsByEvidence(reviews).get(evidenceId) : undefined),
    [reviews, evidenceId],
  );

  if (inspection === undefined || row === undefined || reviews === undefined || role === undefined)
    return <p className="govuk-body">Loading…</p>;
  if (inspection === null) return <InspectionNotFound record="evidence" />;
  if (row === null || row.deleted || row.inspectionId !== inspectionId)
    return (
      <>
        <BackToToday inspectionId={inspectionId} />
        <NotFound thing="evidence" />
      </>
    );
  const authorName = memberName(inspection.team, row.author);
  return (
    <>
      <BackToToday inspectionId={inspectionId} />
      <ReadOnlyEvidence row={row} inspection={inspection} />
      <h2 className="govuk-heading-m govuk-!-margin-top-6">Review</h2>
      <ReviewState review={review} authorName={authorName} />
      {role === 'lead' ? (
        <ReviewActions
          key={review?.id ?? 'new'}
          inspectionId={inspectionId}
          evidenceId={evidenceId}
          review={review}
          onSave={(change) => saveReview(repo, inspectionId, evidenceId, review, change)}
          onDone={(change) => {
            const done: TodayLocationState = {
              done:
                change.state === 'reviewed'
                  ? `Marked as reviewed: evidence from ${authorName}`
                  : `Returned to ${authorName} for follow-up`,
            };
            void navigate(`/i/${inspectionId}/today`, { state: done });
          }}
        />
      ) : (
        <p className="govuk-inset-text">Only the lead inspector reviews evidence.</p>
      )}
    </>
  );
};
