import { useState } from 'react';
import { exportEncrypted } from '../../db';
import { isoAt } from '../../domain';
import { signOut } from '../../sync';
import { downloadText } from '../shared/download';
import { useFieldbook } from '../shared/fieldbook-context';
import { Button, Checkboxes, ErrorSummary, TextInput, WarningText } from '../shared/govuk';
import { useDraftCount, useUnsentCount } from '../shared/hooks';
import { MIN_DEVICE_PASSWORD_CHARS, useKeyring } from '../shared/keyring-context';
import { useSession, useTransport } from '../shared/sync-context';
import { useDeviceUser } from '../shared/useDeviceUser';

/**
 * Sign-out removes Fieldbook's data from this device (a tablet may go back to a pool). It never
 * deletes unsynced work silently: it says how much there is, offers an encrypted copy first, and
 * asks for an explicit confirmation before wiping it.
 */
export const SignOutPanel = () => {
  const { db, clock } = useFieldbook();
  const transport = useTransport();
  const keyring = useKeyring();
  const session = useSession();
  const { user } = useDeviceUser();
  const ops = useUnsentCount();
  const drafts = useDraftCount();
  // Words kept on the tablet that no button has sent yet are unsent work too.
  const unsent = ops === undefined || drafts === undefined ? undefined : ops + drafts;
  const [exportPassword, setExportPassword] = useState('');
  const [exported, setExported] = useState(false);
  const [confirmed, setConfirmed] = useState<string[]>([]);
  const [busy, setBusy] = useState<'export' | 'sign-out' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const atRisk = unsent !== undefined && unsent > 0;

  const download = async () => {
    if (exportPassword.length < MIN_DEVICE_PASSWORD_CHARS) {
      setError(`Use at least ${MIN_DEVICE_PASSWORD_CHARS} characters for the copy's password`);
      return;
    }
    setError(null);
    setBusy('export');
    try {
      const userId = session?.user.id ?? user?.id;
      if (!userId) throw new Error('Fieldbook is still loading: try again in a moment');
      // Sealed in the copy, so only this user can restore it, against this server.
      const owner = { userId, origin: window.location.origin };
      const backup = await exportEncrypted(db, exportPassword, isoAt(clock), owner);
      downloadText(
        `fieldbook-${backup.createdAt.slice(0, 10)}.fieldbook.json`,
        JSON.stringify(backup),
        'application/json',
      );
      setExported(true);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The copy could not be made');
    } finally {
      setBusy(null);
    }
  };

  const leave = async () => {
    if (atRisk && !exported && confirmed.length === 0) {
      setError(
        'Download an encrypted copy first, or confirm that the unsent changes may be deleted',
      );
      return;
    }
    setBusy('sign-out');
    await signOut(db, transport);
    await keyring.wipe();
  };

  return (
    <section aria-labelledby="sign-out-heading">
      <h2 className="govuk-heading-m" id="sign-out-heading">
        Sign out
      </h2>
      <ErrorSummary errors={error ? [{ text: error }] : []} />
      <p className="govuk-body">
        Signing out removes Fieldbook and everything it holds from this device.
      </p>
      {atRisk && (
        <>
          <WarningText>
            {unsent} {unsent === 1 ? 'change has' : 'changes have'} not reached the server yet. Sync
            first if you can. Otherwise keep an encrypted copy before signing out.
            {drafts ? (
              <>
                {' '}
                {drafts === 1 ? 'One of them is' : `${drafts} of them are`} kept on this tablet and
                not sent by its button yet (a comment, a concern or a stage not yet saved).
              </>
            ) : null}
          </WarningText>
          <TextInput
            id="export-password"
            label="Password for the encrypted copy"
            hint="Anyone opening the copy needs this password. Tell your coordinator how to reach it."
            type="password"
            value={exportPassword}
            onChange={setExportPassword}
            autoComplete="new-password"
            width={20}
          />
          <Button variant="secondary" onClick={() => void download()} disabled={busy !== null}>
            {busy === 'export' ? 'Making the copy…' : 'Download an encrypted copy'}
          </Button>
          {exported && <p className="govuk-body">The encrypted copy has been downloaded.</p>}
          <p className="govuk-body">
            Signed in again, on this tablet or another, you can bring this back from Settings →
            Restore unsent work, with the copy&apos;s password.
          </p>
          {!exported && (
            <Checkboxes
              legend="Without a copy"
              values={confirmed}
              onChange={setConfirmed}
              options={[
                {
                  value: 'delete',
                  label: `Delete the ${unsent} unsent ${unsent === 1 ? 'change' : 'changes'}`,
                },
              ]}
            />
          )}
        </>
      )}
      <Button variant="warning" onClick={() => void leave()} disabled={busy !== null}>
        {busy === 'sign-out' ? 'Signing out…' : 'Sign out and remove data from this device'}
      </Button>
    </section>
  );
};
