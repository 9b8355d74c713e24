import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { isQuotaError } from '../../db/errors';
import { TransportError } from '../../sync/transport-errors';
import { isCodeLoadFailure, ReloadButton } from '../shared/code-load';
import { Button, ErrorSummary, TextInput } from '../shared/govuk';
import { useKeyring } from '../shared/keyring-context';

export const SIGN_IN_STORAGE_FULL =
  'This tablet is out of storage space, so Fieldbook cannot set itself up on it. Free some space on the tablet (photos or videos you no longer need), then sign in again.';

export const explainSignInError = (error: unknown): string => {
  // Signed in, but the keys and the first records could not be written: not a sign-in failure.
  if (isQuotaError(error)) return SIGN_IN_STORAGE_FULL;
  if (!(error instanceof TransportError))
    return error instanceof Error ? error.message : 'Sign-in failed';
  switch (error.failure.kind) {
    case 'offline':
      return 'There is no connection to the server. Signing in needs a connection once; after that Fieldbook works offline.';
    case 'unauthorized':
      return 'The username or password is not right.';
    case 'device-revoked':
      return 'This device has been revoked by a coordinator. Its Fieldbook data is being removed.';
    case 'rate-limited':
      return `Too many attempts. Try again in ${waitInWords(error.failure.retryAfterMs)}.`;
    default:
      return error.message;
  }
};

/** The server's Retry-After (DESIGN.md §4.2): from a second, doubling, up to 15 minutes. */
const waitInWords = (ms: number): string => {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
};

/**
 * Online once: the server checks the password and releases this device's key, which unlocks (or
 * recovers, after a coordinator's password reset) the evidence on the device. Works locked.
 */
export const SignInForm = ({ onSignedIn }: { onSignedIn?: () => void }) => {
  const keyring = useKeyring();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const mutation = useMutation({
    mutationFn: () => keyring.signIn({ username: username.trim(), password }),
    onSuccess: () => onSignedIn?.(),
    onError: (error) => {
      // A revoked device wipes itself on its next contact with the server (DESIGN.md §5).
      if (error instanceof TransportError && error.failure.kind === 'device-revoked')
        void keyring.wipe('device-revoked');
    },
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
    ...(mutation.error ? [{ text: explainSignInError(mutation.error) }] : []),
  ];
  return (
    <>
      <ErrorSummary errors={errors} />
      {isCodeLoadFailure(mutation.error) && <ReloadButton />}
      <form onSubmit={submit} onFocus={keyring.getReady} noValidate>
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
