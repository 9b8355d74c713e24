import type { Clock } from '../domain';
import {
  derivePasswordKey,
  generateDataKey,
  importDeviceKey,
  PBKDF2_ITERATIONS,
  randomBytes,
  unwrapDataKey,
  wrapDataKey,
  type Sealed,
} from './cipher';
import { databaseMayExist, ROW_TABLES, type FieldbookDB } from './database';
import { tellLocked, type KeyHolder } from './encryption';
import { META } from './meta';

/**
 * The wrapped data key (DESIGN.md §5). The data key never touches the disk in clear: it is kept
 * wrapped by the password key (so the same password unlocks offline) and, once this device has
 * signed in online, by the device key the server holds (so a forgotten password never strands
 * unsynced evidence). Kept in `meta` in clear — it is ciphertext, and it must be readable locked.
 */
export type Keyring = {
  salt: Uint8Array<ArrayBuffer>;
  iterations: number;
  byPassword: Sealed;
  byDevice: (Sealed & { deviceId: string }) | null;
};
export type DeviceKey = { deviceId: string; key: string };

/** Repeated wrong passwords slow down: after the third, each try waits twice as long, up to 5 minutes. */
type Lockout = { failures: number; until: number };
const FREE_TRIES = 3;
const LOCKOUT_MAX_MS = 5 * 60 * 1000;
const SALT_BYTES = 16;

export class WrongPasswordError extends Error {
  override name = 'WrongPasswordError';
  /**
   * When this wrong try starts a wait (the third and later), when it ends, so the screen can say
   * how long at once rather than only on the next try. Null: try again now.
   */
  constructor(readonly retryAt: number | null = null) {
    super('That password does not unlock this device.');
  }
}
export class TooManyTriesError extends Error {
  override name = 'TooManyTriesError';
  constructor(readonly retryAt: number) {
    super('Too many wrong passwords. Wait before trying again.');
  }
}

const KEYRING = META.keyring.key;
const LOCKOUT = META.lockout.key;

export const readKeyring = async (db: FieldbookDB): Promise<Keyring | undefined> =>
  (await db.meta.get(KEYRING))?.value as Keyring | undefined;

/**
 * The gate's first look: the keyring, without opening the database when the device has none. A
 * first visit then draws the welcome screen without declaring, opening and creating the database
 * first (~300 ms of a 4x slower CPU before the first paint); it is made when the user starts.
 */
export const findKeyring = async (db: FieldbookDB): Promise<Keyring | undefined> =>
  (await databaseMayExist(db.name)) ? readKeyring(db) : undefined;

const writeKeyring = (db: FieldbookDB, keyring: Keyring) =>
  db.meta.put({ key: KEYRING, value: keyring });

/**
 * A password key under a new salt, its derivation (PBKDF2, the slow part of setting up the key)
 * started at once: a sign-in starts it as the password goes to the server, so the two overlap.
 * Used for one wrap only; a sign-in that fails simply drops it.
 */
export type PasswordWrap = { salt: Uint8Array<ArrayBuffer>; key: Promise<CryptoKey> };
export const startPasswordWrap = (password: string): PasswordWrap => {
  const salt = randomBytes(SALT_BYTES);
  const key = derivePasswordKey(password, salt, PBKDF2_ITERATIONS);
  key.catch(() => undefined); // reported where it is awaited, if it ever is
  return { salt, key };
};

/** Wraps the data key under a new salt, and puts a copy in the holder that cannot be exported from this page. */
const wrapWithPassword = async (
  dataKey: CryptoKey,
  holder: KeyHolder,
  { salt, key }: PasswordWrap,
) => {
  const passwordKey = await key;
  const byPassword = await wrapDataKey(dataKey, passwordKey);
  const usable = await unwrapDataKey(byPassword, passwordKey, false);
  return {
    wrap: { salt, iterations: PBKDF2_ITERATIONS, byPassword },
    use: () => void (holder.current = usable),
  };
};

/** First use of this device: make the data key and seal anything written before encryption existed. */
export const createKeyring = async (
  db: FieldbookDB,
  holder: KeyHolder,
  password: string,
  device?: DeviceKey,
  prepared: PasswordWrap = startPasswordWrap(password),
): Promise<void> => {
  if (await readKeyring(db)) throw new Error('This device already has a keyring');
  await makeKeyring(db, holder, prepared, device);
};

