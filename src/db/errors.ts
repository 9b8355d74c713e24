/** The device ran out of storage: the write did not happen, and the words must stay on screen. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor(cause: unknown) {
    super(
      'This device is out of storage space, so the last change was not saved. Your words are still on screen: free up space (or sync and remove old inspections), then try again.',
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

const isQuotaError = (error: unknown): boolean => {
  for (
    let e: unknown = error;
    e instanceof Error;
    e = e.cause ?? (e as { inner?: unknown }).inner
  ) {
    if (e.name === 'QuotaExceededError') return true;
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
