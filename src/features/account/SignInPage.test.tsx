// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { setMeta } from '../../db';
import type { SyncStatus } from '../../sync';
import { KeyringContext, type Keyring } from '../shared/keyring-context';
import { SyncEngineContext } from '../shared/sync-context';
import {
  engineReporting,
  makeFieldbook,
  renderRoutes,
} from '../../../tests/support/unit/fieldbook';
import { SignInPage } from './SignInPage';

let fb: Awaited<ReturnType<typeof makeFieldbook>>;
const keyring: Keyring = {
  state: 'unlocked',
  createPassword: async () => undefined,
  unlock: async () => undefined,
  signIn: async () => undefined,
  getReady: () => undefined,
  lock: async () => undefined,
  wipe: async () => undefined,
};

const renderAccount = async (status: SyncStatus) => {
  fb = await makeFieldbook();
  const user = await fb.repo.deviceUser();
  await setMeta(fb.db, 'session', {
    token: 'ended-token',
    user: {
      id: user.id,
      username: 'amy',
      name: 'Amy Inspector',
      inspectorate: 'ofsted',
      admin: false,
    },
  });
  renderRoutes(
    fb,
    [
      {
        path: '/sign-in',
        element: (
          <KeyringContext.Provider value={keyring}>
            <SyncEngineContext.Provider value={engineReporting(status)}>
              <SignInPage />
            </SyncEngineContext.Provider>
          </KeyringContext.Provider>
        ),
      },
    ],
    '/sign-in',
  );
  await screen.findByRole('heading', { name: 'Your account', level: 1 });
};

describe('the account page', () => {
  it('offers to sign in again when the server has ended the session, keeping the device’s work', async () => {
    await renderAccount({
      state: 'error',
      kind: 'signed-out',
      lastSyncedAt: null,
      retryAt: null,
    });
    expect(screen.getByRole('heading', { name: 'Sign in again to sync' })).toBeTruthy();
    expect(screen.getByLabelText('Username')).toBeTruthy();
    expect(
      screen.getByRole('button', { name: 'Sign out and remove data from this device' }),
    ).toBeTruthy();
  });

  it('does not ask to sign in again while the session is working', async () => {
    await renderAccount({ state: 'idle', lastSyncedAt: '2026-11-26T10:00:00.000Z' });
    expect(screen.queryByRole('heading', { name: 'Sign in again to sync' })).toBeNull();
  });
});
