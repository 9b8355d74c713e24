import { useEffect, useRef } from 'react';

/**
 * What counts as someone using the app. `input` too: dictation, a tablet's predictive text and an
 * IME put words into a field with input events alone, no key or touch the page sees, and without
 * it the app locked under an inspector dictating a note once the idle time had passed.
 */
const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll', 'input'] as const;
const CHECK_EVERY_MS = 15_000;
/** Other tabs hear of activity at most this often: enough for minutes of idle time, cheap to send. */
const SHARE_ACTIVITY_EVERY_MS = 5_000;

/** Activity in the app's other tabs: `share` tells them of ours, `heard` is called with theirs. */
export type SharedActivity = {
  share: () => void;
  subscribe: (heard: () => void) => () => void;
};

/**
 * Calls `onIdle` once nobody has touched the app, in this tab or (with `shared`) any other, for
 * `afterMs` (null: off). Checked on a timer and whenever the tab becomes visible again, since
 * background tabs' timers are throttled.
 *
 * The idle clock starts when `afterMs` turns on and runs on through a change of `afterMs`: the
 * coordinator's policy often arrives just after unlock (a read, or a sync), and a shorter one
 * applies at once to the time already idle rather than starting a fresh count.
 */
export const useIdle = (afterMs: number | null, onIdle: () => void, shared?: SharedActivity) => {
  const callback = useRef(onIdle);
  useEffect(() => {
    callback.current = onIdle;
  }, [onIdle]);
  /** When someone last touched the app; null while off. */
  const lastRef = useRef<number | null>(null);

  useEffect(() => {
    if (afterMs === null) {
      lastRef.current = null;
      return;
    }
    lastRef.current ??= performance.now();
    let sharedAt = -Infinity;
    const heard = () => {
      lastRef.current = performance.now();
    };
    const touched = () => {
      const now = performance.now();
      lastRef.current = now;
      if (now - sharedAt < SHARE_ACTIVITY_EVERY_MS) return;
      sharedAt = now;
      shared?.share();
    };
    const check = () => {
      if (performance.now() - (lastRef.current ?? performance.now()) >= afterMs) callback.current();
    };
    for (const event of ACTIVITY)
      window.addEventListener(event, touched, { passive: true, capture: true });
    document.addEventListener('visibilitychange', check);
    const unsubscribe = shared?.subscribe(heard);
    const timer = window.setInterval(check, Math.min(CHECK_EVERY_MS, afterMs));
    check();
    return () => {
      for (const event of ACTIVITY) window.removeEventListener(event, touched, { capture: true });
      document.removeEventListener('visibilitychange', check);
      unsubscribe?.();
      window.clearInterval(timer);
    };
  }, [afterMs, shared]);
};
