import { useMemo } from 'react';
import { Link } from 'react-router';
import type { LocalRow } from '../../db';
import { EVIDENCE_KINDS, labelOf } from '../../domain';
import { useFieldbook } from '../shared/fieldbook-context';
import { formatDateTime } from '../shared/format';
import { Textarea } from '../shared/govuk';
import { useEditingGuard, useRows } from '../shared/hooks';
import { TAP_LINK } from '../shared/touch';
import type { AutosaveStatus } from '../shared/useAutosave';
import { useRecordForm } from '../shared/useRecordForm';
import { FocusedErrorSummary, writeErrorItems } from '../shared/write-errors';
import { returnedTo, type FollowUp } from './today-model';

const PRESERVE = { whiteSpace: 'pre-wrap' } as const;

const savedText = (status: AutosaveStatus, replied: boolean): string => {
  switch (status.state) {
    case 'pending':
    case 'saving':
      return 'Saving…';
    case 'error':
      return 'Not saved';
    default:
      return replied ? 'Your reply is saved and goes to the lead when you sync' : '';
  }
};

const ReplyBox = ({ item, inspectionId }: { item: FollowUp; inspectionId: string }) => {
  const { repo, clock } = useFieldbook();
  const { review, evidence } = item;
  useEditingGuard(`review-reply:${review.id}`);
  const { form, set, status, flush } = useRecordForm(
    { reply: review.fields.reply ?? '' },
    (patch) => repo.update('review', review.id, patch),
    () => clock.now(),
  );
  const title = `${labelOf(EVIDENCE_KINDS, evidence.fields.kind)}, ${formatDateTime(evidence.fields.occurredAt)}`;
  return (
    <li className="govuk-summary-card" onBlur={() => void flush()}>
      <div className="govuk-summary-card__title-wrapper">
        <h3 className="govuk-summary-card__title">
          <Link className={TAP_LINK} to={`/i/${inspectionId}/evidence/${evidence.id}`}>
            {title}
          </Link>
        </h3>
      </div>
      <div className="govuk-summary-card__content">
        <FocusedErrorSummary
          errors={
            status.state === 'error'
              ? writeErrorItems(status.error, {
                  reply: { id: `reply-${review.id}`, label: 'Your reply' },
                })
              : []
          }
        />
        <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
          The lead inspector asks
        </p>
        <p className="govuk-body" style={PRESERVE}>
          {review.fields.comment || 'No comment was given.'}
        </p>
        <Textarea
          id={`reply-${review.id}`}
          label={
            <>
              Your reply<span className="govuk-visually-hidden"> about {title}</span>
            </>
          }
          hint="Saved as you type. Say what you found out or added to the evidence."
          rows={3}
          value={form.reply}
          onChange={(reply) => set({ reply })}
        />
        <p className="govuk-body-s" role="status">
          {savedText(status, Boolean(form.reply.trim()))}
        </p>
      </div>
    </li>
  );
};

/**
 * At the top of the author's home: what the lead sent back, with the comment and a reply box
 * saved as they type (S8: the author may set `reply` on a review of their evidence). An item
 * leaves this list when the lead marks it reviewed.
 */
export const ReturnedToMe = ({
  inspectionId,
  userId,
  evidence,
}: {
  inspectionId: string;
  userId: string | undefined;
  evidence: readonly LocalRow<'evidence'>[] | undefined;
}) => {
  const reviews = useRows('review', inspectionId);
  const items = useMemo(
    () => (userId && evidence && reviews ? returnedTo(userId, evidence, reviews) : []),
    [userId, evidence, reviews],
  );
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="returned-heading" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m" id="returned-heading">
        Returned to you for follow-up ({items.length})
      </h2>
      <ul className="govuk-list" data-testid="returned">
        {items.map((item) => (
          <ReplyBox key={item.review.id} item={item} inspectionId={inspectionId} />
        ))}
      </ul>
    </section>
  );
};
