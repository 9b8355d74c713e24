import { Link, useLocation, useParams } from 'react-router';
import { todayIso } from '../../db';
import { formatDate, formatDateTime } from '../shared/format';
import { useFieldbook } from '../shared/fieldbook-context';
import { useInspection, useRefusedCount, useRows, useUnsentCount } from '../shared/hooks';
import { useDeviceUser } from '../shared/useDeviceUser';
import { DraftList, FrameworkSummary, TeamSummary } from './home-parts';
import { TAP_LINK, TAP_TARGET } from '../shared/touch';
import { InspectionStatusTag } from '../shared/inspection-status';
import { DeviceOnlyPanel } from './DeviceOnlyPanel';
import { NotificationBanner } from '../shared/govuk';
import { ReturnedToMe } from '../review/ReturnedToMe';
import { retentionSentence } from '../shared/retention';
import { useTeamRole } from '../shared/useTeamRole';
import { InspectionNotFound } from '../shared/NotFound';

const utcDay = (iso: string) => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
};

/** The inspector's start point for the day: what needs attention first, then one tap to record. */
export const InspectionHomePage = () => {
  const { inspectionId = '' } = useParams();
  const { clock } = useFieldbook();
  const inspection = useInspection(inspectionId);
  const evidence = useRows('evidence', inspectionId);
  const concerns = useRows('safeguardingConcern', inspectionId);
  const unsent = useUnsentCount(inspectionId);
  const refused = useRefusedCount(inspectionId);
  const { user } = useDeviceUser();
  const joined = (useLocation().state as { joinedRecords?: number } | null)?.joinedRecords;
  const role = useTeamRole(inspection);

  if (inspection === undefined) return <p className="govuk-body">Loading the inspection…</p>;
  if (inspection === null) return <InspectionNotFound />;

  const base = `/i/${inspection.id}`;
  const today = todayIso(clock);
  const todayCount = evidence?.filter((e) => utcDay(e.fields.occurredAt) === today).length;
  const drafts = (evidence ?? [])
    // Only this inspector's own drafts: a colleague's unfinished note is theirs to finish.
    .filter((e) => e.fields.status === 'draft' && e.author === user?.id)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const open = (concerns ?? [])
    .filter((c) => c.fields.status !== 'closed')
    .sort((a, b) => b.fields.raisedAt.localeCompare(a.fields.raisedAt));

  return (
    <>
      <span className="govuk-caption-l">{inspection.framework.title}</span>
      <h1 className="govuk-heading-l">{inspection.area}</h1>
      <p className="govuk-body" data-testid="inspection-status">
        <InspectionStatusTag inspection={inspection} /> Fieldwork dates:{' '}
        {formatDate(inspection.startsOn)} to {formatDate(inspection.endsOn)}
      </p>
      {/* §4.3: the lead answers for the inspection's data, so the lead is told when it goes. */}
      {role === 'lead' && inspection.retention && (
        <p className="govuk-body" data-testid="inspection-retention">
          {retentionSentence(inspection.retention)}
        </p>
      )}
      {joined !== undefined && (
        <NotificationBanner title="Joined" success role="status">
          <p className="govuk-notification-banner__heading">
            {joined === 1 ? '1 record' : `${joined} records`} from this device joined this
            inspection. They are being sent to the server.
          </p>
        </NotificationBanner>
      )}
      <DeviceOnlyPanel inspection={inspection} />

      {open.length > 0 && (
        <div className="govuk-notification-banner" role="region" aria-labelledby="open-concerns">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="open-concerns">
              Safeguarding
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              {open.length === 1
                ? '1 safeguarding concern is not closed'
                : `${open.length} safeguarding concerns are not closed`}
            </p>
            <ul className="govuk-list">
              {open.map((c) => (
                <li key={c.id}>
                  <Link
                    className={`govuk-notification-banner__link ${TAP_TARGET}`}
                    to={`${base}/safeguarding/${c.id}`}
                  >
                    Raised {formatDateTime(c.fields.raisedAt)}
                    {c.fields.status === 'open' ? ' — referral not yet recorded' : ' — referred'}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}

      <ReturnedToMe inspectionId={inspection.id} userId={user?.id} evidence={evidence} />

      {/* The three things done standing up, one size, at the bottom edge where a thumb rests. */}
      <nav className="fb-home-actions" aria-label="Record">
        <div className="govuk-width-container fb-home-actions__row">
          <Link className="govuk-button fb-home-actions__button" to={`${base}/evidence/new`}>
            Record evidence
          </Link>
          <Link
            className="govuk-button fb-home-actions__button"
            to={`${base}/evidence/new?kind=shadowing-observation`}
          >
            Start shadowing
          </Link>
          <Link
            className="govuk-button govuk-button--warning fb-home-actions__button"
            to={`${base}/safeguarding/new`}
          >
            Raise a safeguarding concern
          </Link>
        </div>
      </nav>
      <p className="govuk-body">
        <Link className={TAP_LINK} to={`${base}/cases/new`}>
          Add a child case
        </Link>
      </p>

      <section aria-labelledby="today-heading" className="govuk-!-margin-bottom-6">
        <h2 className="govuk-heading-m" id="today-heading">
          Today, {formatDate(today)}
        </h2>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Evidence recorded today</dt>
            <dd className="govuk-summary-list__value" data-testid="today-count">
              {todayCount ?? '…'}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Changes not yet sent</dt>
            <dd className="govuk-summary-list__value" data-testid="unsent-inspection">
              {unsent ?? '…'}
            </dd>
          </div>
          {refused !== undefined && refused > 0 && (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Changes the server refused</dt>
              <dd className="govuk-summary-list__value" data-testid="refused-inspection">
                {refused}{' '}
                <Link className={TAP_LINK} to="/refused">
                  See why
                </Link>
              </dd>
            </div>
          )}
        </dl>
        <Link className={TAP_LINK} to={`${base}/evidence`}>
          See all evidence
        </Link>
      </section>

      <DraftList inspectionId={inspection.id} drafts={drafts} />
      <FrameworkSummary inspection={inspection} />
      <TeamSummary inspection={inspection} />
      <div className="fb-home-actions-spacer" aria-hidden="true" />
    </>
  );
};
