import { useNavigate } from 'react-router';
import { useSession, useSyncStatus } from '../shared/sync-context';
import { SignInForm as SignInFormFields } from './SignInForm';
import { SignOutPanel } from './SignOutPanel';

/**
 * Signed in: who; when the server has ended the session (a password reset, revoked sessions), a
 * way to sign in again that keeps everything on the device; and a sign-out that says plainly what
 * happens to work not yet on the server.
 */
const SignedIn = ({ name, username }: { name: string; username: string }) => {
  const status = useSyncStatus();
  const ended = status.state === 'error' && status.kind === 'signed-out';
  return (
    <>
      <h1 className="govuk-heading-l">Your account</h1>
      <p className="govuk-body">
        Signed in as <strong>{name}</strong> ({username}).
      </p>
      {ended && (
        <section aria-labelledby="sign-in-again-heading">
          <h2 className="govuk-heading-m" id="sign-in-again-heading">
            Sign in again to sync
          </h2>
          <p className="govuk-body">
            Your session on the server has ended. Everything on this device is kept; sign in with
            your current password to carry on syncing.
          </p>
          <SignInFormFields />
        </section>
      )}
      <SignOutPanel />
    </>
  );
};

/** Online once: afterwards the session is kept on the device and the app works without a connection. */
export const SignInPage = () => {
  const session = useSession();
  if (session === undefined) return null;
  if (session) return <SignedIn name={session.user.name} username={session.user.username} />;
  return <SignInForm />;
};

const SignInForm = () => {
  const navigate = useNavigate();
  return (
    <>
      <h1 className="govuk-heading-l">Sign in</h1>
      <SignInFormFields onSignedIn={() => navigate('/')} />
    </>
  );
};
