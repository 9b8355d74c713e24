import { Link } from 'react-router';
import { formatDate } from '../shared/format';
import { InspectionStatusTag } from '../shared/inspection-status';
import { InstallBanner } from './InstallBanner';
import { useInspections } from '../shared/hooks';
import { useSession } from '../shared/sync-context';
import { TAP_LINK } from '../shared/touch';

/** Every inspection this device holds, and the way to start one when there is no signal to fetch it. */
export const InspectionListPage = () => {
  const inspections = useInspections();
  const session = useSession();
  return (
    <>
      <h1 className="govuk-heading-l">Your inspections</h1>
      <InstallBanner />
      {inspections === undefined ? (
        <p className="govuk-body">Loading the inspections on this device…</p>
      ) : inspections.length === 0 ? (
        <p className="govuk-body">There are no inspections on this device yet.</p>
      ) : (
        <ul className="govuk-list fb-inspection-list">
          {inspections.map((inspection) => (
            <li key={inspection.id} className="govuk-summary-card">
              <div className="govuk-summary-card__title-wrapper">
                <h2 className="govuk-summary-card__title">
                  <Link className={TAP_LINK} to={`/i/${inspection.id}`}>
                    {inspection.area}
                    <span className="govuk-visually-hidden">
                      , {formatDate(inspection.startsOn)} to {formatDate(inspection.endsOn)}
                    </span>
                  </Link>
                </h2>
                <InspectionStatusTag inspection={inspection} />
              </div>
              <div className="govuk-summary-card__content">
                <p className="govuk-body govuk-!-margin-bottom-1">{inspection.framework.title}</p>
                <p className="govuk-body-s govuk-!-margin-bottom-0">
                  {formatDate(inspection.startsOn)} to {formatDate(inspection.endsOn)}
                  {inspection.source === 'local' && ' · set up on this device'}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}

      <h2 className="govuk-heading-m">Start an inspection</h2>
      {session === null ? (
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in">
            Sign in
          </Link>{' '}
          to receive the inspections your coordinator has set up for you. With no signal, set one up
          on this device instead and start recording at once.
        </p>
      ) : (
        <p className="govuk-body">
          Inspections your coordinator adds you to appear here after the next sync. With no signal,
          you can also set one up on this device and start recording at once.
        </p>
      )}
      <Link to="/inspections/new" className="govuk-button" data-module="govuk-button">
        Set up an inspection on this device
      </Link>
    </>
  );
};
