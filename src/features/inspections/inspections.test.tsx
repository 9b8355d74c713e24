// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { dateShown } from '../../../tests/support/unit/date-input';
import type { RouteObject } from 'react-router';
import {
  makeFieldbook,
  renderRoutes,
  settleEverything,
} from '../../../tests/support/unit/fieldbook';
import { InspectionHomePage } from './InspectionHomePage';
import { InspectionListPage } from './InspectionListPage';
import { SetUpInspectionPage } from './SetUpInspectionPage';

const routes: RouteObject[] = [
  { path: '/', element: <InspectionListPage /> },
  { path: '/inspections/new', element: <SetUpInspectionPage /> },
  { path: '/i/:inspectionId', element: <InspectionHomePage /> },
  { path: '*', element: <p>Elsewhere</p> },
];

describe('setting up an inspection on this device', () => {
  it('asks who the inspector is, derives the end date from the framework and opens the new home', async () => {
    const fb = await makeFieldbook();
    const user = userEvent.setup();
    const { router } = renderRoutes(fb, routes, '/');
    await user.click(
      await screen.findByRole('link', { name: 'Set up an inspection on this device' }),
    );

    await user.type(await screen.findByLabelText('Your name'), 'Asha Patel');
    await user.selectOptions(screen.getByLabelText('Your inspectorate'), 'cqc');
    await user.click(
      screen.getByLabelText('Inspection of services for children looked after and care leavers'),
    );
    await user.type(screen.getByLabelText('Local authority area'), 'Westborough');
    expect(dateShown(screen.getByRole('group', { name: 'Start of fieldwork' }))).toBe('2026-11-26');
    expect(dateShown(screen.getByRole('group', { name: 'End of fieldwork' }))).toBe('2026-12-09');
    await user.click(screen.getByRole('button', { name: 'Set up inspection' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Westborough' })).toBeTruthy();
    const inspections = await fb.db.inspections.toArray();
    const created = inspections.find((i) => i.area === 'Westborough')!;
    expect(router.state.location.pathname).toBe(`/i/${created.id}`);
    expect(created).toMatchObject({ frameworkId: 'lac-2012', endsOn: '2026-12-09' });
    expect(created.team[0]).toMatchObject({
      name: 'Asha Patel',
      inspectorate: 'cqc',
      role: 'lead',
    });
    expect(await fb.repo.deviceUser()).toMatchObject({ name: 'Asha Patel', inspectorate: 'cqc' });
    expect(screen.getByText('Achieving permanence for children')).toBeTruthy();
    expect(screen.getByText('Adoption performance')).toBeTruthy();
  });

  it('shows every problem in an error summary and keeps what was typed', async () => {
    const fb = await makeFieldbook();
    const user = userEvent.setup();
    renderRoutes(fb, routes, '/inspections/new');
    await user.type(await screen.findByLabelText('Your name'), 'Asha Patel');
    await user.click(screen.getByRole('button', { name: 'Set up inspection' }));

    const summary = await screen.findByRole('alert');
    // Listed in the order the form asks, each linking to its field.
    expect(
      within(summary)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual([
      'Select your inspectorate',
      'Select which inspection this is',
      'Enter the local authority area',
    ]);
    expect(screen.getByLabelText<HTMLInputElement>('Your name').value).toBe('Asha Patel');
    expect(await fb.db.inspections.count()).toBe(1);
  });
});

describe('the inspection home', () => {
  it("counts today's evidence and unsent changes, lists drafts newest first and open concerns first", async () => {
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    const note = (occurredAt: string, status: 'draft' | 'final', text: string) =>
      fb.repo.create('evidence', id, { kind: 'practitioner-interview', occurredAt, status, text });
    await note('2026-11-26T08:30:00.000Z', 'final', 'Morning interview');
    await note('2026-11-26T08:45:00.000Z', 'draft', 'Older draft');
    await note('2026-11-25T15:00:00.000Z', 'final', 'Yesterday');
    await note('2026-11-26T08:50:00.000Z', 'draft', 'The social worker said that the');
    const colleagues = await note('2026-11-26T08:55:00.000Z', 'draft', 'A colleague’s draft');
    await fb.db.evidence.update(colleagues, { author: '0190f0a0-0000-7000-8000-000000000002' });
    await fb.repo.create('safeguardingConcern', id, {
      raisedAt: '2026-11-26T08:55:00.000Z',
      concern: 'Bruising seen on a visit',
      status: 'open',
    });

    renderRoutes(fb, routes, `/i/${id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Northshire' })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('today-count').textContent).toBe('4'));
    await waitFor(() => expect(screen.getByTestId('unsent-inspection').textContent).toBe('6'));
    const drafts = within(await screen.findByTestId('drafts')).getAllByRole('listitem');
    expect(drafts.map((li) => li.textContent)).toEqual([
      expect.stringContaining('The social worker said that the'),
      expect.stringContaining('Older draft'),
    ]);
    expect(within(drafts[0]!).getByRole('link').getAttribute('href')).toMatch(
      new RegExp(`^/i/${id}/evidence/`),
    );
    expect(screen.getByText('1 safeguarding concern is not closed')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Start shadowing' }).getAttribute('href')).toBe(
      `/i/${id}/evidence/new?kind=shadowing-observation`,
    );
  });

  it('reads the same status on the list and on the home: the stored one, never the dates', async () => {
    const fb = await makeFieldbook();
    await fb.db.inspections.update(fb.inspection.id, { status: 'planned' });
    const user = userEvent.setup();
    renderRoutes(fb, routes, '/');
    const card = (await screen.findByRole('link', { name: /Northshire/ })).closest(
      '.govuk-summary-card',
    ) as HTMLElement;
    expect(within(card).getByText('Planned')).toBeTruthy();
    await user.click(within(card).getByRole('link', { name: /Northshire/ }));
    const line = await screen.findByTestId('inspection-status');
    expect(within(line).getByText('Planned')).toBeTruthy();
    expect(within(line).queryByText('Fieldwork')).toBeNull();
  });

  it('[§4.3] tells the lead when the inspection’s data will be purged from the server; an inspector is not told', async () => {
    const fb = await makeFieldbook();
    await fb.db.inspections.update(fb.inspection.id, {
      status: 'reported',
      retention: {
        reportedAt: '2026-11-20T15:00:00.000Z',
        retainUntil: null,
        purgeOn: '2027-11-20',
        legalHold: null,
        purgedAt: null,
      },
    });
    renderRoutes(fb, routes, `/i/${fb.inspection.id}`);
    expect((await screen.findByTestId('inspection-retention')).textContent).toBe(
      'Its evidence, cases and concerns will be purged from the server on 20 November 2027, 12 months after it was reported.',
    );
    cleanup();
    const team = fb.inspection.team.map((m) => ({ ...m, role: 'inspector' as const }));
    await fb.db.inspections.update(fb.inspection.id, { team });
    renderRoutes(fb, routes, `/i/${fb.inspection.id}`);
    await screen.findByTestId('inspection-status');
    expect(screen.queryByTestId('inspection-retention')).toBeNull();
  });

  it('counts refused changes apart from unsent ones, with a link to why', async () => {
    const fb = await makeFieldbook();
    await fb.repo.create('childCase', fb.inspection.id, { caseRef: 'NS-1', selection: 'tracked' });
    await settleEverything(fb.db, { status: 'rejected', reason: 'forbidden' });
    renderRoutes(fb, routes, `/i/${fb.inspection.id}`);
    const refused = await screen.findByTestId('refused-inspection');
    expect(refused.textContent).toContain('1');
    expect(within(refused).getByRole('link', { name: 'See why' }).getAttribute('href')).toBe(
      '/refused',
    );
    await waitFor(() => expect(screen.getByTestId('unsent-inspection').textContent).toBe('0'));
  });
});
