import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { afterEach } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import {
  createRepository,
  deleteDatabase,
  openDatabase,
  settleBatch,
  setUpLocalInspection,
  takeBatch,
  type FieldbookDB,
  type LocalInspection,
} from '../../../src/db';
import { fixedClock, type Clock } from '../../../src/domain';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  createHttpTransport,
  type SyncEngine,
  type SyncStatus,
  type Transport,
} from '../../../src/sync';
import { FieldbookContext, type Fieldbook } from '../../../src/features/shared/fieldbook-context';
import { TransportContext } from '../../../src/features/shared/sync-context';

let counter = 0;

/** How to close and delete each database made since the last tear-down. */
const opened = new Set<() => Promise<void>>();

/**
 * Unmounts every rendered screen, then closes and deletes every database `makeFieldbook` made
 * (the screens first: a mounted screen's live queries would otherwise read a closed database).
 * Safe to call again, and after a test has closed its own database early.
 */
export const tearDownFieldbooks = async (): Promise<void> => {
  cleanup();
  const closes = [...opened];
  opened.clear();
  await Promise.all(closes.map((close) => close()));
};

// Registered in each test file that imports this module (Vitest evaluates it once per file), so
// no screen test writes its own. Vitest runs a file's after-hooks in reverse order of
// registration (`sequence.hooks: 'stack'`), and this one is registered on import, before the
// file's own: a file's afterEach (restoring mocks, real timers, uninstalling a fake) runs first,
// then this one. See README.md.
afterEach(tearDownFieldbooks);

/** A real device database on fake-indexeddb, a fixed clock and a local inspection to work in. */
export const makeFieldbook = async (
  clock: Clock = fixedClock(Date.UTC(2026, 10, 26, 9, 0, 0), 1000),
  frameworkId = 'cp-joint-2012',
): Promise<Fieldbook & { inspection: LocalInspection; cleanup: () => Promise<void> }> => {
  const name = `component-test-${++counter}-${Math.random()}`;
  const db = openDatabase(name);
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      opened.delete(close);
      db.close();
      await deleteDatabase(name);
    })());
  opened.add(close);
  const repo = createRepository({ db, clock });
  const user = await repo.deviceUser();
  const inspection = await setUpLocalInspection(db, clock, user, {
    frameworkId,
    area: 'Northshire',
    startsOn: '2026-11-23',
  });
  return { db, repo, clock, inspection, cleanup: close };
};

/** Renders screens inside the providers and a memory router at `path`. */
export const renderRoutes = (
  fieldbook: Fieldbook,
  routes: RouteObject[],
  path: string,
  extra?: ReactNode,
  /** A transport of the test's own (an in-memory server); by default nothing reaches a server. */
  givenTransport?: Transport,
) => {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // Signed out, as a device is before its first sign-in: nothing here reaches a server.
  const transport = givenTransport ?? createHttpTransport('http://127.0.0.1:9');
  const result = render(
    <FieldbookContext.Provider value={fieldbook}>
      <QueryClientProvider client={queryClient}>
        <TransportContext.Provider value={transport}>
          <RouterProvider router={router} />
          {extra}
        </TransportContext.Provider>
      </QueryClientProvider>
    </FieldbookContext.Provider>,
  );
  return { ...result, router };
};

/** Pushes every unsent op to a server that answers each as `answer` (S3), as the engine would settle it. */
export const settleEverything = async (
  db: FieldbookDB,
  answer: { status: 'applied'; seq: number } | { status: 'rejected'; reason: 'forbidden' },
): Promise<void> => {
  const batch = await takeBatch(db, 500, 1e6);
  await settleBatch(
    db,
    batch,
    batch.map((op) => ({ opId: op.opId, ...answer })),
  );
};

/** An engine that only reports a status, for screens that show it. */
export const engineReporting = (status: SyncStatus): SyncEngine => ({
  sync: async () => undefined,
  getStatus: () => status,
  subscribe: () => () => true,
  stop: () => undefined,
});
