import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { signIn, signOut, TransportError } from '../../sync';
import { useFieldbook } from '../shared/fieldbook-context';
import { Button, ErrorSummary, TextInput } from '../shared/govuk';
import { useUnsentCount } from '../shared/hooks';
import { useSession, useTransport } from '../shared/sync-context';
import { WarningText } from '../shared/govuk';

const explain = (error: unknown): string => {
  if (!(error instanceof TransportError))
    return error instanceof Error ? error.message : 'Sign-in failed';
  switch (error.failure.kind) {
    case 'offline':
      return 'There is no connection to the server. Signing in needs a connection once; after that Fieldbook works offline.';
    case 'unauthorized':
      return 'The username or password is not right.';
    case 'rate-limited':
      return `Too many attempts. Try again in ${Math.ceil(error.failure.retryAfterMs / 60_000)} minutes.`;
    default:
      return error.message;
  }
};

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
  const { db, repo } = useFieldbook();
  const transport = useTransport();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const mutation = useMutation({
    mutationFn: () => signIn(db, repo, transport, username.trim(), password),
    onSuccess: () => navigate('/'),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const gaps = [
      ...(username.trim() ? [] : ['Enter your username']),
      ...(password ? [] : ['Enter your password']),
    ];
    setMissing(gaps);
    if (gaps.length === 0) mutation.mutate();
  };
  const errors = [
    ...missing.map((text) => ({
      text,
      href: text.includes('username') ? '#username' : '#password',
    })),
    ...(mutation.error ? [{ text: explain(mutation.error) }] : []),
  ];
  return (
    <>
      <h1 className="govuk-heading-l">Sign in</h1>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <TextInput
          id="username"
          label="Username"
          value={username}
          onChange={setUsername}
          autoComplete="username"
          width={20}
        />
        <TextInput
          id="password"
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          width={20}
        />
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </>
  );
};
