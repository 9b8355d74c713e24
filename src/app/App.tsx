import { useMemo, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import {
  createRepository,
  DEFAULT_DB_NAME,
  openDatabase,
  requestPersistentStorage,
  systemClock,
  type KeyHolder,
} from '../db';
import {
  EditingGuardContext,
  FieldbookContext,
  type Fieldbook,
} from '../features/shared/fieldbook-context';
import { createHttpTransport, type Transport } from '../sync';
import { TransportContext } from '../features/shared/sync-context';
import { KeyringGate } from './KeyringGate';
import { Layout } from './Layout';
import { SyncProvider } from './SyncProvider';
import { registerServiceWorker } from './pwa';
import { ROUTES } from './routes';
import { UpdateBanner } from './UpdateBanner';
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
  const beginEditing = useUiStore((s) => s.beginEditing);
  const endEditing = useUiStore((s) => s.endEditing);
  const guard = useMemo(
    () => ({ begin: beginEditing, end: endEditing }),
    [beginEditing, endEditing],
  );
  const [sw] = useState(() => {
    // A fortnight of evidence must not be evicted under storage pressure.
    void requestPersistentStorage().catch(() => false);
    return registerServiceWorker(() => useUiStore.getState().setUpdateWaiting(true));
  });
  const [router] = useState(() =>
    createBrowserRouter([
      {
        path: '/',
        element: <Layout banner={<UpdateBanner onUpdate={() => sw?.activate()} />} />,
        children: ROUTES,
      },
    ]),
  );
  return (
    <FieldbookContext.Provider value={fieldbook}>
      <QueryClientProvider client={queryClient}>
        <TransportContext.Provider value={transport}>
          <KeyringGate holder={holder}>
            <EditingGuardContext.Provider value={guard}>
              <SyncProvider transport={transport}>
                <RouterProvider router={router} />
              </SyncProvider>
            </EditingGuardContext.Provider>
          </KeyringGate>
        </TransportContext.Provider>
      </QueryClientProvider>
    </FieldbookContext.Provider>
  );
};
