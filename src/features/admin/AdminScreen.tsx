import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { NotificationBanner } from '../shared/govuk';
import { useSession } from '../shared/sync-context';
import { TAP_LINK, TAP_TARGET } from '../shared/touch';
import { useOnline } from '../shared/useOnline';
import {
  blockingFailure,
  FORBIDDEN_TEXT,
  OFFLINE_TEXT,
  useAdmin,
  type AdminApi,
} from './admin-api';

export const Offline = () => (
  <NotificationBanner title="No connection" role="status">
    <p className="govuk-notification-banner__heading">{OFFLINE_TEXT}</p>
    <p className="govuk-body">
      Users, inspections and teams live on the server. Inspectors’ evidence on this device is not
      affected; come back to these screens when the device is online.
    </p>
  </NotificationBanner>
);

export const Forbidden = () => (
  <NotificationBanner title="Not available" role="status">
    <p className="govuk-notification-banner__heading">{FORBIDDEN_TEXT}</p>
    <p className="govuk-body">
      Ask a coordinator if you need a user added, a password reset or a device revoked.
    </p>
  </NotificationBanner>
);

const SignedOut = () => (
  <>
    <p className="govuk-body">Sign in as a coordinator to use these screens.</p>
    <Link className={TAP_LINK} to="/sign-in">
      Sign in
    </Link>
  </>
);

/** A failed load: the screen-wide reasons in words, anything else with a way to try again. */
export const LoadFailure = ({ error, retry }: { error: unknown; retry: () => void }) => {
  const blocking = blockingFailure(error);
  if (blocking === 'offline') return <Offline />;
  if (blocking === 'forbidden') return <Forbidden />;
  if (blocking === 'signed-out') return <SignedOut />;
  return (
    <div className="govuk-error-summary" role="alert">
      <h2 className="govuk-error-summary__title">This could not be loaded</h2>
      <div className="govuk-error-summary__body">
        <p className="govuk-body">{error instanceof Error ? error.message : String(error)}</p>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={retry}>
          Try again
        </button>
      </div>
    </div>
  );
};

/**
 * Every coordinator screen: one h1, a way back to the overview, and the screen itself only for a
 * signed-in admin with a connection. The server checks again (403), so this is for clarity only.
 */
export const AdminScreen = ({
  title,
  back = true,
  children,
}: {
  title: string;
  back?: boolean;
  children: (admin: { token: string; api: AdminApi }) => ReactNode;
}) => {
  const session = useSession();
  const admin = useAdmin();
  const online = useOnline();
  if (session === undefined) return null;
  return (
    <>
      {back && (
        <Link className={`govuk-back-link ${TAP_TARGET}`} to="/admin">
          Coordinator screens
        </Link>
      )}
      <h1 className="govuk-heading-l">{title}</h1>
      {!online ? (
        <Offline />
      ) : !session ? (
        <SignedOut />
      ) : !session.user.admin ? (
        <Forbidden />
      ) : !admin ? (
        <Offline />
      ) : (
        children(admin)
      )}
    </>
  );
};
