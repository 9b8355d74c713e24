/** What the screens show about sync (STYLE.md 7: a union, not booleans). */
export type SyncProgress = {
  phase: 'push' | 'pull';
  /** Ops pushed or rows pulled so far in this run. */
  done: number;
  /** 0–1 when the size of the work is known (a first sync of a large inspection), else null. */
  fraction: number | null;
  /** Pushing: how many ops there were to send when this run began (so "500 of 2,100"). */
  total?: number;
};

export type SyncStatus =
  | { state: 'idle'; lastSyncedAt: string | null }
  | { state: 'syncing'; progress: SyncProgress; lastSyncedAt: string | null }
  | { state: 'offline'; lastSyncedAt: string | null; retryAt: string | null }
  | {
      state: 'error';
      /** Why sync stopped, as a code: the screens word it (features/account/sync-words.ts). */
      kind: SyncErrorKind;
      /** For `server`: the technical detail (an HTTP status or error message), shown after the words. */
      detail?: string;
      lastSyncedAt: string | null;
      retryAt: string | null;
    };

/**
 * Why sync is not running. signed-out (the server ended the session), not-signed-in and
 * client-too-old wait for the user; device-revoked wipes the device; the others retry on their own.
 */
export const SYNC_ERROR_KINDS = [
  'not-signed-in',
  'signed-out',
  'device-revoked',
  'client-too-old',
  'rate-limited',
  /** The tablet's storage is full: a pulled page (or the sync's own bookkeeping) could not be written. */
  'storage-full',
  'server',
] as const;
export type SyncErrorKind = (typeof SYNC_ERROR_KINDS)[number];

export const SIGNED_OUT: SyncStatus = {
  state: 'error',
  kind: 'not-signed-in',
  lastSyncedAt: null,
  retryAt: null,
};
