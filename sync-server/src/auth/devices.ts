import { randomBytes } from 'node:crypto';

/** DESIGN.md §5: the per-device wrapping key, 32 random bytes in standard base64 (AES-256). */
const DEVICE_KEY_BYTES = 32;
export const newDeviceKey = (): string => randomBytes(DEVICE_KEY_BYTES).toString('base64');

/** The settings row holding the coordinator's idle lock, in whole minutes. */
export const IDLE_LOCK_SETTING = 'idleLockMinutes';
