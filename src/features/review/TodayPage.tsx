import { useCallback, useMemo, useState } from 'react';
import { useLocation, useParams } from 'react-router';
import type { LocalRow } from '../../db';
import { byUrgency } from '../safeguarding/concern-status';
import { useFieldbook } from '../shared/fieldbook-context';
import { useInspection, useKept, useRows } from '../shared/hooks';
import { useTeamRole } from '../shared/useTeamRole';
import { saveReview } from './review-actions';
import { useLastReviewedAt } from './review-session';
import { createTodayMemo, todayMemoKey } from './today-model';
import { TodayView } from './TodayView';
import { InspectionNotFound } from '../shared/NotFound';

/** Set by the review page after the lead marks an item, so Today can say what was done. */
export type TodayLocationState = { done?: string } | null;

/**
 * `/i/:inspectionId/today`: the lead's evening review. Everyone on the team may open it; only the
 * lead sees the review actions (S8), and only the lead's device keeps a "last reviewed" bookmark.
 */
export const TodayPage = () => {
  const { inspectionId = '' } = useParams();
  const { repo } = useFieldbook();
  const location = useLocation();
  const inspection = useInspection(inspectionId);
  const role = useTeamRole(inspection);
  const evidence = useRows('evidence', inspectionId);
  const reviews = useRows('review', inspectionId);
  const concerns = useRows('safeguardingConcern', inspectionId);
  const { lastReviewedAt, finishSession } = useLastReviewedAt(inspectionId);
  const [showAll, setShowAll] = useState(false);
  const [finished, setFinished] = useState<string>();
  const isLead = role === 'lead';
  const since = isLead ? (lastReviewedAt ?? null) : null;

  // Worked out once per change of the rows, not per opening: Today opened again shows at once.
  const buildToday = useKept(todayMemoKey(inspectionId), createTodayMemo);
  const model = useMemo(
    () => (evidence && reviews ? buildToday({ evidence, reviews, since, showAll }) : undefined),
    [buildToday, evidence, reviews, since, showAll],
  );
  const open = useMemo(
    () => (concerns ?? []).filter((c) => c.fields.status !== 'closed').sort(byUrgency),
    [concerns],
  );
  const markReviewed = useCallback(
    (review: LocalRow<'review'>) =>
      saveReview(repo, inspectionId, review.fields.evidenceId, review, { state: 'reviewed' }),
    [repo, inspectionId],
  );
  const finish = useCallback(() => {
    void finishSession().then(() => {
      setShowAll(false);
      setFinished('Review session finished. Next time, Today starts from now.');
    });
  }, [finishSession]);

  if (inspection === undefined || role === undefined || lastReviewedAt === undefined)
    return <p className="govuk-body">Loading…</p>;
  if (inspection === null) return <InspectionNotFound />;
  const done = finished ?? (location.state as TodayLocationState)?.done;
  return (
    <TodayView
      inspection={inspection}
      concerns={open}
      model={model}
      isLead={isLead}
      since={since}
      showAll={showAll}
      onShowAll={setShowAll}
      onFinishSession={finish}
      onMarkReviewed={markReviewed}
      done={done}
    />
  );
};
