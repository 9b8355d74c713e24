import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { LocalRow } from '../../db';
import { labelOf, REVIEW_STATES } from '../../domain';
import { Button, SummaryList, Tag, Textarea } from '../shared/govuk';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';
import { hasReply } from './today-model';
import { RefusedNotice } from '../refused/RefusedNotice';

const COMMENT_ID = 'review-comment';
const PRESERVE = { whiteSpace: 'pre-wrap' } as const;

/** Where the review stands, as anyone on the team may read it. */
export const ReviewState = ({
  review,
  authorName,
}: {
  review: LocalRow<'review'> | undefined;
  authorName: string;
}) => (
  <SummaryList
    rows={[
      {
        key: 'Review',
        value: review ? (
          <Tag colour={review.fields.state === 'reviewed' ? 'green' : 'yellow'}>
            {labelOf(REVIEW_STATES, review.fields.state)}
          </Tag>
        ) : (
          <Tag colour="blue">New</Tag>
        ),
      },
      ...(review?.fields.comment
        ? [{ key: 'Lead’s comment', value: <span style={PRESERVE}>{review.fields.comment}</span> }]
        : []),
      ...(review && review.fields.state === 'follow-up'
        ? [
            {
              key: `Reply from ${authorName}`,
              value: hasReply(review) ? (
                <span style={PRESERVE}>{review.fields.reply}</span>
              ) : (
                'No reply yet'
              ),
            },
          ]
        : []),
    ]}
  />
);

/**
 * The lead's two answers to a piece of evidence: it is fine (reviewed), or it goes back to its
 * author with a comment saying what to follow up. A return without a comment would leave the
 * author guessing, so the comment is required.
 */
export const ReviewActions = ({
  review,
  onSave,
  onClose,
}: {
  review: LocalRow<'review'> | undefined;
  onSave: (
    change: { state: 'reviewed' } | { state: 'follow-up'; comment: string },
  ) => Promise<void>;
  /**
   * The comment typed and not sent as the screen closes (the lead left it, or it closed under
   * them as the lead's role left the device): the page decides whether to keep it.
   */
  onClose?: (comment: string) => void;
}) => {
  const saved = review?.fields.state === 'follow-up' ? (review.fields.comment ?? '') : '';
  const [comment, setComment] = useState(saved);
  // Read as the screen closes: the comment is sent only with its button, not as it is typed.
  const unsent = useRef({ comment, saved, onClose });
  unsent.current = { comment, saved, onClose };
  useEffect(
    () => () => {
      const { comment: typed, saved: kept, onClose: close } = unsent.current;
      if (typed.trim() && typed !== kept) close?.(typed);
    },
    [],
  );
  const [missing, setMissing] = useState(false);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [saving, setSaving] = useState(false);
  const run = async (change: Parameters<typeof onSave>[0]) => {
    setSaving(true);
    try {
      await onSave(change);
    } catch (error) {
      setErrors(writeErrorItems(error, { comment: { id: COMMENT_ID, label: 'Comment' } }));
      setSaving(false);
    }
  };
  const returnIt = (event: FormEvent) => {
    event.preventDefault();
    const text = comment.trim();
    setMissing(!text);
    setErrors(
      text ? [] : [{ href: `#${COMMENT_ID}`, text: 'Enter what the inspector should follow up' }],
    );
    if (text) void run({ state: 'follow-up', comment: text });
  };
  const isReturned = review?.fields.state === 'follow-up';
  return (
    <section aria-labelledby="review-actions" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m" id="review-actions">
        Your review
      </h2>
      <FocusedErrorSummary errors={errors} />
      {review && (
        <RefusedNotice entity="review" id={review.id} inspectionId={review.inspectionId} />
      )}
      {review?.fields.state !== 'reviewed' && (
        <Button disabled={saving} onClick={() => void run({ state: 'reviewed' })}>
          Mark as reviewed
        </Button>
      )}
      <form noValidate onSubmit={returnIt}>
        <Textarea
          id={COMMENT_ID}
          label={isReturned ? 'Change your comment' : 'Or return it for follow-up'}
          hint="Say what the inspector should check, ask or add. They see this at the top of their home screen."
          rows={4}
          value={comment}
          error={missing ? 'Enter what the inspector should follow up' : null}
          onChange={setComment}
        />
        <Button type="submit" variant="secondary" disabled={saving}>
          {isReturned ? 'Update the follow-up comment' : 'Return for follow-up'}
        </Button>
      </form>
    </section>
  );
};