/** The first keyring, once it is known there is none (each read is a step of a sign-in). */
const makeKeyring = async (
  db: FieldbookDB,
  holder: KeyHolder,
  prepared: PasswordWrap,
  device?: DeviceKey,
): Promise<void> => {
  const dataKey = await generateDataKey();
  const byPassword = await wrapWithPassword(dataKey, holder, prepared);
  const byDevice = device
    ? {
        ...(await wrapDataKey(dataKey, await importDeviceKey(device.key))),
        deviceId: device.deviceId,
      }
    : null;
  await writeKeyring(db, { ...byPassword.wrap, byDevice });
  byPassword.use();
  await sealPlainRows(db);
};

/**
 * Rows written before this device had a key are stored in clear; reading and writing them back
 * seals them. One transaction: on a new tablet every table is empty, and it is one step of sign-in.
 */
const sealPlainRows = (db: FieldbookDB) => {
  const tables = [...ROW_TABLES, 'outbox', 'inspections'].map((name) => db.table(name));
  return db.transaction('rw', [...tables, db.meta], async () => {
    for (const table of tables) await table.bulkPut(await table.toArray());
    const entries = await db.meta.toArray();
    await db.meta.bulkPut(entries.filter((e) => e.key !== KEYRING));
  });
};

export const unlockWithPassword = async (
  db: FieldbookDB,
  holder: KeyHolder,
  password: string,
  clock: Clock,
): Promise<void> => {
  const keyring = await readKeyring(db);
  if (!keyring) throw new Error('This device has no keyring yet');
  const lockout = ((await db.meta.get(LOCKOUT))?.value as Lockout | undefined) ?? {
    failures: 0,
    until: 0,
  };
  if (lockout.until - clock.now() > LOCKOUT_MAX_MS) {
    // Set by a clock that was ahead (a tablet left off for weeks, put right since): counted as is,
    // the inspector would be shut out of her own evidence for as long as the clock was wrong.
    // No wait is longer than LOCKOUT_MAX_MS from now.
    lockout.until = clock.now() + LOCKOUT_MAX_MS;
    // Kept if it can be; a full disk must not stand between the inspector and her unlock.
    await db.meta.put({ key: LOCKOUT, value: lockout satisfies Lockout }).catch(() => undefined);
  }
  if (lockout.until > clock.now()) throw new TooManyTriesError(lockout.until);
  try {
    const passwordKey = await derivePasswordKey(password, keyring.salt, keyring.iterations);
    holder.current = await unwrapDataKey(keyring.byPassword, passwordKey, false);
  } catch {
    const failures = lockout.failures + 1;
    const wait =
      failures < FREE_TRIES ? 0 : Math.min(LOCKOUT_MAX_MS, 1000 * 2 ** (failures - FREE_TRIES + 1));
    await db.meta.put({
      key: LOCKOUT,
      value: { failures, until: clock.now() + wait } satisfies Lockout,
    });
    throw new WrongPasswordError(wait > 0 ? clock.now() + wait : null);
  }
  await db.meta.delete(LOCKOUT);
};

/**
 * After an online sign-in: the server has released this device's key. With it the data key is
 * recovered even if the password changed (a coordinator's reset), and re-wrapped with the password
 * just used, so the next offline unlock uses it. Without a device wrap yet, the password must
 * unlock the current wrap and the device wrap is added.
 */
export const attachSignIn = async (
  db: FieldbookDB,
  holder: KeyHolder,
  password: string,
  device: DeviceKey,
  prepared: PasswordWrap = startPasswordWrap(password),
): Promise<'recovered' | 'attached'> => {
  const keyring = await readKeyring(db);
  if (!keyring) {
    await makeKeyring(db, holder, prepared, device);
    return 'attached';
  }
  const deviceKey = await importDeviceKey(device.key);
  let dataKey: CryptoKey;
  let outcome: 'recovered' | 'attached';
  if (keyring.byDevice && keyring.byDevice.deviceId === device.deviceId) {
    dataKey = await unwrapDataKey(keyring.byDevice, deviceKey, true);
    outcome = 'recovered';
  } else {
    const passwordKey = await derivePasswordKey(password, keyring.salt, keyring.iterations);
    dataKey = await unwrapDataKey(keyring.byPassword, passwordKey, true).catch(() => {
      throw new WrongPasswordError();
    });
    outcome = 'attached';
  }
  const byPassword = await wrapWithPassword(dataKey, holder, prepared);
  const byDevice = { ...(await wrapDataKey(dataKey, deviceKey)), deviceId: device.deviceId };
  await writeKeyring(db, { ...byPassword.wrap, byDevice });
  await db.meta.delete(LOCKOUT);
  byPassword.use();
  return outcome;
};

/** Locked: no key in memory. Content can be neither read nor written until unlocked again. */
export const lock = (holder: KeyHolder): void => {
  holder.current = null;
  tellLocked(holder);
};
