import { useState, type FormEvent } from 'react';
import { draftKeyOf, type LocalRow } from '../../db';
import { labelOf, REVIEW_STATES } from '../../domain';
import { Button, SummaryList, Tag, Textarea } from '../shared/govuk';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';
import { hasReply } from './today-model';
import { RefusedNotice } from '../refused/RefusedNotice';
import { DraftNotHere, DraftStatus } from '../shared/DraftStatus';
import { useLocalDraft } from '../shared/useLocalDraft';

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

type ReviewChange = { state: 'reviewed' } | { state: 'follow-up'; comment: string };

/**
 * The lead's two answers to a piece of evidence: it is fine (reviewed), or it goes back to its
 * author with a comment saying what to follow up. A return without a comment would leave the
 * author guessing, so the comment is required. The comment is the lead's until she presses the
 * button: kept on this tablet as she types (sealed, useLocalDraft), through an idle lock, a
 * reload or a look at another screen, and sent only by "Return for follow-up", which drops the
 * draft. "Mark as reviewed" leaves a typed comment kept: only the lead throws her words away.
 * Should the lead role (or the inspection) leave the tablet, the comment is kept as a refused
 * change to copy (db/drafts-leaving.ts), even one saved as the screen closes under her.
 */
export const ReviewActions = ({
  inspectionId,
  evidenceId,
  review,
  onSave,
  onDone,
}: {
  inspectionId: string;
  evidenceId: string;
  review: LocalRow<'review'> | undefined;
  onSave: (change: ReviewChange) => Promise<void>;
  /** After the mark is stored (and a sent comment's draft dropped). */
  onDone: (change: ReviewChange) => void;
}) => {
  const isReturned = review?.fields.state === 'follow-up';
  const key = draftKeyOf(inspectionId, 'review-comment', evidenceId);
  const draft = useLocalDraft(key, {
    comment: isReturned ? (review.fields.comment ?? '') : '',
  });
  const [missing, setMissing] = useState(false);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [saving, setSaving] = useState(false);
  const heading = (
    <h2 className="govuk-heading-m" id="review-actions">
      Your review
    </h2>
  );
  if (draft.state !== 'editing')
    return (
      <section aria-labelledby="review-actions" className="govuk-!-margin-bottom-6">
        {heading}
        <DraftNotHere draft={draft} what="review" />
      </section>
    );
  const { form, set, status, changed } = draft;
  const run = async (change: ReviewChange) => {
    setSaving(true);
    try {
      await onSave(change);
      if (change.state === 'follow-up') await draft.discard();
      onDone(change);
    } catch (error) {
      setErrors(writeErrorItems(error, { comment: { id: COMMENT_ID, label: 'Comment' } }));
      setSaving(false);
    }
  };
  const returnIt = (event: FormEvent) => {
    event.preventDefault();
    const text = form.comment.trim();
    setMissing(!text);
    setErrors(
      text ? [] : [{ href: `#${COMMENT_ID}`, text: 'Enter what the inspector should follow up' }],
    );
    if (text) void run({ state: 'follow-up', comment: text });
  };
  const send = isReturned ? 'Update the follow-up comment' : 'Return for follow-up';
  return (
    <section aria-labelledby="review-actions" className="govuk-!-margin-bottom-6">
      {heading}
      <FocusedErrorSummary errors={errors} />
      {review && (
        <RefusedNotice entity="review" id={review.id} inspectionId={review.inspectionId} />
      )}
      {review?.fields.state !== 'reviewed' && (
        <Button disabled={saving} onClick={() => void run({ state: 'reviewed' })}>
          Mark as reviewed
        </Button>
      )}
      <form noValidate onSubmit={returnIt} onBlur={() => void draft.flush()}>
        <Textarea
          id={COMMENT_ID}
          label={isReturned ? 'Change your comment' : 'Or return it for follow-up'}
          hint="Say what the inspector should check, ask or add. They see this at the top of their home screen. Kept on this tablet as you type until you send it."
          rows={4}
          value={form.comment}
          error={missing ? 'Enter what the inspector should follow up' : null}
          onChange={(comment) => set({ comment })}
        />
        <DraftStatus status={status} changed={changed} then={`“${send}” sends it.`} />
        <Button type="submit" variant="secondary" disabled={saving}>
          {send}
        </Button>
      </form>
    </section>
  );
};
