import { useMemo, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
// Modules, not the barrels: the first screen's bundle takes only what the gate uses, and none of
// the schemas (the repository and the transport come with the app, see UnlockedApp).
import { systemClock } from '../db/clock';
import { DEFAULT_DB_NAME, openDatabase } from '../db/database';
import type { KeyHolder } from '../db/encryption';
import { requestPersistentStorage } from '../db/storage';
import { DeviceContext, type Device } from '../features/shared/fieldbook-context';
import { InstallContext } from '../features/shared/install-context';
import { OfflineReadinessContext } from '../features/shared/offline-readiness';
import { useInstallPrompt } from './install';
import { KeyringGate } from './KeyringGate';
import { registerServiceWorker } from './pwa';
import { loadOnce } from './load-once';
import { useUiStore } from './ui-store';

export const App = () => {
  const [holder] = useState<KeyHolder>(() => ({ current: null }));
  // The device database, sealed by the key the gate unlocks; until then content cannot be read.
  const [device] = useState<Device>(() => ({
    db: openDatabase(DEFAULT_DB_NAME, holder),
    clock: systemClock,
  }));
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { retry: 1 },
          // A finished mutation is let go at once, not kept five minutes: its function closes over
          // what the form held (a sign-in's password), which must not outlive the screen or a lock.
          mutations: { gcTime: 0 },
        },
      }),
  );
  const [sw] = useState(() => {
    // A fortnight of evidence must not be evicted under storage pressure.
    void requestPersistentStorage().catch(() => false);
    const ui = useUiStore.getState();
    return registerServiceWorker({
      onWaiting: () => ui.setUpdateWaiting(true),
      onReadiness: ui.setOfflineReadiness,
    });
  });
  // The app behind the gate is fetched and run only when the device unlocks or a sign-in starts.
  const [loadApp] = useState(() =>
    loadOnce(async () => {
      const { createUnlockedApp } = await import('./UnlockedApp');
      return createUnlockedApp({
        device,
        onUpdate: () => sw?.activate(),
        checkForUpdate: () => sw?.check(),
      });
    }),
  );
  const installOffer = useInstallPrompt();
  const offlineReadiness = useUiStore((s) => s.offlineReadiness);
  // One element for the life of the app: news of the service worker or the install offer then
  // re-renders only what shows it, not the whole screen behind the gate — on a first visit that
  // was the welcome screen drawn again in one long task just after it appeared (issue 10).
  const gate = useMemo(() => <KeyringGate holder={holder} loadApp={loadApp} />, [holder, loadApp]);
  return (
    <InstallContext.Provider value={installOffer}>
      <OfflineReadinessContext.Provider value={offlineReadiness}>
        <DeviceContext.Provider value={device}>
          <QueryClientProvider client={queryClient}>{gate}</QueryClientProvider>
        </DeviceContext.Provider>
      </OfflineReadinessContext.Provider>
    </InstallContext.Provider>
  );
};
