// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { detailSummary } from './AuditPage';
import { renderAdmin } from '../../../tests/support/unit/admin-screens';

let done: (() => Promise<void>) | undefined;
afterEach(async () => {
  cleanup();
  await done?.();
  done = undefined;
});

describe('coordinator: device policy and audit', () => {
  it('changes the idle lock within 1 to 240 minutes, with what it is for', async () => {
    const { fb, server } = await renderAdmin('/admin/settings');
    done = fb.cleanup;
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

  it('lists recent audit entries: time, kind, who, address and a summary of the detail', async () => {
    const { fb, server } = await renderAdmin('/admin/audit');
    done = fb.cleanup;
    server.state.audit.push({
      at: '2026-11-26T08:15:00.000Z',
      kind: 'sign-in-failed',
      userId: null,
      username: null,
      address: '192.0.2.7',
      detail: { username: 'asmith', reason: 'wrong-password' },
    });
    const table = await screen.findByRole('table');
    const row = within(table).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('Sign in failed');
    expect(row.textContent).toContain('Nobody signed in');
    expect(row.textContent).toContain('192.0.2.7');
    expect(row.textContent).toContain('username: asmith; reason: wrong-password');
    expect(detailSummary({ text: 'x'.repeat(500) }).length).toBe(160);
  });
});
