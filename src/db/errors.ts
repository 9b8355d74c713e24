/** The device ran out of storage: the write did not happen, and the words must stay on screen. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor(cause: unknown) {
    super(
      'This tablet is out of storage space: your last words are not saved. They stay on screen. Free some space on the tablet (photos or videos you no longer need), then save again.',
      { cause },
    );
  }
}

/** A write that the wire contract would reject: caught here, before it reaches the outbox. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(readonly issues: { path: string; message: string }[]) {
    super(
      `Invalid record: ${issues.map((i) => `${i.path || '(record)'}: ${i.message}`).join('; ')}`,
    );
  }
}

export class RecordNotFoundError extends Error {
  override name = 'RecordNotFoundError';
  constructor(entity: string, id: string) {
    super(`No ${entity} ${id} on this device`);
  }
}

/** Whether a failure (Dexie's, IndexedDB's, or one wrapping either) is the disk being full. */
export const isQuotaError = (error: unknown): boolean => {
  for (
    let e: unknown = error;
    e instanceof Error;
    e = e.cause ?? (e as { inner?: unknown }).inner
  ) {
    if (e.name === 'QuotaExceededError' || e instanceof StorageFullError) return true;
  }
  return false;
};

/** Runs a database write and turns a full disk into a StorageFullError the screens understand. */
export const guardWrite = async <T>(write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(error);
    throw error;
  }
};
