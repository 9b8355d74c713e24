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

/**
 * What Chromium says when the disk itself is full, rather than the origin's quota (whose figure
 * stays far above the space left, so QuotaExceededError never comes): a write fails as
 * UnknownError naming FILE_ERROR_NO_SPACE and closes the connection; Dexie's reopening then fails
 * with "Internal error opening backing store" (or, where Chromium notices, "Encountered full disk").
 * Seen on a real full disk (tests/e2e/full-storage.test.ts). A store that will not open is taken
 * for a full disk: Chromium deletes a corrupt store itself, so what is left is a disk it cannot
 * write, and freeing space is what the inspector can do about it.
 */
const DISK_FULL = /FILE_ERROR_NO_SPACE|full disk|no space left|error opening backing store/i;

/** Whether a failure (Dexie's, IndexedDB's, or one wrapping either) is the disk being full. */
export const isQuotaError = (error: unknown): boolean => {
  for (
    let e: unknown = error;
    e instanceof Error;
    e = e.cause ?? (e as { inner?: unknown }).inner
  ) {
    if (e.name === 'QuotaExceededError' || e instanceof StorageFullError) return true;
    if (e.name === 'UnknownError' && DISK_FULL.test(e.message)) return true;
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
