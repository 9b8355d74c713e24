import { createContext, useContext } from 'react';

/**
 * The device's lock, provided by the app shell (which alone holds the key). Screens ask it to set
 * the first password, unlock, take over after an online sign-in, or lock now.
 */
export type KeyringState = 'loading' | 'setup' | 'locked' | 'unlocked';
export type Keyring = {
  state: KeyringState;
  createPassword: (password: string) => Promise<void>;
  unlock: (password: string) => Promise<void>;
  /**
   * Online once: the server checks the password and releases this device's key, which creates,
   * attaches or recovers the data key; the session and the user's inspections are kept and the
   * device unlocks. Works locked. Fails with a TransportError (or AppLoadError) and leaves the
   * device as it was.
   */
  signIn: (credentials: { username: string; password: string }) => Promise<void>;
  /**
   * The user has started on a form that leads into the app (a password is being typed): the app's
   * code and the device's database are fetched, run and opened meanwhile, so the tap waits for
   * neither. Nothing is unlocked or stored; a failure here is met and told by the tap.
   */
  getReady: () => void;
  lock: () => Promise<void>;
  /**
   * Removes everything Fieldbook keeps on this device and starts afresh (sign-out, revoked device).
   * With a reason, the fresh start says why the data is gone.
   */
  wipe: (reason?: WipeReason) => Promise<void>;
};

/** Why a device was wiped without the user asking: told on the welcome screen after the wipe. */
export type WipeReason = 'device-revoked';
/** The query parameters that carry the reason, and how many unsent changes went with the data, across the reload that follows a wipe. */
export const WIPE_REASON_PARAM = 'wiped';
export const WIPE_DESTROYED_PARAM = 'unsent';

export const wipedUrl = (reason: WipeReason, destroyedChanges: number): string =>
  `/?${new URLSearchParams({ [WIPE_REASON_PARAM]: reason, [WIPE_DESTROYED_PARAM]: String(destroyedChanges) }).toString()}`;

/** What the welcome screen says after a wipe it did not ask for; null after an ordinary start. */
export const wipeNotice = (
  search: string,
): { reason: WipeReason; destroyedChanges: number } | null => {
  const params = new URLSearchParams(search);
  if (params.get(WIPE_REASON_PARAM) !== 'device-revoked') return null;
  const destroyed = Number(params.get(WIPE_DESTROYED_PARAM));
  return {
    reason: 'device-revoked',
    destroyedChanges: Number.isSafeInteger(destroyed) && destroyed > 0 ? destroyed : 0,
  };
};

export const KeyringContext = createContext<Keyring | null>(null);

export const useKeyring = (): Keyring => {
  const value = useContext(KeyringContext);
  if (!value) throw new Error('useKeyring must be used inside <KeyringContext.Provider>');
  return value;
};

export const MIN_DEVICE_PASSWORD_CHARS = 10;
