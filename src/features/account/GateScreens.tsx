import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { TooManyTriesError, WrongPasswordError } from '../../db/keyring';
import { APP_LOAD_FAILED, isCodeLoadFailure, ReloadButton } from '../shared/code-load';
import { BarePage, Button, ErrorSummary, NotificationBanner, TextInput } from '../shared/govuk';
import { MIN_DEVICE_PASSWORD_CHARS, useKeyring, wipeNotice } from '../shared/keyring-context';
import { useDevice } from '../shared/fieldbook-context';
import { documentTitle, useDocumentTitle } from '../shared/useDocumentTitle';
import { SignInForm } from './SignInForm';

/** The screens before the device is unlocked: nothing about any inspection is shown on them. */
const Frame = ({ title, children }: { title: string; children: ReactNode }) => {
  useDocumentTitle(documentTitle(title));
  return (
    <BarePage>
      <h1 className="govuk-heading-l">{title}</h1>
      {children}
    </BarePage>
  );
};

type FieldError = { text: string; href?: string };

/** What went wrong with the last try: the fields as typed, or the set-up itself (kept as caught). */
type SetPasswordFailure = { problems: FieldError[] } | { caught: unknown };

const SetPasswordForm = () => {
  const keyring = useKeyring();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [failure, setFailure] = useState<SetPasswordFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const caught = failure !== null && 'caught' in failure ? failure.caught : undefined;
  const errors: FieldError[] =
    failure === null
      ? []
      : 'problems' in failure
        ? failure.problems
        : [{ text: caught instanceof Error ? caught.message : 'The password could not be set' }];
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
    setFailure(problems.length > 0 ? { problems } : null);
    if (problems.length > 0) return;
    setBusy(true);
    try {
      await keyring.createPassword(password);
    } catch (error) {
      setFailure({ caught: error });
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} onFocus={keyring.getReady} noValidate>
      <ErrorSummary errors={errors} />
      {isCodeLoadFailure(caught) && <ReloadButton />}
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

/**
 * After a coordinator's revocation wiped the device: why it is empty and, when work that had not
 * reached the server went with it, how much, so the inspector knows what to record again.
 */
const WipedNotice = () => {
  const notice = wipeNotice(window.location.search);
  if (!notice) return null;
  const lost = notice.destroyedChanges;
  return (
    <NotificationBanner title="Important" role="alert">
      <p className="govuk-notification-banner__heading">
        A coordinator has revoked this device, so Fieldbook has removed all its data from it.
      </p>
      <p className="govuk-body" data-testid="wiped-unsent">
        {lost === 0
          ? 'Everything recorded on it had reached the server before it was removed.'
          : `${lost} ${lost === 1 ? 'change' : 'changes'} recorded on it had not reached the server and ${lost === 1 ? 'was' : 'were'} destroyed with it. Record ${lost === 1 ? 'it' : 'them'} again on another device.`}
      </p>
      <p className="govuk-body">
        If this is your tablet and you still need it, ask your coordinator before signing in again.
      </p>
    </NotificationBanner>
  );
};

/** First use of this device: sign in online, or (with no signal) protect the device with a password and start recording. */
export const WelcomeScreen = () => (
  <Frame title="Set up Fieldbook on this device">
    <WipedNotice />
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

/** "Wait 2 seconds, then try again after 09:41:07." — how long, and until when. */
const waitText = (retryAtMs: number, nowMs: number): string => {
  const seconds = Math.max(1, Math.ceil((retryAtMs - nowMs) / 1000));
  const span =
    seconds < 90
      ? `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`
      : `${Math.round(seconds / 60)} minutes`;
  return `Wait ${span}, then try again after ${new Date(retryAtMs).toLocaleTimeString('en-GB')}.`;
};

/** Why an unlock did not open the device, in the words the unlock screen gives. */
const unlockFailureWords = (error: unknown, atMs: number): string =>
  error instanceof TooManyTriesError
    ? `Too many wrong passwords. ${waitText(error.retryAt, atMs)}`
    : error instanceof WrongPasswordError
      ? error.retryAt === null
        ? error.message
        : `${error.message} Too many wrong passwords. ${waitText(error.retryAt, atMs)}`
      : isCodeLoadFailure(error)
        ? APP_LOAD_FAILED
        : 'Fieldbook could not be unlocked.';

/** No password typed, or the unlock refused it (kept as caught, with when, for the wait's words). */
type UnlockFailure = { kind: 'no-password' } | { kind: 'refused'; caught: unknown; atMs: number };

/** Locked: the password unlocks offline. A forgotten password is recovered by signing in online after a reset. */
export const UnlockScreen = () => {
  const keyring = useKeyring();
  const { clock } = useDevice();
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<UnlockFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [recovering, setRecovering] = useState(false);
  const error =
    failure === null
      ? null
      : failure.kind === 'no-password'
        ? 'Enter your password'
        : unlockFailureWords(failure.caught, failure.atMs);
  const codeMissing = failure?.kind === 'refused' && isCodeLoadFailure(failure.caught);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setFailure({ kind: 'no-password' });
      return;
    }
    setBusy(true);
    // The field empties at once: the typed password is held only for the unlock itself. The last
    // answer goes too, so the next one is plainly this try's.
    setPassword('');
    setFailure(null);
    try {
      await keyring.unlock(password);
    } catch (e) {
      setFailure({ kind: 'refused', caught: e, atMs: clock.now() });
      setBusy(false);
    }
  };
  return (
    <Frame title="Fieldbook is locked">
      {/* Code that did not load is not the password's fault: the field is not marked for it. */}
      <ErrorSummary
        errors={error ? [{ text: error, href: codeMissing ? undefined : '#unlock-password' }] : []}
      />
      {codeMissing && <ReloadButton />}
      <form onSubmit={(e) => void submit(e)} onFocus={keyring.getReady} noValidate>
        <TextInput
          id="unlock-password"
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          width={20}
          error={codeMissing ? null : error}
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

/** What the tab says once a newer version in another tab has upgraded the device database. */
export const UPDATED_ELSEWHERE_TITLE = 'Fieldbook has been updated in another tab';

/**
 * A tab still running the version before: its editors' words were saved before the upgrade went
 * ahead, and it now neither reads, writes nor syncs (db/upgraded-elsewhere.ts). A reload takes
 * the new version. The heading takes focus, so a screen reader says at once why the screen went.
 */
export const UpdatedElsewhereScreen = () => {
  useDocumentTitle(documentTitle(UPDATED_ELSEWHERE_TITLE));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <BarePage>
      <h1 className="govuk-heading-l" ref={heading} tabIndex={-1}>
        {UPDATED_ELSEWHERE_TITLE}
      </h1>
      <p className="govuk-body-l">Reload to carry on — your words are kept.</p>
      <p className="govuk-body">
        This tab has stopped saving and syncing, so that the old version cannot write over what the
        new one keeps.
      </p>
      <Button onClick={() => window.location.reload()}>Reload</Button>
    </BarePage>
  );
};

export const DATABASE_LOST_TITLE = 'The browser deleted Fieldbook’s data on this tablet';

/**
 * The browser deleted the device database while the app was open: on a full disk Chromium does
 * (db/lost.ts). Said plainly, never shown as an empty, signed-out tablet: what reached the server
 * is safe, what had not cannot be brought back, and what to do. The heading takes focus, so a
 * screen reader says at once why the screen went.
 */
export const DatabaseLostScreen = () => {
  useDocumentTitle(documentTitle(DATABASE_LOST_TITLE));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <BarePage>
      <h1 className="govuk-heading-l" ref={heading} tabIndex={-1}>
        {DATABASE_LOST_TITLE}
      </h1>
      <p className="govuk-body-l">
        The tablet ran out of storage space, and the browser removed what Fieldbook kept on it.
      </p>
      <p className="govuk-body">
        Everything that reached the server is safe. Changes made on this tablet since it last synced
        could not be kept: write down what you recorded since then, and tell your lead.
      </p>
      <p className="govuk-body">
        Free some space on the tablet (photos or videos you no longer need), then start again and
        sign in: the team’s evidence comes back with the first sync.
      </p>
      <Button onClick={() => window.location.assign('/')}>Start again</Button>
    </BarePage>
  );
};
