// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  INSPECTOR,
  LEAD,
  COORDINATOR,
  renderAdmin,
} from '../../../tests/support/unit/admin-screens';

let done: (() => Promise<void>) | undefined;
afterEach(async () => {
  cleanup();
  await done?.();
  done = undefined;
});

describe('coordinator: inspections and teams', () => {
  it('sets up an inspection with its lead and team, then changes its status and team', async () => {
    const { fb, server, view } = await renderAdmin('/admin/inspections');
    done = fb.cleanup;
    const user = userEvent.setup();
    expect(await screen.findByText('No inspections have been set up yet.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Set up inspection' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Select which inspection this is');
    expect(summary.textContent).toContain('Select the lead inspector');
    expect(server.state.calls).not.toContain('createInspection');

    await user.selectOptions(screen.getByLabelText('Inspection'), 'cp-joint-2012');
    await user.type(screen.getByLabelText('Local authority area'), 'Northshire');
    await user.type(screen.getByLabelText('Start of fieldwork'), '2027-01-11');
    await user.selectOptions(screen.getByLabelText('Lead inspector'), LEAD.id);
    const team = screen.getByRole('group', { name: /Team/ });
    // The lead is not offered again as a member.
    expect(within(team).queryByLabelText(/Bo Lee/)).toBeNull();
    await user.click(within(team).getByLabelText('Alex Smith (asmith)'));
    await user.click(screen.getByRole('button', { name: 'Set up inspection' }));

    await screen.findByText('The inspection of Northshire has been set up.');
    const created = server.state.inspections[0]!;
    expect(created).toMatchObject({
      frameworkId: 'cp-joint-2012',
      area: 'Northshire',
      startsOn: '2027-01-11',
    });
    expect(created.team.map((m) => [m.name, m.role])).toEqual([
      ['Bo Lee', 'lead'],
      ['Alex Smith', 'inspector'],
    ]);
    const row = (await screen.findByRole('link', { name: /Northshire/ })).closest('tr')!;
    expect(row.textContent).toContain('Joint inspection of multi-agency arrangements');
    expect(row.textContent).toContain('11 January 2027');
    expect(row.textContent).toContain('Planned');
    expect(row.textContent).toContain('Bo Lee (lead), Alex Smith');

    await view.router.navigate(`/admin/inspections/${created.id}`);
    await user.click(await screen.findByLabelText('Fieldwork'));
    await user.click(screen.getByRole('button', { name: 'Change status' }));
    await screen.findByText('The status is now fieldwork.');
    expect(server.state.inspections[0]!.status).toBe('fieldwork');

    const members = screen.getByRole('group', { name: 'Who is on the team' });
    await user.click(within(members).getByLabelText('Chris Coordinator (coordinator)'));
    await user.selectOptions(screen.getByLabelText('Lead inspector'), COORDINATOR.id);
    await user.click(screen.getByRole('button', { name: 'Save team' }));
    await screen.findByText('The team has been changed.');
    expect(server.state.inspections[0]!.team.map((m) => [m.userId, m.role])).toEqual([
      [LEAD.id, 'inspector'],
      [INSPECTOR.id, 'inspector'],
      [COORDINATOR.id, 'lead'],
    ]);
  });

  it('will not save a team whose lead is not on it', async () => {
    const { fb, server, view } = await renderAdmin('/admin/inspections');
    done = fb.cleanup;
    const user = userEvent.setup();
    await screen.findByText('No inspections have been set up yet.');
    await user.selectOptions(screen.getByLabelText('Inspection'), 'lac-2012');
    await user.type(screen.getByLabelText('Local authority area'), 'Southshire');
    await user.type(screen.getByLabelText('Start of fieldwork'), '2027-02-01');
    await user.selectOptions(screen.getByLabelText('Lead inspector'), LEAD.id);
    await user.click(screen.getByRole('button', { name: 'Set up inspection' }));
    await screen.findByText('The inspection of Southshire has been set up.');

    await view.router.navigate(`/admin/inspections/${server.state.inspections[0]!.id}`);
    const members = await screen.findByRole('group', { name: 'Who is on the team' });
    await user.click(within(members).getByLabelText('Bo Lee (blee)'));
    await user.click(screen.getByRole('button', { name: 'Save team' }));
    expect(
      (await screen.findAllByText('Choose at least one person for the team')).length,
    ).toBeGreaterThan(0);
    expect(server.state.calls).not.toContain('setTeam');
  });
});
