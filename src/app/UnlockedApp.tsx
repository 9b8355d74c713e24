import { useMemo } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createRepository } from '../db';
import {
  EditingGuardContext,
  FieldbookContext,
  type Device,
  type Fieldbook,
} from '../features/shared/fieldbook-context';
import { BarePage } from '../features/shared/govuk';
import { TransportContext } from '../features/shared/sync-context';
import { createHttpTransport, signIn, type HeadStart, type Transport } from '../sync';
import type { LoadedApp } from './KeyringGate';
import { Layout } from './Layout';
import { ROUTES } from './routes';
import { ScreenError } from './ScreenError';
import { SyncProvider } from './SyncProvider';
import { UpdateBanner } from './UpdateBanner';
import { useUiStore } from './ui-store';

/**
 * Everything the app has once the device is unlocked: the repository, the transport, sync, the
 * router and every screen. A module of its own, loaded when the user unlocks or signs in, so the
 * first screen a tablet sees (welcome or unlock) neither fetches nor runs it, nor the schemas the
 * repository and the transport build. The service worker precaches it with the rest.
 */
type AppRouter = ReturnType<typeof createBrowserRouter>;

const UnlockedApp = ({
  router,
  fieldbook,
  transport,
  takeHeadStart,
  checkForUpdate,
}: {
  router: AppRouter;
  fieldbook: Fieldbook;
  transport: Transport;
  takeHeadStart: (token: string) => HeadStart | undefined;
  checkForUpdate: () => void;
}) => {
  const beginEditing = useUiStore((s) => s.beginEditing);
  const endEditing = useUiStore((s) => s.endEditing);
  const guard = useMemo(
    () => ({ begin: beginEditing, end: endEditing }),
    [beginEditing, endEditing],
  );
  return (
    <FieldbookContext.Provider value={fieldbook}>
      <TransportContext.Provider value={transport}>
        <EditingGuardContext.Provider value={guard}>
          <SyncProvider
            transport={transport}
            takeHeadStart={takeHeadStart}
            onTooOld={checkForUpdate}
          >
            <RouterProvider router={router} />
          </SyncProvider>
        </EditingGuardContext.Provider>
      </TransportContext.Provider>
    </FieldbookContext.Provider>
  );
};

/** One router and one repository for the page's life: a lock unmounts the app, not the history. */
export const createUnlockedApp = ({
  device: { db, clock },
  onUpdate,
  checkForUpdate,
}: {
  device: Device;
  onUpdate: () => void;
  /** Asks the service worker for a new version now (the server refused this one, S9). */
  checkForUpdate: () => void;
}): LoadedApp => {
  const transport = createHttpTransport();
  /** Page one of a sign-in's first sync (sync/head-start.ts), held until that session's engine takes it. */
  let headStart: HeadStart | undefined;
  const takeHeadStart = (token: string) => {
    const head = headStart?.token === token ? headStart : undefined;
    headStart = undefined;
    return head;
  };
  const fieldbook: Fieldbook = { db, clock, repo: createRepository({ db, clock }) };
  const router = createBrowserRouter([
    {
      path: '/',
      element: <Layout banner={<UpdateBanner onUpdate={onUpdate} />} />,
      // The layout itself failing: the same words, on a page of their own.
      errorElement: (
        <BarePage>
          <ScreenError />
        </BarePage>
      ),
      // A screen that cannot open says so inside the layout, which keeps working around it.
      children: [{ errorElement: <ScreenError />, children: ROUTES }],
    },
  ]);
  return {
    element: (
      <UnlockedApp
        router={router}
        fieldbook={fieldbook}
        transport={transport}
        takeHeadStart={takeHeadStart}
        checkForUpdate={checkForUpdate}
      />
    ),
    idle: () => {
      headStart = undefined; // a lock comes next: no page of evidence stays in memory
      return fieldbook.repo.idle();
    },
    signIn: (credentials, beginUnlock) =>
      signIn(db, fieldbook.repo, transport, clock, credentials, beginUnlock, (head) => {
        headStart = head;
      }).catch((error: unknown) => {
        // A sign-in that failed after the login keeps no page of evidence in memory.
        headStart = undefined;
        throw error;
      }),
  };
};
