import { Link } from 'react-router';
import type { LocalInspection } from '../../db';
import { useSession } from '../shared/sync-context';
import { TAP_LINK } from '../shared/touch';

/**
 * On the home of an inspection set up on this device alone: nothing in it reaches the server until
 * it joins the server inspection it was meant to be, so say so, and offer the way.
 */
export const DeviceOnlyPanel = ({ inspection }: { inspection: LocalInspection }) => {
  const session = useSession();
  if (inspection.source !== 'local' || session === undefined) return null;
  return (
    <div className="govuk-inset-text" data-testid="device-only">
      <p className="govuk-body">
        <strong>This inspection is only on this device.</strong> What you record in it is kept here,
        encrypted, but is not sent to the server until you join it to your inspection there.
      </p>
      {session ? (
        <Link className={TAP_LINK} to={`/i/${inspection.id}/join`}>
          Join it to an inspection on the server
        </Link>
      ) : (
        <p className="govuk-body govuk-!-margin-bottom-0">
          <Link className={TAP_LINK} to="/sign-in">
            Sign in
          </Link>{' '}
          to join it to the inspection your coordinator has set up.
        </p>
      )}
    </div>
  );
};
