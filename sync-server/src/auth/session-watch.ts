import type { Clock } from '../../../src/domain/clock';
import { isoAt } from '../../../src/domain/clock';
import type { Store } from '../store/types';

/**
 * S7: an event stream ends within a second of its session ending — by sign-out, revocation or a
 * password reset, through this process, another server process, or the admin CLI. One sweep per
 * process asks the database which of the open streams' sessions are still live (one query for
 * all of them, and only while a stream is open), so every way a session can end is caught the
 * same way on both stores, without each writer having to announce it.
 */
export const SESSION_SWEEP_MS = 250; // with the query, well inside S7's one second

export type SessionWatch = {
  /** Calls `onEnd` once, soon after this session stops being live; returns the unwatch. */
  watch(tokenHash: string, onEnd: () => void): () => void;
  /** One sweep now (the timer calls it; exposed so shutdown and tests need not wait for it). */
  sweep(): Promise<void>;
};

export const createSessionWatch = (
  store: Store,
  clock: Clock,
  onError: (message: string, error: unknown) => void = () => undefined,
): SessionWatch => {
  const watched = new Map<symbol, { tokenHash: string; onEnd: () => void }>();
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;

  const runSweep = async (): Promise<void> => {
    if (watched.size === 0) return;
    const entries = [...watched];
    const hashes = [...new Set(entries.map(([, w]) => w.tokenHash))];
    const live = await store.liveSessions(hashes, isoAt(clock));
    for (const [key, w] of entries) {
      if (live.has(w.tokenHash) || !watched.delete(key)) continue;
      w.onEnd();
    }
  };
  const sweep = (): Promise<void> => {
    // One sweep at a time: a slow database must not pile queries up behind the timer.
    sweeping ??= runSweep()
      .catch((error: unknown) => onError('Session sweep failed', error))
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  };

  return {
    watch(tokenHash, onEnd) {
      const key = Symbol(tokenHash);
      watched.set(key, { tokenHash, onEnd });
      if (!timer) {
        timer = setInterval(() => void sweep(), SESSION_SWEEP_MS);
        timer.unref();
      }
      return () => {
        watched.delete(key);
        if (watched.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    sweep,
  };
};
