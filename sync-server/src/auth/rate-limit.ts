import type { Store } from '../store/types';

/**
 * Sign-in limits, exactly as DESIGN.md §4.2 states them. Failures are counted from the audit log,
 * so the limits hold across restarts and across several server processes on one database.
 *
 * - An address: after 10 failures from it within 15 minutes, every sign-in from it is refused
 *   until the oldest of them leaves the window.
 * - A username: failures for it from anywhere slow it down, but only at addresses that have
 *   failures of their own in the window. Its owner, signing in from an address without failures,
 *   is never held up: an attacker guessing the lead's password cannot lock the lead out.
 */
export const LOGIN_FAILURES_ALLOWED = 10;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** The first slowed try waits a second; each further failure doubles it, up to the window. */
const USERNAME_FIRST_DELAY_MS = 1000;

export const usernameDelayMs = (failures: number): number =>
  failures < LOGIN_FAILURES_ALLOWED
    ? 0
    : Math.min(
        LOGIN_WINDOW_MS,
        USERNAME_FIRST_DELAY_MS * 2 ** Math.min(failures - LOGIN_FAILURES_ALLOWED, 30),
      );

/** Seconds until a sign-in may be tried again, or undefined when it may be tried now. */
export const loginRetryAfterSeconds = async (
  store: Store,
  key: { username: string; address: string },
  nowMs: number,
): Promise<number | undefined> => {
  const since = new Date(nowMs - LOGIN_WINDOW_MS).toISOString();
  const byAddress = await store.loginFailuresSince({ address: key.address }, since);
  if (byAddress.count === 0) return undefined; // a clean address is never held up
  let waitMs = 0;
  if (byAddress.count >= LOGIN_FAILURES_ALLOWED && byAddress.oldestAt)
    waitMs = Date.parse(byAddress.oldestAt) + LOGIN_WINDOW_MS - nowMs;
  const byUser = await store.loginFailuresSince({ username: key.username }, since);
  if (byUser.count >= LOGIN_FAILURES_ALLOWED && byUser.newestAt)
    waitMs = Math.max(waitMs, Date.parse(byUser.newestAt) + usernameDelayMs(byUser.count) - nowMs);
  return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : undefined;
};
