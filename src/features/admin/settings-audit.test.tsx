// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { COORDINATOR, INSPECTOR, renderAdmin } from '../../../tests/support/unit/admin-screens';

describe('coordinator: device policy and audit', () => {
  it('changes the idle lock within 1 to 240 minutes, with what it is for', async () => {
    const { server } = await renderAdmin('/admin/settings');
    const user = userEvent.setup();
    const input = (await screen.findByLabelText(/Lock after/)) as HTMLInputElement;
    expect(input.value).toBe('10');
    expect(screen.getByText(/locks a tablet that has not been used for this long/)).toBeTruthy();

    await user.clear(input);
    await user.type(input, '300');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      (await screen.findAllByText('Enter a whole number of minutes from 1 to 240')).length,
    ).toBeGreaterThan(0);
    expect(server.state.calls).not.toContain('setSettings');

    await user.clear(input);
    await user.type(input, '15');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Tablets now lock after 15 minutes without use.');
    expect(server.state.settings).toEqual({ idleLockMinutes: 15 });
  });

  it('lists recent audit entries in words: when, who (or "Command line"), what and to whom, from where', async () => {
    const { server } = await renderAdmin('/admin/audit');
    server.state.audit.push(
      {
        at: '2026-11-26T08:15:00.000Z',
        kind: 'login-failed',
        userId: null,
        username: 'asmith',
        address: '192.0.2.7',
        detail: {},
      },
      {
        at: '2026-11-26T09:00:00.000Z',
        kind: 'password-reset',
        userId: null,
        username: null,
        address: null,
        detail: { target: { userId: INSPECTOR.id, username: INSPECTOR.username }, via: 'cli' },
      },
      {
        at: '2026-11-26T10:00:00.000Z',
        kind: 'password-reset',
        userId: COORDINATOR.id,
        username: COORDINATOR.username,
        address: '192.0.2.9',
        detail: { target: { userId: INSPECTOR.id, username: INSPECTOR.username }, via: 'api' },
      },
    );
    const table = await screen.findByRole('table');
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(rows).toEqual([
      `26 Nov 2026, 10:00${COORDINATOR.name}Reset the password of ${INSPECTOR.name}192.0.2.9`,
      `26 Nov 2026, 09:00Command lineReset the password of ${INSPECTOR.name}`,
      '26 Nov 2026, 08:15Not signed inA sign-in as asmith failed192.0.2.7',
    ]);
    const all = table.textContent ?? '';
    expect(all).not.toContain(INSPECTOR.id);
    expect(all).not.toContain('{');
    expect(all).not.toContain('Nobody signed in');
  });
});
