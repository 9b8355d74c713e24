import { Link } from 'react-router';
import { dismissNotice, type DeviceNotice } from '../../db';
import type { Retention } from '../../domain';
import { useNotices, useRefusedCount } from '../shared/hooks';
import { useFieldbook } from '../shared/fieldbook-context';
import { formatDate, formatDateTime } from '../shared/format';
import { Button } from '../shared/govuk';
import { NOTICE_WORDS } from '../shared/notice-words';
import { TAP_LINK } from '../shared/touch';

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
 * Back on the device (put back on the team, or the inspection reopened): the changes kept when it
 * left were never sent, and still are not. Counted live, so once they are copied and discarded the
 * notice no longer points to them.
 */
const Back = ({ notice }: { notice: DeviceNotice }) => {
  const refused = useRefusedCount(notice.inspectionId) ?? notice.refused;
  if (refused === 0) return null;
  const when =
    notice.kind === 'reopened' ? 'when it was reported' : 'when you were taken off the team';
  return (
    <p className="govuk-body">
      {refused === 1
        ? `The change kept ${when} has not been sent, and will not be sent by itself: it is under `
        : `The ${refused} changes kept ${when} have not been sent, and will not be sent by themselves: they are under `}
      <Link className={TAP_LINK} to="/refused">
        changes the server refused
      </Link>{' '}
      for you to copy, enter again and then discard.
    </p>
  );
};

/**
 * Says why an inspection left the device (S6a, DESIGN.md §4.3), and where its unsent changes
 * went, until the person dismisses it (or, put back on the team, that they are back). Shown above
 * every screen.
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
              {NOTICE_WORDS[notice.kind].title}
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              {NOTICE_WORDS[notice.kind].why(notice.area)}
            </p>
            {notice.kind === 'reported' && notice.retention && (
              <p className="govuk-body" data-testid="notice-retention">
                {keptUntil(notice.retention)}
              </p>
            )}
            {notice.kind === 'added-back' || notice.kind === 'reopened' ? (
              <Back notice={notice} />
            ) : (
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
            )}
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
