import { createContext, useContext } from 'react';
import type { DeviceKey } from '../../db';

/**
 * The device's lock, provided by the app shell (which alone holds the key). Screens ask it to set
 * the first password, unlock, take over after an online sign-in, or lock now.
 */
export type KeyringState = 'loading' | 'setup' | 'locked' | 'unlocked';
export type Keyring = {
  state: KeyringState;
  createPassword: (password: string) => Promise<void>;
  unlock: (password: string) => Promise<void>;
  /** After the server accepted the password: create, attach or recover the data key. */
  afterLogin: (password: string, device: DeviceKey | undefined) => Promise<void>;
  lock: () => Promise<void>;
  /**
   * Removes everything Fieldbook keeps on this device and starts afresh (sign-out, revoked device).
   * With a reason, the fresh start says why the data is gone.
   */
  wipe: (reason?: WipeReason) => Promise<void>;
};

/** Why a device was wiped without the user asking: told on the welcome screen after the wipe. */
export type WipeReason = 'device-revoked';
/** The query parameter that carries the reason across the reload that follows a wipe. */
export const WIPE_REASON_PARAM = 'wiped';

export const KeyringContext = createContext<Keyring | null>(null);

export const useKeyring = (): Keyring => {
  const value = useContext(KeyringContext);
  if (!value) throw new Error('useKeyring must be used inside <KeyringContext.Provider>');
  return value;
};

export const MIN_DEVICE_PASSWORD_CHARS = 10;
