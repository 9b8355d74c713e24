import type { RouteObject } from 'react-router';
import { setMeta } from '../../../src/db';
import type { AdminUser } from '../../../src/domain';
import { makeFieldbook, renderRoutes } from './fieldbook';
import { AdminHomePage } from '../../../src/features/admin/AdminHomePage';
import { AuditPage } from '../../../src/features/admin/AuditPage';
import { createFakeAdminServer, uuid } from './fake-admin-server';
import { InspectionPage } from '../../../src/features/admin/InspectionPage';
import { InspectionsPage } from '../../../src/features/admin/InspectionsPage';
import { AdminSettingsPage } from '../../../src/features/admin/SettingsPage';
import { UserPage } from '../../../src/features/admin/UserPage';
import { UsersPage } from '../../../src/features/admin/UsersPage';

/** Test support: the coordinator screens at their app paths, over an in-memory server. */
export const ADMIN_ROUTES_FOR_TEST: RouteObject[] = [
  { path: '/admin', element: <AdminHomePage /> },
  { path: '/admin/users', element: <UsersPage /> },
  { path: '/admin/users/:userId', element: <UserPage /> },
  { path: '/admin/inspections', element: <InspectionsPage /> },
  { path: '/admin/inspections/:inspectionId', element: <InspectionPage /> },
  { path: '/admin/settings', element: <AdminSettingsPage /> },
  { path: '/admin/audit', element: <AuditPage /> },
  { path: '/sign-in', element: <h1>Sign in</h1> },
];

export const COORDINATOR: AdminUser = {
  id: uuid(1),
  username: 'coordinator',
  name: 'Chris Coordinator',
  inspectorate: 'ofsted',
  admin: true,
  createdAt: '2026-11-01T09:00:00.000Z',
  devices: [],
};
export const INSPECTOR: AdminUser = {
  id: uuid(2),
  username: 'asmith',
  name: 'Alex Smith',
  inspectorate: 'cqc',
  admin: false,
  createdAt: '2026-11-01T09:00:00.000Z',
  devices: [
    {
      deviceId: uuid(900),
      createdAt: '2026-11-20T08:00:00.000Z',
      lastSeenAt: '2026-11-25T18:30:00.000Z',
      revokedAt: null,
      revokeMode: null,
      description: 'Chrome on an Android tablet',
    },
  ],
};
export const LEAD: AdminUser = {
  id: uuid(3),
  username: 'blee',
  name: 'Bo Lee',
  inspectorate: 'ofsted',
  admin: false,
  createdAt: '2026-11-01T09:00:00.000Z',
  devices: [],
};

/** Renders a coordinator screen, signed in as `as` (the coordinator by default). */
export const renderAdmin = async (
  path: string,
  { as = COORDINATOR, signedIn = true }: { as?: AdminUser; signedIn?: boolean } = {},
) => {
  const fb = await makeFieldbook();
  const server = createFakeAdminServer({ users: [COORDINATOR, INSPECTOR, LEAD] });
  if (signedIn) {
    const { createdAt: _c, devices: _d, ...user } = as;
    await setMeta(fb.db, 'session', { token: 'token-1', user });
  }
  const view = renderRoutes(fb, ADMIN_ROUTES_FOR_TEST, path, undefined, server.transport);
  return { fb, server, view };
};
