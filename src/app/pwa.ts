import { Workbox } from 'workbox-window';

const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000; // a fortnight on site: look for fixes hourly

/**
 * Registers the service worker. A new version waits (registerType 'prompt'): `onWaiting` tells the
 * app, and only `activate()` — called when the user agrees — swaps it in and reloads.
 */
export const registerServiceWorker = (onWaiting: () => void): { activate: () => void } | null => {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return null;
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', onWaiting);
  wb.register()
    .then((registration) => {
      if (registration?.waiting) onWaiting();
    })
    // Private windows and some managed tablets refuse service workers: the app still runs online.
    .catch(() => undefined);
  const check = () => void wb.update().catch(() => undefined); // offline: try again later
  setInterval(check, UPDATE_CHECK_INTERVAL_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  return {
    activate: () => {
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    },
  };
};
