// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LEAD, renderAdmin } from '../../../tests/support/unit/admin-screens';

describe('coordinator: the safeguarding numbers of an inspection (issue 9)', () => {
  it('records the front door, out-of-hours and LADO numbers, and says what is wrong with one', async () => {
    const { server, view } = await renderAdmin('/admin');
    const inspectionId = crypto.randomUUID();
    server.state.inspections.push({
      id: inspectionId,
      frameworkId: 'cp-joint-2012',
      area: 'Northshire',
      startsOn: '2027-01-11',
      endsOn: '2027-01-22',
      status: 'planned',
      team: [{ userId: LEAD.id, name: LEAD.name, inspectorate: 'ofsted', role: 'lead' }],
    });
    await view.router.navigate(`/admin/inspections/${inspectionId}`);
    const user = userEvent.setup();
    const frontDoor = await screen.findByLabelText('Children’s services front door');
    expect(frontDoor.getAttribute('type')).toBe('tel');
    await user.type(frontDoor, '0300 123 4567');
    await user.type(screen.getByLabelText('Out-of-hours emergency duty team'), '0300 765 4321');
    await user.type(
      screen.getByLabelText('Local authority designated officer (LADO)'),
      'ask reception',
    );
    await user.click(screen.getByRole('button', { name: 'Save the numbers' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Local authority designated officer (LADO)');
    expect(server.state.inspections[0]!.contacts).toBeUndefined();

    const lado = screen.getByLabelText('Local authority designated officer (LADO)');
    await user.clear(lado);
    await user.type(lado, '01632 960 001');
    await user.click(screen.getByRole('button', { name: 'Save the numbers' }));
    await screen.findByText('The safeguarding numbers are saved.');
    await waitFor(() =>
      expect(server.state.inspections[0]!.contacts).toEqual({
        frontDoor: '0300 123 4567',
        outOfHours: '0300 765 4321',
        lado: '01632 960 001',
      }),
    );
  });
});
