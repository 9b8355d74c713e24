// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { INSPECTOR, renderAdmin } from '../../../tests/support/unit/admin-screens';

afterEach(() => {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
});

describe('coordinator screens: who and when', () => {
  it('refuses an inspector who is not a coordinator, asking the server nothing', async () => {
    const { server } = await renderAdmin('/admin/users', { as: INSPECTOR });
    expect(await screen.findByText('Only coordinators can use these screens')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByLabelText('Username')).toBeNull();
    expect(server.state.calls).toEqual([]);
  });

  it('shows the refusal when the server answers 403', async () => {
    const { server } = await renderAdmin('/admin/inspections');
    server.state.failure = {
      kind: 'rejected',
      status: 403,
      code: 'forbidden',
      message: 'Admins only',
    };
    expect(await screen.findByText('Only coordinators can use these screens')).toBeTruthy();
  });

  it('says plainly when a list could not be loaded, and Try again asks for both lists again', async () => {
    const { server } = await renderAdmin('/admin/inspections');
    server.state.failure = {
      kind: 'rejected',
      status: 503,
      code: 'unavailable',
      message: 'The server is starting up',
    };
    expect(await screen.findByText('The server is starting up')).toBeTruthy();
    server.state.failure = null;
    server.state.calls.length = 0;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No inspections have been set up yet.')).toBeTruthy();
    expect([...server.state.calls].sort()).toEqual(['listInspections', 'listUsers']);
  });

  it('says so when only the users list fails under the audit log, rather than "Loading…" for good', async () => {
    const { server } = await renderAdmin('/admin/audit');
    server.state.failOnly = ['listUsers'];
    server.state.failure = {
      kind: 'rejected',
      status: 503,
      code: 'unavailable',
      message: 'The server is starting up',
    };
    expect(await screen.findByText('The server is starting up')).toBeTruthy();
    server.state.failure = null;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Nothing has been recorded yet.')).toBeTruthy();
  });

  it('says the screens need a connection when the server cannot be reached', async () => {
    const { server } = await renderAdmin('/admin/settings');
    server.state.failure = { kind: 'offline' };
    expect(await screen.findByText('The coordinator screens need a connection')).toBeTruthy();
    expect(screen.queryByLabelText(/Lock after/)).toBeNull();
  });

  it('says so at once when the browser knows it is offline', async () => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    const { server } = await renderAdmin('/admin');
    expect(await screen.findByText('The coordinator screens need a connection')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Users and devices' })).toBeNull();
    expect(server.state.calls).toEqual([]);
  });

  it('offers the overview’s links to a coordinator', async () => {
    await renderAdmin('/admin');
    for (const name of ['Users and devices', 'Inspections and teams', 'Device policy', 'Audit log'])
      expect((await screen.findByRole('link', { name })).getAttribute('href')).toMatch(
        /^\/admin\//,
      );
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
  });

  it('asks someone signed out to sign in', async () => {
    await renderAdmin('/admin/users', { signedIn: false });
    expect(await screen.findByText('Sign in as a coordinator to use these screens.')).toBeTruthy();
  });
});
