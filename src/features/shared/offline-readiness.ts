import { createContext, useContext } from 'react';

/**
 * Whether this tablet holds the whole app, so that every screen opens with no connection. The
 * service worker saves it (its precache, ~1 MB) while the first visit goes on; until it has, a
 * screen not opened yet cannot open offline. The shell follows the worker and provides this;
 * screens only read it.
 * - `unknown`: not told yet (a development build has no service worker, so it stays so).
 * - `unavailable`: the browser refused the service worker (a private window, a managed setting).
 * - `preparing`: saving it now. `failed`: the saving broke off (the connection went); it is
 *   tried again when the connection comes back.
 * - `ready`: saved; `justNow` when that happened while this page was open.
 */
export type OfflineReadiness =
  | { state: 'unknown' }
  | { state: 'unavailable' }
  | { state: 'preparing' }
  | { state: 'failed' }
  | { state: 'ready'; justNow: boolean };

export const OfflineReadinessContext = createContext<OfflineReadiness>({ state: 'unknown' });

export const useOfflineReadiness = (): OfflineReadiness => useContext(OfflineReadinessContext);

/**
 * What the status bar says of it, or null when there is nothing to say: a tablet that has long
 * been ready is not told so on every screen.
 */
export const offlineReadinessWords = (readiness: OfflineReadiness, online: boolean) => {
  switch (readiness.state) {
    case 'unknown':
      return null;
    case 'unavailable':
      return 'This browser will not keep Fieldbook for use offline (a private window, or a setting), so it works here only while connected. Use a normal window, or install Fieldbook.';
    case 'preparing':
    case 'failed':
      if (!online)
        return 'Fieldbook was not fully saved on this tablet before the connection went: screens you have not opened yet may not open until you are back online. Your evidence is safe on this device.';
      return readiness.state === 'preparing'
        ? 'Saving Fieldbook on this tablet so it works offline…'
        : 'Fieldbook could not be fully saved on this tablet for use offline. It will try again; stay connected for a minute if you can.';
    case 'ready':
      return readiness.justNow ? 'Fieldbook is saved on this tablet: it works offline.' : null;
  }
};
