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
