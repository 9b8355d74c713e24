import { useMemo, type ReactElement } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { EditingGuardContext } from '../features/shared/fieldbook-context';
import { BarePage } from '../features/shared/govuk';
import type { Transport } from '../sync';
import { Layout } from './Layout';
import { ROUTES } from './routes';
import { ScreenError } from './ScreenError';
import { SyncProvider } from './SyncProvider';
import { UpdateBanner } from './UpdateBanner';
import { useUiStore } from './ui-store';

/**
 * Everything the app shows once the device is unlocked: the router, every screen, sync. A module of
 * its own, loaded when the user unlocks, so the first screen a tablet sees (welcome or unlock) does
 * not fetch and run the whole app first. The service worker precaches it with the rest.
 */
type AppRouter = ReturnType<typeof createBrowserRouter>;

const UnlockedApp = ({ router, transport }: { router: AppRouter; transport: Transport }) => {
  const beginEditing = useUiStore((s) => s.beginEditing);
  const endEditing = useUiStore((s) => s.endEditing);
  const guard = useMemo(
    () => ({ begin: beginEditing, end: endEditing }),
    [beginEditing, endEditing],
  );
  return (
    <EditingGuardContext.Provider value={guard}>
      <SyncProvider transport={transport}>
        <RouterProvider router={router} />
      </SyncProvider>
    </EditingGuardContext.Provider>
  );
};

/** One router for the page's life, as before the split: a lock unmounts the app, not the history. */
export const createUnlockedApp = ({
  transport,
  onUpdate,
}: {
  transport: Transport;
  onUpdate: () => void;
}): ReactElement => {
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
  return <UnlockedApp router={router} transport={transport} />;
};
