import { Link } from 'react-router';

/**
 * The one "not found" screen: what was asked for is not on this device (never synced here,
 * deleted, or a mistyped address), and where to go instead.
 */
export const NotFound = ({
  thing,
  back,
}: {
  /** Lower case, as in a sentence: "inspection", "judgement area". */
  thing: string;
  back?: { to: string; label: string };
}) => (
  <>
    <h1 className="govuk-heading-l">
      {thing.charAt(0).toUpperCase()}
      {thing.slice(1)} not found
    </h1>
    <p className="govuk-body">
      This {thing} is not on this device.
      {back && (
        <>
          {' '}
          <Link className="govuk-link" to={back.to}>
            {back.label}
          </Link>
          .
        </>
      )}
    </p>
  </>
);

/** An inspection not on this device: back to the list of those that are. */
export const InspectionNotFound = () => (
  <NotFound thing="inspection" back={{ to: '/', label: 'Go to your inspections' }} />
);
