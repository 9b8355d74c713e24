import type { Store } from '../store/types';

/**
 * DESIGN.md §4.2: after 10 failed sign-ins for one username or from one address within 15
 * minutes, refuse. Failures are counted from the audit log, so the limit holds across restarts
 * and across several server processes on one database.
 */
export const LOGIN_FAILURES_ALLOWED = 10;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** Seconds until a sign-in may be tried again, or undefined when it may be tried now. */
export const loginRetryAfterSeconds = async (
  store: Store,
  key: { username: string; address: string },
  nowMs: number,
): Promise<number | undefined> => {
  const since = new Date(nowMs - LOGIN_WINDOW_MS).toISOString();
  const [byUser, byAddress] = await Promise.all([
    store.loginFailuresSince({ username: key.username }, since),
    store.loginFailuresSince({ address: key.address }, since),
  ]);
  const waits = [byUser, byAddress]
    .filter((f) => f.count >= LOGIN_FAILURES_ALLOWED && f.oldestAt)
    .map((f) => Date.parse(f.oldestAt ?? '') + LOGIN_WINDOW_MS - nowMs);
  if (waits.length === 0) return undefined;
  return Math.max(1, Math.ceil(Math.max(...waits) / 1000));
};
