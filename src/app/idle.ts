import { useEffect, useRef } from 'react';

const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll'] as const;
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
 */
export const useIdle = (afterMs: number | null, onIdle: () => void, shared?: SharedActivity) => {
  const callback = useRef(onIdle);
  useEffect(() => {
    callback.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    if (afterMs === null) return;
    let last = performance.now();
    let sharedAt = -Infinity;
    const heard = () => {
      last = performance.now();
    };
    const touched = () => {
      last = performance.now();
      if (last - sharedAt < SHARE_ACTIVITY_EVERY_MS) return;
      sharedAt = last;
      shared?.share();
    };
    const check = () => {
      if (performance.now() - last >= afterMs) callback.current();
    };
    for (const event of ACTIVITY)
      window.addEventListener(event, touched, { passive: true, capture: true });
    document.addEventListener('visibilitychange', check);
    const unsubscribe = shared?.subscribe(heard);
    const timer = window.setInterval(check, Math.min(CHECK_EVERY_MS, afterMs));
    return () => {
      for (const event of ACTIVITY) window.removeEventListener(event, touched, { capture: true });
      document.removeEventListener('visibilitychange', check);
      unsubscribe?.();
      window.clearInterval(timer);
    };
  }, [afterMs, shared]);
};
