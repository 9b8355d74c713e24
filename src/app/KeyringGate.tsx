import {
  startTransition,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactElement,
} from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
// Modules, not the barrels: the first screen's bundle takes only what the gate uses.
import { deleteDatabase } from '../db/database';
import type { KeyHolder } from '../db/encryption';
import {
  attachSignIn,
  createKeyring,
  findKeyring,
  lock,
  type DeviceKey,
  readKeyring,
  startPasswordWrap,
  unlockWithPassword,
} from '../db/keyring';
import { getMeta, META_KEYS } from '../db/meta';
import { startSealWorker } from '../db/seal-off-thread';
import { onDatabaseLost } from '../db/lost';
import { onUpgradedElsewhere } from '../db/upgraded-elsewhere';
import { focusSpotOf, returnFocus, type FocusSpot } from './focus-return';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../domain/device-policy';
import {
  DatabaseLostScreen,
  UnlockScreen,
  UpdatedElsewhereScreen,
  WelcomeScreen,
} from '../features/account/GateScreens';
import { useDevice } from '../features/shared/fieldbook-context';
import {
  KeyringContext,
  wipedUrl,
  type Keyring,
  type KeyringState,
} from '../features/shared/keyring-context';
import type { BeginUnlock, Session } from '../sync/session';
import { useIdle, type SharedActivity } from './idle';
import { useTabChannel, type TabMessage } from './tabs';

/** What the gate asks of the app behind it once its code is in (UnlockedApp.tsx). */
export type LoadedApp = {
  element: ReactElement;
  /** Resolves when every write the screens started has landed (before a lock drops the key). */
  idle: () => Promise<void>;
  /** Online sign-in (sync/session.ts) through the app's repository and transport. */
  signIn: (
    credentials: { username: string; password: string },
    beginUnlock: BeginUnlock,
  ) => Promise<Session>;
};

/**
 * Nothing of the app renders until the device is unlocked; its code (`loadApp`) is fetched and run
 * only once the user starts on a form that leads past the gate (`getReady`), or at the tap (a
 * sign-in goes through the app's transport and repository), so the welcome and unlock screens come
 * up without it. Locking (on demand or after idle time) first unmounts every screen, so open
 * editors flush their last words, waits for those writes, then drops the key and the server-data
 * cache: locked, nothing readable is left in memory.
 * A lock or a wipe in one tab holds in every tab of the app on this device (issue 11 point 7).
 * Should a newer version of the app, in another tab, upgrade the device database, this tab closes
 * up the same way (its editors' last words are saved first: the upgrade waits for them), then its
 * database closes for good and it says so, with a reload (db/upgraded-elsewhere.ts).
 */
