import { Workbox } from 'workbox-window';
import type { OfflineReadiness } from '../features/shared/offline-readiness';

const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000; // a fortnight on site: look for fixes hourly
const SW_URL = '/sw.js';
const SW_SCOPE = '/';
/** After a broken-off first save, when to try again (doubling each time) while online. */
const SAVE_AGAIN_FIRST_MS = 30 * 1000;
const SAVE_AGAIN_MOST_MS = 10 * 60 * 1000;

type Callbacks = {
  /** A new version is installed and waits for the user. */
  onWaiting: () => void;
  /** Whether the tablet holds the whole app yet (see OfflineReadiness). */
  onReadiness: (readiness: OfflineReadiness) => void;
};

/**
 * Registers the service worker. A new version waits (registerType 'prompt'): `onWaiting` tells the
 * app, and only `activate()` — called when the user agrees — swaps it in and reloads.
 *
 * A first install that breaks off (the connection went before the whole precache came) leaves no
 * worker, and the browser drops that registration: it is registered anew (a new Workbox, which
 * registers once) when the connection comes back, and while online after 30 s, 1 min, 2 min…
 * (at most 10 min apart), until one installs.
 */
export const registerServiceWorker = ({
  onWaiting,
  onReadiness,
}: Callbacks): { activate: () => void; check: () => void } | null => {
  if (!import.meta.env.PROD) return null;
  if (!('serviceWorker' in navigator)) {
    onReadiness({ state: 'unavailable' });
    return null;
  }
  let wb: Workbox;
  let seenNotReady = false;
  let saveAgainIn = SAVE_AGAIN_FIRST_MS;
  let saveAgainTimer: ReturnType<typeof setTimeout> | undefined;

  const saveAgain = () => {
    clearTimeout(saveAgainTimer);
    saveAgainTimer = undefined;
    window.removeEventListener('online', saveAgain);
    if (navigator.onLine) connect();
    else broken();
  };
  const broken = () => {
    seenNotReady = true;
    onReadiness({ state: 'failed' });
    if (saveAgainTimer !== undefined) return;
    window.addEventListener('online', saveAgain);
    saveAgainTimer = setTimeout(saveAgain, saveAgainIn);
    saveAgainIn = Math.min(saveAgainIn * 2, SAVE_AGAIN_MOST_MS);
  };

  /**
   * Reports whether the registration holds the whole app: an active worker has finished its
   * install, which is the precache (~1 MB), and claims this page at once (`clientsClaim`), so a
   * screen not opened yet comes from it. A later version installing beside an active one changes
   * nothing here: this page's version is held until the user updates.
   */
  const follow = (registration: ServiceWorkerRegistration) => {
    const watched = new WeakSet<ServiceWorker>();
    const report = () => {
      if (registration.active) return onReadiness({ state: 'ready', justNow: seenNotReady });
      seenNotReady = true;
      const worker = registration.installing ?? registration.waiting;
      if (!worker) return broken();
      if (!watched.has(worker)) {
        watched.add(worker);
        worker.addEventListener('statechange', report);
      }
      onReadiness({ state: 'preparing' });
    };
    registration.addEventListener('updatefound', report);
    report();
  };

  const connect = () => {
    const next = new Workbox(SW_URL, { scope: SW_SCOPE });
    wb = next;
    next.addEventListener('waiting', onWaiting);
    next
      .register()
      .then((registration) => {
        if (!registration) return onReadiness({ state: 'unavailable' });
        if (registration.waiting) onWaiting();
        follow(registration);
      })
      // A browser that refuses service workers (a setting, some private windows) says so with a
      // SecurityError: the app still runs online. Anything else is the script not coming (the
      // connection went, a bad answer): it is tried again.
      .catch((error: unknown) =>
        error instanceof DOMException && error.name === 'SecurityError'
          ? onReadiness({ state: 'unavailable' })
          : broken(),
      );
  };
  connect();

  const check = () => void wb.update().catch(() => undefined); // offline: try again later
  setInterval(check, UPDATE_CHECK_INTERVAL_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  return {
    /** Looks for a new version now: the server has just said this one is too old to sync (S9). */
    check,
    activate: () => {
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    },
  };
};
