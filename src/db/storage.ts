/**
 * The browser's storage for this origin: ask that it be persistent (so the browser does not evict
 * a fortnight of evidence under pressure) and report how much is used.
 */
export type StorageState = {
  persisted: boolean;
  usageBytes: number | null;
  quotaBytes: number | null;
};

export const requestPersistentStorage = async (): Promise<boolean> => {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return false;
  if (await storage.persisted?.()) return true;
  return storage.persist();
};

export const readStorageState = async (): Promise<StorageState> => {
  const storage = globalThis.navigator?.storage;
  const persisted = (await storage?.persisted?.()) ?? false;
  const estimate = await storage?.estimate?.();
  return { persisted, usageBytes: estimate?.usage ?? null, quotaBytes: estimate?.quota ?? null };
};
