import { useEffect, useRef } from 'react';

const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll'] as const;
const CHECK_EVERY_MS = 15_000;

/**
 * Calls `onIdle` once nobody has touched the app for `afterMs` (null: off). Checked on a timer and
 * whenever the tab becomes visible again, since background tabs' timers are throttled.
 */
export const useIdle = (afterMs: number | null, onIdle: () => void) => {
  const callback = useRef(onIdle);
  useEffect(() => {
    callback.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    if (afterMs === null) return;
    let last = performance.now();
    const touched = () => {
      last = performance.now();
    };
    const check = () => {
      if (performance.now() - last >= afterMs) callback.current();
    };
    for (const event of ACTIVITY)
      window.addEventListener(event, touched, { passive: true, capture: true });
    document.addEventListener('visibilitychange', check);
    const timer = window.setInterval(check, Math.min(CHECK_EVERY_MS, afterMs));
    return () => {
      for (const event of ACTIVITY) window.removeEventListener(event, touched, { capture: true });
      document.removeEventListener('visibilitychange', check);
      window.clearInterval(timer);
    };
  }, [afterMs]);
};
