import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import {
  attachSignIn,
  createKeyring,
  deleteDatabase,
  getMeta,
  lock,
  readKeyring,
  unlockWithPassword,
  type KeyHolder,
} from '../db';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../domain';
import { DEVICE_SETTINGS_KEY } from '../sync';
import { UnlockScreen, WelcomeScreen } from '../features/account/GateScreens';
import { useFieldbook } from '../features/shared/fieldbook-context';
import {
  KeyringContext,
  WIPE_REASON_PARAM,
  type Keyring,
  type KeyringState,
} from '../features/shared/keyring-context';
import { useIdle } from './idle';

/**
 * Nothing of the app renders until the device is unlocked. Locking (on demand or after idle time)
 * first unmounts every screen, so open editors flush their last words, waits for those writes,
 * then drops the key and the server-data cache: locked, nothing readable is left in memory.
 */
export const KeyringGate = ({ holder, children }: { holder: KeyHolder; children: ReactNode }) => {
  const { db, repo, clock } = useFieldbook();
  const queryClient = useQueryClient();
  const [state, setState] = useState<KeyringState | 'locking'>('loading');

  useEffect(() => {
    let live = true;
    void readKeyring(db).then((keyring) => {
      if (live) setState(!keyring ? 'setup' : holder.current ? 'unlocked' : 'locked');
    });
    return () => {
      live = false;
    };
  }, [db, holder]);

  // The coordinator's policy follows the stored value: it arrives with sign-in and each sync,
  // after the device is already unlocked, and must apply from then on, not from the next unlock.
  const settings = useLiveQuery(
    () =>
      state === 'unlocked'
        ? getMeta<{ idleLockMinutes: number }>(db, DEVICE_SETTINGS_KEY).catch(() => undefined)
        : undefined,
    [db, state],
  );
  const idleMinutes = settings?.idleLockMinutes || DEFAULT_IDLE_LOCK_MINUTES;

  /** Unmounts every screen, waits for the writes their editors flush, then drops the key and the cache. */
  const closeUp = useCallback(async () => {
    setState('locking');
    await new Promise((resolve) => setTimeout(resolve, 0)); // let unmounted editors start their flush
    await repo.idle();
    lock(holder);
    queryClient.clear();
  }, [holder, queryClient, repo]);

  const lockNow = useCallback(async () => {
    await closeUp();
    setState('locked');
  }, [closeUp]);

  useIdle(state === 'unlocked' ? idleMinutes * 60_000 : null, () => void lockNow());

  const keyring = useMemo<Keyring>(
    () => ({
      state: state === 'locking' ? 'locked' : state,
      createPassword: async (password) => {
        await createKeyring(db, holder, password);
        setState('unlocked');
      },
      unlock: async (password) => {
        await unlockWithPassword(db, holder, password, clock);
        setState('unlocked');
      },
      afterLogin: async (password, device) => {
        if (device) await attachSignIn(db, holder, password, device);
        else if (!(await readKeyring(db))) await createKeyring(db, holder, password);
        else if (!holder.current) await unlockWithPassword(db, holder, password, clock);
        setState('unlocked');
      },
      lock: lockNow,
      wipe: async (reason) => {
        await closeUp();
        db.close();
        await deleteDatabase(db.name);
        // A fresh start on an empty device: the user asked for this, or a coordinator did (and
        // the welcome screen then says so: the screen that could have said it is gone).
        window.location.assign(reason ? `/?${WIPE_REASON_PARAM}=${reason}` : '/');
      },
    }),
    [clock, closeUp, db, holder, lockNow, state],
  );

  return (
    <KeyringContext.Provider value={keyring}>
      {state === 'unlocked' ? (
        children
      ) : state === 'setup' ? (
        <WelcomeScreen />
      ) : state === 'locked' ? (
        <UnlockScreen />
      ) : null}
    </KeyringContext.Provider>
  );
};
