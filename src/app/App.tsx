import { useMemo, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createRepository, openDatabase, requestPersistentStorage, systemClock } from '../db';
import {
  EditingGuardContext,
  FieldbookContext,
  type Fieldbook,
} from '../features/shared/fieldbook-context';
import { createHttpTransport, type Transport } from '../sync';
import { Layout } from './Layout';
import { SyncProvider } from './SyncProvider';
import { registerServiceWorker } from './pwa';
import { ROUTES } from './routes';
import { UpdateBanner } from './UpdateBanner';
import { useUiStore } from './ui-store';

const createFieldbook = (): Fieldbook => {
  const db = openDatabase();
  return { db, repo: createRepository({ db, clock: systemClock }), clock: systemClock };
};

export const App = ({
  fieldbook: given,
  transport: givenTransport,
}: {
  fieldbook?: Fieldbook;
  transport?: Transport;
}) => {
  const [fieldbook] = useState(() => given ?? createFieldbook());
  const [transport] = useState(() => givenTransport ?? createHttpTransport());
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1 } } }),
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
      <EditingGuardContext.Provider value={guard}>
        <QueryClientProvider client={queryClient}>
          <SyncProvider transport={transport}>
            <RouterProvider router={router} />
          </SyncProvider>
        </QueryClientProvider>
      </EditingGuardContext.Provider>
    </FieldbookContext.Provider>
  );
};
