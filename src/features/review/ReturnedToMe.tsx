import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { getRow, type LocalRow } from '../../db';
import { useFieldbook } from '../shared/fieldbook-context';
import { clockTime } from '../shared/format';
import { evidenceTitle } from '../shared/evidence-title';
import { Button, Textarea } from '../shared/govuk';
import { useEditingGuard, useRows, useUnsentCount } from '../shared/hooks';
import { useSyncEngine } from '../shared/sync-context';
import { TAP_LINK } from '../shared/touch';
import { SaveStatus } from '../shared/SaveStatus';
import { LeasedEditor, useLeaseFlush, type FlushRef } from '../shared/LeasedEditor';
import { useRecordForm } from '../shared/useRecordForm';
import { FocusedErrorSummary, writeErrorItems } from '../shared/write-errors';
import { returnedTo, type FollowUp } from './today-model';

const PRESERVE = { whiteSpace: 'pre-wrap' } as const;

/**
 * "Send reply": the words are already saved as typed (never lost); Send makes the moment explicit,
 * syncs at once and says when the reply has reached the server, or, when that sync does not get
 * through (the link dropped), that it is not sent yet and goes at the next sync.
 */
type Sending =
  | { state: 'idle' }
  | { state: 'sending'; at: number }
  | { state: 'not-sent'; at: number }
  | { state: 'sent'; at: number };

const useSendReply = (inspectionId: string, flush: () => Promise<unknown>, now: () => number) => {
  const engine = useSyncEngine();
  const unsent = useUnsentCount(inspectionId);
  const [sending, setSending] = useState<Sending>({ state: 'idle' });
  useEffect(() => {
    if (sending.state !== 'idle' && sending.state !== 'sent' && engine && unsent === 0)
      setSending({ state: 'sent', at: sending.at });
  }, [engine, sending, unsent]);
  const send = async () => {
    await flush();
    setSending({ state: 'sending', at: now() });
    if (!engine) return;
    await engine.sync();
    // The run this press started (or joined) is over: if it failed, "Sending…" would stay for good.
    if (engine.getStatus().state !== 'idle')
      setSending((s) => (s.state === 'sending' ? { state: 'not-sent', at: s.at } : s));
  };
  const confirmation =
    sending.state === 'sent'
      ? `Reply sent to the lead inspector at ${clockTime(sending.at).slice(0, 5)}.`
      : sending.state === 'not-sent'
        ? 'Not sent yet: the sync did not get through (the status bar says why). Your reply is saved on this device and goes to the lead inspector at the next sync.'
        : sending.state === 'sending'
          ? engine
            ? 'Sending your reply…'
            : 'Your reply is saved on this device. It goes to the lead inspector when you next sync.'
          : null;
  return { send, confirmation, reset: () => setSending({ state: 'idle' }) };
};

/**
 * One returned item. Its reply is edited in one tab of the app at a time (LeasedEditor): another
 * tab shows it read-only and can take it over, after this one has saved what was typed.
 */
const ReplyBox = ({ item, inspectionId }: { item: FollowUp; inspectionId: string }) => {
  const { db } = useFieldbook();
  const { review } = item;
  const read = useCallback(
    async () => (await getRow(db, 'review', review.id)) ?? review,
    [db, review],
  );
  return (
    <li className="govuk-summary-card">
      <LeasedEditor
        leaseKey={`review-reply:${review.id}`}
        what="reply"
        live={review}
        read={read}
        readOnly={(banner) => (
          <ReplyForm item={item} inspectionId={inspectionId} stored={review} elsewhere={banner} />
        )}
      >
        {({ stored, key, flushRef }) => (
          <ReplyForm
            key={key}
            item={item}
            inspectionId={inspectionId}
            stored={stored}
            flushRef={flushRef}
          />
        )}
      </LeasedEditor>
    </li>
  );
};

const ReplyForm = ({
  item,
  inspectionId,
  stored: review,
  flushRef,
  elsewhere,
}: {
  item: FollowUp;
  inspectionId: string;
  stored: LocalRow<'review'>;
  flushRef?: FlushRef;
  /** The banner saying another tab edits this reply: shown read-only here. */
  elsewhere?: ReactNode;
}) => {
  const { repo, clock } = useFieldbook();
  const { evidence } = item;
  useEditingGuard(`review-reply:${review.id}`);
  const { form, set, status, flush } = useRecordForm(
    { reply: review.fields.reply ?? '' },
    (patch) => repo.update('review', review.id, patch, review),
    () => clock.now(),
  );
  useLeaseFlush(flushRef, flush);
  const title = evidenceTitle(evidence);
  const { send, confirmation, reset } = useSendReply(inspectionId, flush, () => clock.now());
  const replied = Boolean(form.reply.trim());
  return (
    <div onBlur={() => void flush()}>
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
              ? writeErrorItems(
                  status.error,
                  {
                    reply: { id: `reply-${review.id}`, label: 'Your reply' },
                  },
                  true,
                )
              : []
          }
        />
        <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
          The lead inspector asks
        </p>
        <p className="govuk-body" style={PRESERVE}>
          {review.fields.comment || 'No comment was given.'}
        </p>
        {elsewhere ? (
          <>
            {elsewhere}
            <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
              Your reply
            </p>
            <p className="govuk-body" style={PRESERVE}>
              {review.fields.reply || 'No reply yet.'}
            </p>
          </>
        ) : (
          <>
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
              onChange={(reply) => {
                reset();
                set({ reply });
              }}
            />
            <SaveStatus
              status={status}
              // Nothing to say about an empty reply box until something is typed.
              instead={confirmation ?? (replied || status.state !== 'idle' ? undefined : '')}
              after={
                replied
                  ? '. It reaches the lead inspector at the next sync; Send reply sends it now.'
                  : undefined
              }
            />
            <Button
              onClick={() => void send()}
              disabled={!replied || status.state === 'error'}
              className="govuk-!-margin-bottom-0"
            >
              Send reply<span className="govuk-visually-hidden"> about {title}</span>
            </Button>
          </>
        )}
      </div>
    </div>
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
