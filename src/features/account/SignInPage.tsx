import { useState } from 'react';
import { useNavigate } from 'react-router';
import { signOut } from '../../sync';
import { SignInForm as SignInFormFields } from './SignInForm';
import { useFieldbook } from '../shared/fieldbook-context';
import { Button } from '../shared/govuk';
import { useUnsentCount } from '../shared/hooks';
import { useSession, useTransport } from '../shared/sync-context';
import { WarningText } from '../shared/govuk';

/** Signed in: who, and sign-out that says plainly what happens to work not yet on the server. */
const SignedIn = ({ name, username }: { name: string; username: string }) => {
  const { db } = useFieldbook();
  const transport = useTransport();
  const unsent = useUnsentCount();
  const [busy, setBusy] = useState(false);
  return (
    <>
      <h1 className="govuk-heading-l">Your account</h1>
      <p className="govuk-body">
        Signed in as <strong>{name}</strong> ({username}).
      </p>
      {unsent !== undefined && unsent > 0 && (
        <WarningText>
          {unsent} {unsent === 1 ? 'change is' : 'changes are'} not yet on the server. Signing out
          keeps them on this device; they are sent when you sign in again.
        </WarningText>
      )}
      <Button
        variant="secondary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void signOut(db, transport).finally(() => setBusy(false));
        }}
      >
        Sign out
      </Button>
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
