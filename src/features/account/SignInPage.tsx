import { useNavigate } from 'react-router';
import { useSession } from '../shared/sync-context';
import { SignInForm as SignInFormFields } from './SignInForm';
import { SignOutPanel } from './SignOutPanel';

/** Signed in: who, and a sign-out that says plainly what happens to work not yet on the server. */
const SignedIn = ({ name, username }: { name: string; username: string }) => (
  <>
    <h1 className="govuk-heading-l">Your account</h1>
    <p className="govuk-body">
      Signed in as <strong>{name}</strong> ({username}).
    </p>
    <SignOutPanel />
  </>
);

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
