// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fillDate } from '../../../tests/support/unit/date-input';
import {
  INSPECTOR,
  LEAD,
  COORDINATOR,
  renderAdmin,
} from '../../../tests/support/unit/admin-screens';

describe('coordinator: inspections and teams', () => {
  it('sets up an inspection with its lead and team, then changes its status and team', async () => {
    const { server, view } = await renderAdmin('/admin/inspections');
    const user = userEvent.setup();
    expect(await screen.findByText('No inspections have been set up yet.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Set up inspection' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Select which inspection this is');
    expect(summary.textContent).toContain('Select the lead inspector');
    expect(server.state.calls).not.toContain('createInspection');

    await user.selectOptions(screen.getByLabelText('Inspection'), 'cp-joint-2012');
    await user.type(screen.getByLabelText('Local authority area'), 'Northshire');
    await fillDate(user, screen.getByRole('group', { name: 'Start of fieldwork' }), '2027-01-11');
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
    const { server, view } = await renderAdmin('/admin/inspections');
    const user = userEvent.setup();
    await screen.findByText('No inspections have been set up yet.');
    await user.selectOptions(screen.getByLabelText('Inspection'), 'lac-2012');
    await user.type(screen.getByLabelText('Local authority area'), 'Southshire');
    await fillDate(user, screen.getByRole('group', { name: 'Start of fieldwork' }), '2027-02-01');
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

  it('[§4.3] shows when its data is purged; sets a retention date and a legal hold with a reason; purges what is due after asking', async () => {
    const { server, view } = await renderAdmin('/admin/inspections');
    const user = userEvent.setup();
    await screen.findByText('No inspections have been set up yet.');
    await user.selectOptions(screen.getByLabelText('Inspection'), 'lac-2012');
    await user.type(screen.getByLabelText('Local authority area'), 'Westshire');
    await fillDate(user, screen.getByRole('group', { name: 'Start of fieldwork' }), '2026-01-12');
    await user.selectOptions(screen.getByLabelText('Lead inspector'), LEAD.id);
    await user.click(screen.getByRole('button', { name: 'Set up inspection' }));
    await screen.findByText('The inspection of Westshire has been set up.');
    const id = server.state.inspections[0]!.id;
    const row = (await screen.findByRole('link', { name: /Westshire/ })).closest('tr')!;
    expect(row.textContent).toContain('12 months after reported');

    await view.router.navigate(`/admin/inspections/${id}`);
    await user.click(await screen.findByLabelText('Reported'));
    await user.click(screen.getByRole('button', { name: 'Change status' }));
    await screen.findByText('The status is now reported.');
    expect((await screen.findByTestId('retention-sentence')).textContent).toBe(
      'Its evidence, cases and concerns will be purged from the server on 26 November 2027, 12 months after it was reported.',
    );

    await fillDate(user, screen.getByRole('group', { name: 'Retention date' }), '2026-06-30');
    await user.click(screen.getByRole('button', { name: 'Set retention date' }));
    await screen.findByText('The retention date is now 30 June 2026.');
    expect(server.state.inspections[0]!.retention?.purgeOn).toBe('2026-06-30');

    // A legal hold needs its reason: refused, and said in the error summary.
    await user.click(screen.getByRole('button', { name: 'Set a legal hold' }));
    expect((await screen.findAllByText(/Give a reason/)).length).toBeGreaterThan(0);
    expect(server.state.inspections[0]!.retention?.legalHold).toBeNull();
    await user.type(screen.getByLabelText('Reason for a legal hold'), 'Judicial review 2026/88');
    await user.click(screen.getByRole('button', { name: 'Set a legal hold' }));
    await screen.findByText('The legal hold is set: nothing is purged until it is lifted.');
    expect(server.state.inspections[0]!.retention?.legalHold?.reason).toBe(
      'Judicial review 2026/88',
    );

    // Held: nothing is due, so the purge is not offered.
    await view.router.navigate('/admin/inspections');
    expect(await screen.findByText(/Nothing is due now\./)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Purge now' }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    await view.router.navigate(`/admin/inspections/${id}`);
    await user.type(await screen.findByLabelText('Why the legal hold can be lifted'), 'Closed');
    await user.click(screen.getByRole('button', { name: 'Lift the legal hold' }));
    await screen.findByText('The legal hold is lifted.');

    await view.router.navigate('/admin/inspections');
    expect(await screen.findByText(/Due now: Westshire\./)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Purge now' }));
    expect(server.state.calls).not.toContain('purge');
    await user.click(screen.getByRole('button', { name: 'Yes, purge now' }));
    await screen.findByText(/^Purged: Westshire\./);
    expect(server.state.inspections[0]!.retention?.purgedAt).toBeTruthy();
  });
});
