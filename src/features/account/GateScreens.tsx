import { useState, type FormEvent, type ReactNode } from 'react';
import { TooManyTriesError, WrongPasswordError } from '../../db';
import { Button, ErrorSummary, NotificationBanner, TextInput } from '../shared/govuk';
import {
  MIN_DEVICE_PASSWORD_CHARS,
  useKeyring,
  WIPE_REASON_PARAM,
} from '../shared/keyring-context';
import { documentTitle, useDocumentTitle } from '../shared/useDocumentTitle';
import { SignInForm } from './SignInForm';

/** The screens before the device is unlocked: nothing about any inspection is shown on them. */
const Frame = ({ title, children }: { title: string; children: ReactNode }) => {
  useDocumentTitle(documentTitle(title));
  return (
    <div className="fb-shell">
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content">
          <h1 className="govuk-heading-l">{title}</h1>
          {children}
        </main>
      </div>
    </div>
  );
};

const SetPasswordForm = () => {
  const keyring = useKeyring();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ text: string; href?: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = [
      ...(password.length < MIN_DEVICE_PASSWORD_CHARS
        ? [{ text: `Use at least ${MIN_DEVICE_PASSWORD_CHARS} characters`, href: '#new-password' }]
        : []),
      ...(password !== confirm
        ? [{ text: 'The two passwords are not the same', href: '#confirm-password' }]
        : []),
    ];
    setErrors(problems);
    if (problems.length > 0) return;
    setBusy(true);
    try {
      await keyring.createPassword(password);
    } catch (error) {
      setErrors([
        { text: error instanceof Error ? error.message : 'The password could not be set' },
      ]);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary errors={errors} />
      <TextInput
        id="new-password"
        label="Password for this device"
        hint={`At least ${MIN_DEVICE_PASSWORD_CHARS} characters. Everything you record is encrypted with it; you will need it to unlock Fieldbook.`}
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="new-password"
        width={20}
      />
      <TextInput
        id="confirm-password"
        label="Type the password again"
        type="password"
        value={confirm}
        onChange={setConfirm}
        autoComplete="new-password"
        width={20}
      />
      <Button type="submit" disabled={busy}>
        {busy ? 'Setting up…' : 'Set password and start'}
      </Button>
    </form>
  );
};

/** First use of this device: sign in online, or (with no signal) protect the device with a password and start recording. */
export const WelcomeScreen = () => (
  <Frame title="Set up Fieldbook on this device">
    {new URLSearchParams(window.location.search).get(WIPE_REASON_PARAM) === 'device-revoked' && (
      <NotificationBanner title="Important" role="alert">
        <p className="govuk-notification-banner__heading">
          A coordinator has revoked this device, so Fieldbook has removed all its data from it.
        </p>
        <p className="govuk-body">
          If this is your tablet and you still need it, ask your coordinator before signing in
          again.
        </p>
      </NotificationBanner>
    )}
    <p className="govuk-body">
      Fieldbook keeps inspection evidence on this device, encrypted, and syncs it with your team
      when there is a connection.
    </p>
    <h2 className="govuk-heading-m">Sign in with your inspection account</h2>
    <SignInForm />
    <h2 className="govuk-heading-m">No connection? Start offline</h2>
    <p className="govuk-body">
      Set a password for this device and start recording now. When you sign in later, use your
      account password.
    </p>
    <SetPasswordForm />
  </Frame>
);

/** Locked: the password unlocks offline. A forgotten password is recovered by signing in online after a reset. */
export const UnlockScreen = () => {
  const keyring = useKeyring();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [recovering, setRecovering] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setError('Enter your password');
      return;
    }
    setBusy(true);
    try {
      await keyring.unlock(password);
    } catch (e) {
      setError(
        e instanceof TooManyTriesError
          ? `Too many wrong passwords. Try again after ${new Date(e.retryAt).toLocaleTimeString('en-GB')}.`
          : e instanceof WrongPasswordError
            ? e.message
            : 'Fieldbook could not be unlocked.',
      );
      setPassword('');
      setBusy(false);
    }
  };
  return (
    <Frame title="Fieldbook is locked">
      <ErrorSummary errors={error ? [{ text: error, href: '#unlock-password' }] : []} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextInput
          id="unlock-password"
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          width={20}
          error={error}
        />
        <Button type="submit" disabled={busy}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </Button>
      </form>
      <h2 className="govuk-heading-m">Forgotten your password?</h2>
      <p className="govuk-body">
        Ask your coordinator to reset it, then sign in here with a connection. Nothing recorded on
        this device is lost.
      </p>
      {recovering ? (
        <SignInForm />
      ) : (
        <Button variant="secondary" onClick={() => setRecovering(true)}>
          Sign in online instead
        </Button>
      )}
    </Frame>
  );
};
