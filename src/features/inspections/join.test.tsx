// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { saveServerInspections, setMeta } from '../../db';
import { frameworkById } from '../../domain';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { InspectionHomePage } from './InspectionHomePage';
import { JoinInspectionPage } from './JoinInspectionPage';

const routes: RouteObject[] = [
  { path: '/i/:inspectionId', element: <InspectionHomePage /> },
  { path: '/i/:inspectionId/join', element: <JoinInspectionPage /> },
];
const USER = '0190b000-0000-7000-8000-0000000000bb';
const SAME = '0190b000-0000-7000-8000-0000000000a1';
const OTHER = '0190b000-0000-7000-8000-0000000000a2';

const signedInWithTwoServerInspections = async () => {
  const fb = await makeFieldbook();
  await fb.repo.create('evidence', fb.inspection.id, {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-26T08:00:00.000Z',
    status: 'final',
    text: 'Recorded before signing in',
    judgementIds: ['help-and-protection'],
  });
  const user = {
    id: USER,
    username: 'asha',
    name: 'Asha Patel',
    inspectorate: 'ofsted',
    admin: false,
  };
  await setMeta(fb.db, 'session', { token: 't', user });
  await fb.repo.setDeviceUser({ id: USER, name: 'Asha Patel', inspectorate: 'ofsted' });
  const server = (id: string, frameworkId: string, area: string) => ({
    id,
    frameworkId,
    area,
    startsOn: '2026-11-23',
    endsOn: '2026-12-04',
    status: 'fieldwork' as const,
    team: [
      { userId: USER, name: 'Asha Patel', inspectorate: 'ofsted' as const, role: 'lead' as const },
    ],
    framework: frameworkById(frameworkId)!,
  });
  await saveServerInspections(fb.db, [
    server(SAME, 'cp-joint-2012', 'Northshire (server)'),
    server(OTHER, 'lac-2012', 'Westborough'),
  ]);
  return fb;
};

describe('joining a device-only inspection', () => {
  it('offers the join on its home, refuses a different framework with the reason, then moves everything', async () => {
    const fb = await signedInWithTwoServerInspections();
    const user = userEvent.setup();
    const { router } = renderRoutes(fb, routes, `/i/${fb.inspection.id}`);
    const panel = await screen.findByTestId('device-only');
    await user.click(
      within(panel).getByRole('link', { name: 'Join it to an inspection on the server' }),
    );
    await screen.findByRole('heading', {
      name: 'Join it to an inspection on the server',
      level: 1,
    });

    // Listed with the same framework first.
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => r.closest('.govuk-radios__item')!.textContent)).toEqual([
      expect.stringContaining('Northshire (server)'),
      expect.stringContaining('Westborough'),
    ]);
    await user.click(screen.getByRole('button', { name: 'Join and sync' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Choose the inspection');

    await user.click(screen.getByLabelText(/Westborough/));
    await user.click(screen.getByRole('button', { name: 'Join and sync' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Inspection of services for children looked after');
    expect(summary.textContent).toContain('judgement area “help-and-protection”');
    expect(summary.textContent).toContain('stays on this device');
    expect(await fb.db.evidence.where('inspectionId').equals(fb.inspection.id).count()).toBe(1);

    await user.click(screen.getByLabelText(/Northshire \(server\)/));
    await user.click(screen.getByRole('button', { name: 'Join and sync' }));
    expect(
      await screen.findByText(
        '1 record from this device joined this inspection. They are being sent to the server.',
      ),
    ).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/i/${SAME}`);
    expect(screen.queryByTestId('device-only')).toBeNull();
    expect(await fb.db.evidence.where('inspectionId').equals(SAME).count()).toBe(1);
    expect(await fb.db.inspections.get(fb.inspection.id)).toBeUndefined();
  });
});
