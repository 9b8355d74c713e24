import { newId, type Clock } from '../domain';
import type { FieldbookDB } from './database';

/** Small key-value settings of this device (client id, device user, sync checkpoints). */
export const META_KEYS = {
  clientId: 'clientId',
  deviceUser: 'deviceUser',
  activeInspectionId: 'activeInspectionId',
} as const;

export const getMeta = async <T>(db: FieldbookDB, key: string): Promise<T | undefined> =>
  (await db.meta.get(key))?.value as T | undefined;

export const setMeta = async (db: FieldbookDB, key: string, value: unknown): Promise<void> => {
  await db.meta.put({ key, value });
};

export const deleteMeta = async (db: FieldbookDB, key: string): Promise<void> => {
  await db.meta.delete(key);
};

/** This device's `clientId` (S1): made once, kept for the life of the database. */
export const getClientId = (db: FieldbookDB, clock: Clock): Promise<string> =>
  db.transaction('rw', db.meta, async () => {
    const existing = await getMeta<string>(db, META_KEYS.clientId);
    if (existing) return existing;
    const id = newId(clock);
    await setMeta(db, META_KEYS.clientId, id);
    return id;
  });
