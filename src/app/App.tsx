import { useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
// Modules, not the barrels: the first screen's bundle takes only what the gate uses.
import { systemClock } from '../db/clock';
import { DEFAULT_DB_NAME, openDatabase } from '../db/database';
import type { KeyHolder } from '../db/encryption';
import { createRepository } from '../db/repository';
import { requestPersistentStorage } from '../db/storage';
import { FieldbookContext, type Fieldbook } from '../features/shared/fieldbook-context';
import { createHttpTransport, type Transport } from '../sync/transport';
import { TransportContext } from '../features/shared/sync-context';
import { InstallContext } from '../features/shared/install-context';
import { OfflineReadinessContext } from '../features/shared/offline-readiness';
import { useInstallPrompt } from './install';
import { KeyringGate } from './KeyringGate';
import { registerServiceWorker } from './pwa';
import { loadOnce } from './load-once';
import { useUiStore } from './ui-store';

/** The device database, sealed by the key the gate unlocks; until then content cannot be read. */
const createFieldbook = (holder: KeyHolder): Fieldbook => {
  const db = openDatabase(DEFAULT_DB_NAME, holder);
  return { db, repo: createRepository({ db, clock: systemClock }), clock: systemClock };
};

export const App = ({ transport: givenTransport }: { transport?: Transport }) => {
  const [holder] = useState<KeyHolder>(() => ({ current: null }));
  const [fieldbook] = useState(() => createFieldbook(holder));
  const [transport] = useState(() => givenTransport ?? createHttpTransport());
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
  // The app behind the gate is fetched and run only when the device is unlocked (see UnlockedApp).
  const [loadApp] = useState(() =>
    loadOnce(async () => {
      const { createUnlockedApp } = await import('./UnlockedApp');
      return createUnlockedApp({ transport, onUpdate: () => sw?.activate() });
    }),
  );
  const installOffer = useInstallPrompt();
  const offlineReadiness = useUiStore((s) => s.offlineReadiness);
  return (
    <InstallContext.Provider value={installOffer}>
      <OfflineReadinessContext.Provider value={offlineReadiness}>
        <FieldbookContext.Provider value={fieldbook}>
          <QueryClientProvider client={queryClient}>
            <TransportContext.Provider value={transport}>
              <KeyringGate holder={holder} loadApp={loadApp} />
            </TransportContext.Provider>
          </QueryClientProvider>
        </FieldbookContext.Provider>
      </OfflineReadinessContext.Provider>
    </InstallContext.Provider>
  );
};
