import { useState } from 'react';
import { purgeIsDue, type Inspection } from '../../domain';
import { Button, NotificationBanner, WarningText } from '../shared/govuk';
import { FocusedErrorSummary } from '../shared/write-errors';
import { adminErrorItems, adminKeys } from './admin-api';
import { useAdminMutation, type Admin } from './queries';

/**
 * §4.3: the server purges what is past its retention date at start and daily; a coordinator can
 * run it now (after a legal hold is lifted, say). It asks first: a purge cannot be undone.
 */
export const PurgeDue = ({
  admin,
  inspections,
  nowMs,
}: {
  admin: Admin;
  inspections: readonly Inspection[];
  nowMs: number;
}) => {
  const [confirming, setConfirming] = useState(false);
  const [purged, setPurged] = useState<string[] | null>(null);
  const mutation = useAdminMutation(
    () => admin.api.purge(admin.token),
    [adminKeys.inspections()],
    (result) => {
      setConfirming(false);
      setPurged(result.map((p) => p.area));
    },
  );
  const due = inspections.filter((i) => i.retention && purgeIsDue(i.retention, nowMs));
  return (
    <section aria-labelledby="purge-heading">
      <h2 className="govuk-heading-m" id="purge-heading">
        Purge data past its retention date
      </h2>
      {purged && (
        <NotificationBanner title="Success" success role="status">
          <p className="govuk-notification-banner__heading">
            {purged.length === 0
              ? 'Nothing was due: nothing was purged.'
              : `Purged: ${purged.join(', ')}. Their evidence, cases and concerns are gone from the server; ids, authors and times are kept.`}
          </p>
        </NotificationBanner>
      )}
      <FocusedErrorSummary errors={mutation.error ? adminErrorItems(mutation.error) : []} />
      <p className="govuk-body">
        The server does this by itself when it starts and once a day. Inspections on legal hold are
        never purged.
        {due.length === 0
          ? ' Nothing is due now.'
          : ` Due now: ${due.map((i) => i.area).join(', ')}.`}
      </p>
      {!confirming ? (
        <Button variant="secondary" onClick={() => setConfirming(true)} disabled={due.length === 0}>
          Purge now
        </Button>
      ) : (
        <div className="govuk-inset-text" role="group" aria-label="Confirm the purge">
          <WarningText>
            The evidence, cases and concerns of {due.map((i) => i.area).join(', ')} will be removed
            from the server for good. It cannot be undone.
          </WarningText>
          <div className="govuk-button-group">
            <Button
              variant="warning"
              onClick={() => mutation.mutate(undefined)}
              disabled={mutation.isPending}
            >
              {mutation.isPending ? 'Purging…' : 'Yes, purge now'}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
    </section>
  );
};
