import { Link } from 'react-router';
import { dismissNotice, type DeviceNotice } from '../../db';
import type { Retention } from '../../domain';
import { useNotices } from '../shared/hooks';
import { useFieldbook } from '../shared/fieldbook-context';
import { formatDate, formatDateTime } from '../shared/format';
import { Button } from '../shared/govuk';
import { TAP_LINK } from '../shared/touch';

const WHY: Record<DeviceNotice['kind'], (area: string) => string> = {
  'removed-from-team': (area) =>
    `You are no longer on the team of the ${area} inspection, so its records have been removed from this device.`,
  reported: (area) =>
    `The ${area} inspection has been reported, so its records have been removed from this device, as the rules on keeping children’s data require. The server keeps the record.`,
};

/**
 * How long the server keeps a reported inspection (DESIGN.md §4.3), for every member of its team:
 * a legal hold's reason is the lead's and the coordinator's to see, not in this message.
 */
const keptUntil = (retention: Retention): string | null => {
  if (retention.purgedAt) return 'The server has already purged its content.';
  if (retention.legalHold)
    return 'A legal hold keeps it on the server until a coordinator lifts it; then it is purged.';
  if (retention.purgeOn)
    return `The server purges its evidence, cases and concerns on ${formatDate(retention.purgeOn)}.`;
  return null;
};

/**
 * Says why an inspection left the device (S6a, DESIGN.md §4.3), and where its unsent changes
 * went, until the person dismisses it. Shown above every screen.
 */
export const DeviceNotices = () => {
  const { db } = useFieldbook();
  const notices = useNotices();
  if (!notices || notices.length === 0) return null;
  return (
    <>
      {notices.map((notice) => (
        <div
          key={notice.id}
          className="govuk-notification-banner"
          role="region"
          aria-labelledby={`notice-${notice.id}`}
          data-testid="device-notice"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id={`notice-${notice.id}`}>
              An inspection has left this device
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{WHY[notice.kind](notice.area)}</p>
            {notice.kind === 'reported' && notice.retention && (
              <p className="govuk-body" data-testid="notice-retention">
                {keptUntil(notice.retention)}
              </p>
            )}
            <p className="govuk-body">
              Removed {formatDateTime(notice.at)}.{' '}
              {notice.refused > 0 ? (
                <>
                  {notice.refused === 1
                    ? '1 change you had not sent could not go to the server: it is kept under '
                    : `${notice.refused} changes you had not sent could not go to the server: they are kept under `}
                  <Link className={TAP_LINK} to="/refused">
                    changes the server refused
                  </Link>{' '}
                  for you to copy or discard.
                </>
              ) : (
                'Everything you recorded in it had reached the server.'
              )}
            </p>
            <Button variant="secondary" onClick={() => void dismissNotice(db, notice.id)}>
              Dismiss
              <span className="govuk-visually-hidden"> the message about {notice.area}</span>
            </Button>
          </div>
        </div>
      ))}
    </>
  );
};