export const KeyringGate = ({
  holder,
  loadApp,
}: {
  holder: KeyHolder;
  loadApp: () => Promise<LoadedApp>;
}) => {
  const { db, clock } = useDevice();
  const queryClient = useQueryClient();
  const [state, setState] = useState<KeyringState | 'locking' | 'replaced' | 'lost'>('loading');
  /** Moves on, unless the tab was replaced meanwhile: nothing leaves that state but a reload. */
  const settle = useCallback(
    (next: KeyringState) => setState((now) => (now === 'replaced' || now === 'lost' ? now : next)),
    [],
  );
  const [app, setApp] = useState<LoadedApp | null>(null);
  /** Awaited before the key is touched: if the app cannot load, nothing is left unlocked. */
  const withApp = useCallback(async () => setApp(await loadApp()), [loadApp]);

  useEffect(() => {
    let live = true;
    void findKeyring(db).then(async (keyring) => {
      const next = !keyring ? 'setup' : holder.current ? 'unlocked' : 'locked';
      if (next === 'unlocked') await withApp();
      // The first screen drawn in slices (a transition), not in one long task while the page loads.
      if (live) startTransition(() => settle(next));
    });
    return () => {
      live = false;
    };
  }, [db, holder, settle, withApp]);

  // The coordinator's policy follows the stored value: it arrives with sign-in and each sync,
  // after the device is already unlocked, and must apply from then on, not from the next unlock.
  const settings = useLiveQuery(
    () =>
      state === 'unlocked'
        ? getMeta<{ idleLockMinutes: number }>(db, META_KEYS.deviceSettings).catch(() => undefined)
        : undefined,
    [db, state],
  );
  const idleMinutes = settings?.idleLockMinutes || DEFAULT_IDLE_LOCK_MINUTES;

  const focusSpot = useRef<FocusSpot | null>(null);
  /** Unmounts every screen, waits for the writes their editors flush, then drops the key and the cache. */
  const closeUp = useCallback(async () => {
    // Where the caret was (never the words), for the unlock to put it back (focus-return.ts).
    focusSpot.current = focusSpotOf(document.activeElement, window.location.pathname);
    // Out of the field first: removed while focused, a field gets no focusout, and React's
    // select-event plugin then keeps it (and its value tracker the words typed) for good.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    setState('locking');
    await new Promise((resolve) => setTimeout(resolve, 0)); // let unmounted editors start their flush
    await app?.idle(); // no app, no screens: nothing was written
    lock(holder);
    queryClient.clear();
  }, [app, holder, queryClient]);

  const lockHere = useCallback(async () => {
    await closeUp();
    settle('locked');
  }, [closeUp, settle]);

  // A newer version in another tab upgrades the database: the screens' last words are saved while
  // it waits, the key and the caches are dropped as for a lock, and the database then closes for
  // good. Sync stops with the screens (SyncProvider is among them). Nothing of the app is loaded
  // for the message: the code behind it may be gone with the old version.
  const closeUpNow = useRef(closeUp);
  closeUpNow.current = closeUp;
  useEffect(
    () =>
      onUpgradedElsewhere(db, async () => {
        await closeUpNow.current();
        setState('replaced');
      }),
    [db],
  );

  // The browser deleted the database under the page (a full disk: db/lost.ts): nothing can be
  // saved any more, so the screens go, the key and the caches are dropped as for a lock, and the
  // gate says what happened instead of showing an empty, signed-out tablet.
  useEffect(
    () =>
      onDatabaseLost(db, () => {
        lock(holder);
        queryClient.clear();
        setState('lost');
      }),
    [db, holder, queryClient],
  );

  const current = useRef(state);
  current.current = state;
  const activityListeners = useRef(new Set<() => void>());
  const onTabMessage = useCallback(
    (message: TabMessage) => {
      if (message.type === 'active') for (const heard of activityListeners.current) heard();
      // Another tab's lock locks this one too; a tab still being set up or already locked has nothing to close.
      else if (message.type === 'lock' && current.current === 'unlocked') void lockHere();
      else if (message.type === 'wiped')
        void closeUp().then(() => {
          db.close();
          window.location.assign(message.to);
        });
    },
    [closeUp, db, lockHere],
  );
  const tabs = useTabChannel(db.name, onTabMessage);
  const shared = useMemo<SharedActivity>(
    () => ({
      share: () => tabs.post({ type: 'active' }),
      subscribe: (heard) => {
        activityListeners.current.add(heard);
        return () => activityListeners.current.delete(heard);
      },
    }),
    [tabs],
  );

  const lockNow = useCallback(async () => {
    tabs.post({ type: 'lock' });
    await lockHere();
  }, [lockHere, tabs]);

  useIdle(state === 'unlocked' ? idleMinutes * 60_000 : null, () => void lockNow(), shared);

  const keyring = useMemo<Keyring>(
    () => ({
      state: state === 'locking' || state === 'replaced' || state === 'lost' ? 'locked' : state,
      createPassword: async (password) => {
        await withApp();
        await createKeyring(db, holder, password);
        settle('unlocked');
      },
      unlock: async (password) => {
        startSealWorker(); // as in getReady, for a tap that did not focus the form first
        await withApp();
        await unlockWithPassword(db, holder, password, clock);
        settle('unlocked');
        const spot = focusSpot.current;
        focusSpot.current = null;
        if (spot) returnFocus(spot);
      },
      signIn: async (credentials) => {
        const { password } = credentials;
        // Derived while the app's code loads and the server checks the password; a failed
        // sign-in drops it.
        const prepared = startPasswordWrap(password);
        startSealWorker(); // as in unlock
        const loaded = await loadApp();
        const afterLogin = async (device: DeviceKey | undefined) => {
          setApp(loaded);
          if (device) await attachSignIn(db, holder, password, device, prepared);
          else if (!(await readKeyring(db)))
            await createKeyring(db, holder, password, undefined, prepared);
          else if (!holder.current) await unlockWithPassword(db, holder, password, clock);
          settle('unlocked');
        };
        await loaded.signIn(credentials, () => afterLogin);
      },
      getReady: () => {
        // loadOnce forgets a failed load and Dexie opens again: the tap tries afresh and says why.
        loadApp().catch(() => undefined);
        db.open().catch(() => undefined);
        // Its start-up passes while the user types, not on a new tablet's first sync, which seals
        // page one in it; nothing is sent to it until then (db/seal-off-thread.ts).
        startSealWorker();
      },
      lock: lockNow,
      wipe: async (reason) => {
        await closeUp();
        // Counted before the wipe so the welcome screen can say how much work to record again.
        const destroyed = reason ? await db.outbox.count() : 0;
        db.close();
        const to = reason ? wipedUrl(reason, destroyed) : '/';
        tabs.post({ type: 'wiped', to });
        await deleteDatabase(db.name);
        // A fresh start on an empty device: the user asked for this, or a coordinator did (and
        // the welcome screen then says so: the screen that could have said it is gone).
        window.location.assign(to);
      },
    }),
    [clock, closeUp, db, holder, loadApp, lockNow, settle, state, tabs, withApp],
  );

  return (
    <KeyringContext.Provider value={keyring}>
      {state === 'unlocked' ? (
        app?.element
      ) : state === 'setup' ? (
        <WelcomeScreen />
      ) : state === 'locked' ? (
        <UnlockScreen />
      ) : state === 'replaced' ? (
        <UpdatedElsewhereScreen />
      ) : state === 'lost' ? (
        <DatabaseLostScreen />
      ) : null}
    </KeyringContext.Provider>
  );
};
