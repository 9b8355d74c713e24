import { useState } from 'react';
import { Link } from 'react-router';
import type { LocalRow } from '../../db';
import type { TeamMember } from '../../domain';
import { evidenceTitle } from '../shared/evidence-title';
import { Button, SummaryList, Tag } from '../shared/govuk';
import { memberName } from '../shared/members';
import { TAP_LINK } from '../shared/touch';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';
import { hasReply, type FollowUp } from './today-model';
import { ShowMore } from '../shared/ShowMore';

/** Line breaks the author typed are kept (no stylesheet needed: this screen loads on its own). */
const PRESERVE = { whiteSpace: 'pre-wrap' } as const;

/** Answered ones come first, so the lead's next job is always in the first screenful. */
export const FOLLOW_UPS_SHOWN = 20;

/**
 * Items the lead returned, each with the comment and the author's reply. Answered ones come
 * first with "Mark as reviewed", so the lead closes the loop without opening each one.
 */
export const FollowUpList = ({
  followUps,
  team,
  base,
  isLead,
  onMarkReviewed,
}: {
  followUps: readonly FollowUp[];
  team: readonly TeamMember[];
  base: string;
  isLead: boolean;
  onMarkReviewed: (review: LocalRow<'review'>) => Promise<void>;
}) => {
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [limit, setLimit] = useState(FOLLOW_UPS_SHOWN);
  const mark = async (review: LocalRow<'review'>) => {
    try {
      setErrors([]);
      await onMarkReviewed(review);
    } catch (error) {
      setErrors(writeErrorItems(error));
    }
  };
  return (
    <section aria-labelledby="today-follow-up" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m" id="today-follow-up">
        Returned for follow-up ({followUps.length})
      </h2>
      <FocusedErrorSummary errors={errors} />
      <ul className="govuk-list" data-testid="follow-ups">
        {followUps.slice(0, limit).map(({ review, evidence }) => {
          const who = memberName(team, evidence.author);
          const title = evidenceTitle(evidence);
          return (
            <li key={review.id} className="govuk-summary-card">
              <div className="govuk-summary-card__title-wrapper">
                <h3 className="govuk-summary-card__title">
                  <Link className={TAP_LINK} to={`${base}/today/${evidence.id}`}>
                    {title}
                  </Link>{' '}
                  <span className="govuk-body-s">by {who}</span>
                </h3>
                {hasReply(review) ? (
                  <Tag colour="blue">Answered</Tag>
                ) : (
                  <Tag colour="yellow">Waiting for reply</Tag>
                )}
              </div>
              <div className="govuk-summary-card__content">
                <SummaryList
                  rows={[
                    {
                      key: 'Lead’s comment',
                      value: <span style={PRESERVE}>{review.fields.comment || 'None'}</span>,
                    },
                    {
                      key: `Reply from ${who}`,
                      value: (
                        <span style={PRESERVE}>
                          {hasReply(review) ? review.fields.reply : 'No reply yet'}
                        </span>
                      ),
                    },
                  ]}
                />
                {isLead && (
                  <Button
                    variant="secondary"
                    className="govuk-!-margin-bottom-0"
                    onClick={() => void mark(review)}
                  >
                    Mark as reviewed<span className="govuk-visually-hidden">: {title}</span>
                  </Button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <ShowMore
        shown={limit}
        total={followUps.length}
        step={FOLLOW_UPS_SHOWN * 5}
        onMore={() => setLimit((l) => l + FOLLOW_UPS_SHOWN * 5)}
      >
        {' '}
        returned items
      </ShowMore>
    </section>
  );
};
