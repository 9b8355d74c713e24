// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { INSPECTOR, renderAdmin } from '../../../tests/support/unit/admin-screens';

describe('coordinator: users and devices', () => {
  it('lists users with their devices and adds a user', async () => {
    const { server } = await renderAdmin('/admin/users');
    const user = userEvent.setup();

    const table = await screen.findByRole('table');
    expect(screen.getAllByRole('heading', { level: 1 }).map((h) => h.textContent)).toEqual([
      'Users and devices',
    ]);
    const row = within(table)
      .getByRole('link', { name: /Alex Smith/ })
      .closest('tr')!;
    expect(row.textContent).toContain('asmith');
    expect(row.textContent).toContain('Care Quality Commission (CQC)');
    // The device in the words the server read from its browser, not its id.
    expect(row.textContent).toMatch(
      /Chrome on an Android tablet, first signed in 20 November 2026 at \d\d:\d\d: last seen/,
    );

    await user.type(screen.getByLabelText('Username'), 'jdoe');
    await user.type(screen.getByLabelText('Full name'), 'Jo Doe');
    await user.selectOptions(screen.getByLabelText('Inspectorate'), 'hmic');
    await user.click(screen.getByLabelText('This person is a coordinator'));
    await user.type(screen.getByLabelText('Initial password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    expect(
      (await screen.findAllByText('The initial password must be at least 10 characters')).length,
    ).toBeGreaterThan(0);
    expect(server.state.calls).not.toContain('createUser');

    await user.type(screen.getByLabelText('Initial password'), '-and-longer');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    await screen.findByText('Jo Doe (jdoe) has been added.');
    const added = server.state.users.find((u) => u.username === 'jdoe');
    expect(added).toMatchObject({ name: 'Jo Doe', inspectorate: 'hmic', admin: true });
    expect(server.state.passwords.get(added!.id)).toBe('short-and-longer');
    // The list is fetched again after the change.
    expect(
      await within(screen.getByRole('table')).findByRole('link', { name: /Jo Doe/ }),
    ).toBeTruthy();
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('');
  });

  it('shows the server’s refusal in the error summary and keeps what was typed', async () => {
    await renderAdmin('/admin/users');
    const user = userEvent.setup();
    await screen.findByRole('table');
    await user.type(screen.getByLabelText('Username'), 'asmith');
    await user.type(screen.getByLabelText('Full name'), 'Another Smith');
    await user.selectOptions(screen.getByLabelText('Inspectorate'), 'ofsted');
    await user.type(screen.getByLabelText('Initial password'), 'long-enough-pw');
    await user.click(screen.getByRole('button', { name: 'Add user' }));

    const summary = await screen.findByRole('alert');
    const link = within(summary).getByRole('link', {
      name: 'Username: That username is already taken',
    });
    expect(link.getAttribute('href')).toBe('#add-user-username');
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('asmith');
    expect((screen.getByLabelText('Full name') as HTMLInputElement).value).toBe('Another Smith');
  });

  it('resets a password, explaining that the tablet’s unsynced evidence is recovered', async () => {
    const { server } = await renderAdmin(`/admin/users/${INSPECTOR.id}`);
    const user = userEvent.setup();
    expect(await screen.findByText(/Nothing on their tablet is lost/)).toBeTruthy();
    expect(screen.getByText(/including anything not yet synced/)).toBeTruthy();

    await user.type(screen.getByLabelText('New password'), 'a-new-password');
    await user.type(screen.getByLabelText('Confirm the new password'), 'a-new-passwort');
    await user.click(screen.getByRole('button', { name: 'Reset password' }));
    expect((await screen.findAllByText('The two passwords do not match')).length).toBeGreaterThan(
      0,
    );
    expect(server.state.calls).not.toContain('resetPassword');

    await user.clear(screen.getByLabelText('Confirm the new password'));
    await user.type(screen.getByLabelText('Confirm the new password'), 'a-new-password');
    await user.click(screen.getByRole('button', { name: 'Reset password' }));
    await screen.findByText('Alex Smith’s password has been reset.');
    expect(server.state.passwords.get(INSPECTOR.id)).toBe('a-new-password');
  });

  it('revokes a device only after a confirmation that asks how: lost or stolen, or retired', async () => {
    const { server } = await renderAdmin(`/admin/users/${INSPECTOR.id}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Revoke this device/ }));
    expect(
      screen.getByText(/wipes all its Fieldbook data at its next contact and sends nothing/),
    ).toBeTruthy();
    expect(screen.getByText(/first sends the evidence not yet synced, then wipes/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(server.state.calls).not.toContain('revokeDevice');

    await user.click(screen.getByRole('button', { name: /Revoke this device/ }));
    // Not without saying how.
    await user.click(screen.getByRole('button', { name: 'Yes, revoke this device' }));
    expect(
      (await screen.findAllByText('Choose why this device is being revoked')).length,
    ).toBeGreaterThan(0);
    expect(server.state.calls).not.toContain('revokeDevice');
    await user.click(screen.getByLabelText('Retired or replaced'));
    await user.click(screen.getByRole('button', { name: 'Yes, revoke this device' }));
    expect(await screen.findByText('Revoked', { selector: '.govuk-tag' })).toBeTruthy();
    expect(server.state.users.find((u) => u.id === INSPECTOR.id)!.devices[0]).toMatchObject({
      revokedAt: expect.any(String),
      revokeMode: 'retired',
    });
    expect(screen.getByText(/retired \(sends its unsent work, then wipes\)/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Revoke this device/ })).toBeNull();
  });
});
