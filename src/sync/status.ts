/** What the screens show about sync (STYLE.md 7: a union, not booleans). */
export type SyncProgress = {
  phase: 'push' | 'pull';
  /** Ops pushed or rows pulled so far in this run. */
  done: number;
  /** 0–1 when the size of the work is known (a first sync of a large inspection), else null. */
  fraction: number | null;
};

export type SyncStatus =
  | { state: 'idle'; lastSyncedAt: string | null }
  | { state: 'syncing'; progress: SyncProgress; lastSyncedAt: string | null }
  | { state: 'offline'; lastSyncedAt: string | null; retryAt: string | null }
  | {
      state: 'error';
      /** What the user reads: why sync stopped and what to do. */
      reason: string;
      /** signed-out and client-too-old wait for the user; the others retry on their own. */
      kind: 'signed-out' | 'device-revoked' | 'client-too-old' | 'rate-limited' | 'server';
      lastSyncedAt: string | null;
      retryAt: string | null;
    };

export const SIGNED_OUT: SyncStatus = {
  state: 'error',
  kind: 'signed-out',
  reason: 'Sign in to sync. Everything you record is kept on this device until then.',
  lastSyncedAt: null,
  retryAt: null,
};
