import { useState, type FormEvent } from 'react';
import { DEFAULT_RETENTION_MONTHS, type Inspection } from '../../domain';
import { formatDate } from '../shared/format';
import { DateInput, dateError } from '../shared/DateInput';
import { Button, NotificationBanner, SummaryList, Textarea } from '../shared/govuk';
import { retentionSentence } from '../shared/retention';
import { FocusedErrorSummary } from '../shared/write-errors';
import { adminErrorItems, adminKeys } from './admin-api';
import { useAdminMutation, type Admin } from './queries';

const DATE_FIELDS = { retainUntil: { id: 'retain-until', label: 'Retention date' } } as const;
const HOLD_FIELDS = { reason: { id: 'legal-hold-reason', label: 'Reason' } } as const;

/** DESIGN.md §4.3: when this inspection's content is purged, and the legal hold that stops it. */
export const RetentionForm = ({ admin, inspection }: { admin: Admin; inspection: Inspection }) => {
  const retention = inspection.retention;
  const [date, setDate] = useState(retention?.retainUntil ?? '');
  const [dateProblem, setDateProblem] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const dateMutation = useAdminMutation(
    (until: string | null) => admin.api.setRetention(admin.token, inspection.id, until),
    [adminKeys.inspections()],
    (_updated, until) => {
      setDone(
        until
          ? `The retention date is now ${formatDate(until)}.`
          : `The retention date is back to the default: ${DEFAULT_RETENTION_MONTHS} months after it is reported.`,
      );
      if (!until) setDate('');
    },
  );
  const held = Boolean(retention?.legalHold);
  const holdMutation = useAdminMutation(
    (why: string) =>
      admin.api.legalHold(admin.token, inspection.id, {
        action: held ? 'lift' : 'set',
        reason: why,
      }),
    [adminKeys.inspections()],
    (updated) => {
      setReason('');
      setDone(
        updated.retention?.legalHold
          ? 'The legal hold is set: nothing is purged until it is lifted.'
          : 'The legal hold is lifted.',
      );
    },
  );
  if (!retention)
    return <p className="govuk-body">This server does not say when it purges data.</p>;
  const purged = Boolean(retention.purgedAt);
  const submitDate = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const problem = dateError(date, null);
    setDateProblem(problem);
    if (!problem) dateMutation.mutate(date || null);
  };
  const submitHold = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    holdMutation.mutate(reason);
  };
  return (
    <section aria-labelledby="retention-heading">
      <h2 className="govuk-heading-m" id="retention-heading">
        Retention and legal hold
      </h2>
      {done && (
        <NotificationBanner title="Success" success role="status">
          <p className="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      )}
      <p className="govuk-body" data-testid="retention-sentence">
        {retentionSentence(retention)}
      </p>
      <SummaryList
        rows={[
          {
            key: 'Reported',
            value: retention.reportedAt ? formatDate(retention.reportedAt) : 'Not yet',
          },
          {
            key: 'Retention date',
            value: retention.retainUntil
              ? `${formatDate(retention.retainUntil)} (set by a coordinator)`
              : `Default: ${DEFAULT_RETENTION_MONTHS} months after it is reported`,
          },
          {
            key: 'Legal hold',
            value: retention.legalHold
              ? `Since ${formatDate(retention.legalHold.since)}${retention.legalHold.by ? ` by ${retention.legalHold.by}` : ''}: ${retention.legalHold.reason}`
              : 'None',
          },
        ]}
      />
      {!purged && (
        <>
          <FocusedErrorSummary
            errors={
              dateProblem
                ? [{ href: `#${DATE_FIELDS.retainUntil.id}`, text: dateProblem }]
                : dateMutation.error
                  ? adminErrorItems(dateMutation.error, DATE_FIELDS)
                  : []
            }
          />
          <form noValidate onSubmit={submitDate}>
            <DateInput
              id={DATE_FIELDS.retainUntil.id}
              legend="Retention date"
              hint="Its evidence, cases and concerns are purged from the server on this date, once it is reported. Leave empty for the default."
              error={dateProblem}
              value={date}
              onChange={setDate}
            />
            <Button type="submit" variant="secondary" disabled={dateMutation.isPending}>
              {date ? 'Set retention date' : 'Use the default retention date'}
            </Button>
          </form>
          <FocusedErrorSummary
            errors={holdMutation.error ? adminErrorItems(holdMutation.error, HOLD_FIELDS) : []}
          />
          <form noValidate onSubmit={submitHold}>
            <Textarea
              id="legal-hold-reason"
              label={held ? 'Why the legal hold can be lifted' : 'Reason for a legal hold'}
              hint={
                held
                  ? 'Kept in the audit log. Once lifted, its content is purged from its retention date.'
                  : 'For example a court order or a serious case review. Kept in the audit log. While it holds, nothing is purged.'
              }
              rows={3}
              value={reason}
              onChange={setReason}
            />
            <Button
              type="submit"
              variant={held ? 'warning' : 'secondary'}
              disabled={holdMutation.isPending}
            >
              {held ? 'Lift the legal hold' : 'Set a legal hold'}
            </Button>
          </form>
        </>
      )}
    </section>
  );
};
