// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { SettingsPage } from './SettingsPage';

const original = Object.getOwnPropertyDescriptor(navigator, 'storage');
afterEach(() => {
  if (original) Object.defineProperty(navigator, 'storage', original);
  else Reflect.deleteProperty(navigator, 'storage');
});

/** A browser's StorageManager that agrees to persist when asked, or not. */
const fakeStorage = (agrees: boolean) => {
  let persisted = false;
  Object.defineProperty(navigator, 'storage', {
    configurable: true,
    value: {
      persisted: async () => persisted,
      persist: async () => (persisted = agrees),
      estimate: async () => ({ usage: 12_345_678, quota: 2_000_000_000 }),
    },
  });
};

describe('settings', () => {
  it("saves the device user's name and inspectorate", async () => {
    fakeStorage(true);
    const fb = await makeFieldbook();
    const user = userEvent.setup();
    renderRoutes(fb, [{ path: '/settings', element: <SettingsPage /> }], '/settings');
    await user.type(await screen.findByLabelText('Your name'), 'Sam Okafor');
    await user.selectOptions(screen.getByLabelText('Your inspectorate'), 'hmic');
    await user.click(screen.getByRole('button', { name: 'Save your details' }));
    expect(await screen.findByText('Your details are saved')).toBeTruthy();
    expect(await fb.repo.deviceUser()).toMatchObject({ name: 'Sam Okafor', inspectorate: 'hmic' });
  });

  it('shows storage use and asks the browser to keep the data', async () => {
    fakeStorage(true);
    const fb = await makeFieldbook();
    const user = userEvent.setup();
    renderRoutes(fb, [{ path: '/settings', element: <SettingsPage /> }], '/settings');
    expect((await screen.findByTestId('storage-used')).textContent).toBe('12.3 MB of 2,000 MB');
    expect(screen.getByText('No, the browser may clear it')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Keep data on this device' }));
    expect(await screen.findByText('Yes, kept')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Keep data on this device' })).toBeNull();
  });

  it('explains when the browser will not keep the data', async () => {
    fakeStorage(false);
    const fb = await makeFieldbook();
    const user = userEvent.setup();
    renderRoutes(fb, [{ path: '/settings', element: <SettingsPage /> }], '/settings');
    await user.click(await screen.findByRole('button', { name: 'Keep data on this device' }));
    await waitFor(() => expect(screen.getByText(/did not agree this time/)).toBeTruthy());
  });
});
