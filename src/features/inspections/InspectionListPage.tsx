import { Link } from 'react-router';
import { INSPECTION_STATUSES, labelOf } from '../../domain';
import { formatDate } from '../shared/format';
import { Tag } from '../shared/govuk';
import { useInspections } from '../shared/hooks';
import { TAP_LINK } from '../shared/touch';

/** Every inspection this device holds, and the way to start one when there is no signal to fetch it. */
export const InspectionListPage = () => {
  const inspections = useInspections();
  return (
    <>
      <h1 className="govuk-heading-l">Your inspections</h1>
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
                <Tag colour={inspection.status === 'fieldwork' ? 'green' : 'grey'}>
                  {labelOf(INSPECTION_STATUSES, inspection.status)}
                </Tag>
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
      {/* Signing in to fetch the inspections your coordinator set up comes with sync (a later issue). */}
      <p className="govuk-body">
        Signing in to receive the inspections your coordinator has set up is coming soon. Until
        then, set an inspection up on this device and start recording at once — no signal needed.
      </p>
      <Link to="/inspections/new" className="govuk-button" data-module="govuk-button">
        Set up an inspection on this device
      </Link>
    </>
  );
};
