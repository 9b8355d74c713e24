import { randomBytes } from 'node:crypto';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../../../src/domain/protocol';
import type { Store } from '../store/types';

/** DESIGN.md §5: the per-device wrapping key, 32 random bytes in standard base64 (AES-256). */
const DEVICE_KEY_BYTES = 32;
export const newDeviceKey = (): string => randomBytes(DEVICE_KEY_BYTES).toString('base64');

/** The settings row holding the coordinator's idle lock, in whole minutes. */
export const IDLE_LOCK_SETTING = 'idleLockMinutes';

/** The idle lock in force: the coordinator's, or the default when unset or unreadable. */
export const readIdleLockMinutes = async (store: Store): Promise<number> => {
  const minutes = Number(await store.setting(IDLE_LOCK_SETTING));
  return Number.isInteger(minutes) && minutes > 0 ? minutes : DEFAULT_IDLE_LOCK_MINUTES;
};
