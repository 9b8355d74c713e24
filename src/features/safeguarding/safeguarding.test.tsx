// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { isoFromLocal } from '../shared/format';
import { fillDate } from '../../../tests/support/unit/date-input';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { ConcernListPage } from './ConcernListPage';
import { ConcernPage } from './ConcernPage';
import { RaiseConcernPage } from './RaiseConcernPage';

const routes: RouteObject[] = [
  { path: '/i/:inspectionId/safeguarding', element: <ConcernListPage /> },
  { path: '/i/:inspectionId/safeguarding/new', element: <RaiseConcernPage /> },
  { path: '/i/:inspectionId/safeguarding/:concernId', element: <ConcernPage /> },
];

afterEach(() => {
  Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
});

describe('raising a safeguarding concern', () => {
  it('saves offline at once, says to phone now, and records the referral, the lead and the director', async () => {
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    const caseId = await fb.repo.create('childCase', id, {
      caseRef: '100234',
      selection: 'tracked',
    });
    const user = userEvent.setup();
    const { router } = renderRoutes(fb, routes, `/i/${id}/safeguarding/new`);

    await user.type(
      await screen.findByLabelText('What is the concern?'),
      'Unexplained bruising seen on a home visit; the parent refused a medical.',
    );
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    await user.selectOptions(screen.getByLabelText('Child case (optional)'), caseId);
    await user.click(screen.getByRole('button', { name: 'Save the concern' }));

    const phoneNow = await screen.findByTestId('phone-now');
    expect(phoneNow.textContent).toContain(
      'Phone the referral through now — this cannot wait for sync',
    );
    const [saved] = await fb.db.safeguardingConcerns.toArray();
    expect(saved!.fields).toMatchObject({ status: 'open', caseId });
    expect(saved!.fields.raisedAt.startsWith('2026-11-26T09:')).toBe(true);
    expect(router.state.location.pathname).toBe(`/i/${id}/safeguarding/${saved!.id}`);
    expect(await fb.db.outbox.where('entityId').equals(saved!.id).count()).toBe(1);

    const referral = screen.getByRole('region', { name: '1. Refer it' });
    await user.click(await within(referral).findByLabelText("Children's social care"));
    const when = within(referral).getByRole('group', { name: 'When did you refer it?' });
    await fillDate(user, when, '2026-11-26');
    await user.clear(within(when).getByLabelText('Time'));
    await user.type(within(when).getByLabelText('Time'), '09:20');
    await user.click(within(referral).getByRole('button', { name: 'Record the referral' }));

    await waitFor(() => expect(screen.queryByTestId('phone-now')).toBeNull());
    expect(screen.getByText(/Referred to Children's social care at/)).toBeTruthy();
    let fields = (await fb.db.safeguardingConcerns.get(saved!.id))!.fields;
    expect(fields).toMatchObject({
      status: 'referred',
      referredTo: 'childrens-social-care',
      referredAt: isoFromLocal('2026-11-26', '09:20'),
    });

    const lead = screen.getByRole('region', { name: '2. Tell the lead inspector' });
    await user.click(within(lead).getByRole('button', { name: 'Record that the lead was told' }));
    const director = screen.getByRole('region', { name: '3. The lead tells the director' });
    await user.click(
      within(director).getByRole('button', { name: 'Record that the director was told' }),
    );
    await waitFor(async () => {
      fields = (await fb.db.safeguardingConcerns.get(saved!.id))!.fields;
      expect(fields.leadInformedAt).toBeTruthy();
      expect(fields.directorInformedAt).toBeTruthy();
    });

    // Closing is a separate, confirmed act.
    await user.click(screen.getByRole('button', { name: 'Close this concern' }));
    expect((await fb.db.safeguardingConcerns.get(saved!.id))!.fields.status).toBe('referred');
    await user.click(screen.getByRole('button', { name: 'Yes, close this concern' }));
    await waitFor(async () =>
      expect((await fb.db.safeguardingConcerns.get(saved!.id))!.fields.status).toBe('closed'),
    );
  });

  it('keeps the words and says why when the concern is empty', async () => {
    const fb = await makeFieldbook();
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${fb.inspection.id}/safeguarding/new`);
    await user.click(await screen.findByRole('button', { name: 'Save the concern' }));
    expect(within(await screen.findByRole('alert')).getByText('Describe the concern')).toBeTruthy();
    expect(await fb.db.safeguardingConcerns.count()).toBe(0);
  });
});

describe('the list of concerns', () => {
  it('puts open concerns first, then referred, then closed', async () => {
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    const raise = (concern: string, status: 'open' | 'referred' | 'closed', raisedAt: string) =>
      fb.repo.create('safeguardingConcern', id, { concern, status, raisedAt });
    await raise('Closed one', 'closed', '2026-11-26T10:00:00.000Z');
    await raise('Referred one', 'referred', '2026-11-26T09:00:00.000Z');
    await raise('Open one', 'open', '2026-11-24T09:00:00.000Z');
    renderRoutes(fb, routes, `/i/${id}/safeguarding`);
    const list = await screen.findByTestId('concerns');
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringContaining('Open one'),
      expect.stringContaining('Referred one'),
      expect.stringContaining('Closed one'),
    ]);
  });
});

describe('who may change a concern (S8)', () => {
  it('shows the record read-only to a team member who neither raised it nor leads', async () => {
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    const priya = '0190f0a0-0000-7000-8000-000000000002';
    await fb.db.inspections.update(id, {
      team: [
        { ...fb.inspection.team[0]!, role: 'inspector' },
        { userId: priya, name: 'Priya Shah', inspectorate: 'ofsted', role: 'lead' },
      ],
    });
    const concernId = await fb.repo.create('safeguardingConcern', id, {
      raisedAt: '2026-11-26T08:00:00.000Z',
      concern: 'A child said they were afraid to go home',
      status: 'referred',
      referredTo: 'police',
      referredAt: '2026-11-26T08:10:00.000Z',
    });
    await fb.db.safeguardingConcerns.update(concernId, { author: priya });
    renderRoutes(fb, routes, `/i/${id}/safeguarding/${concernId}`);
    expect(await screen.findByText(/Raised .* by Priya Shah/)).toBeTruthy();
    expect(screen.getByText(/Only the inspector who raised this concern/)).toBeTruthy();
    expect(screen.getByText(/Referred to Police at/)).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button', { name: /Change/ })).toBeNull();
    expect(
      screen.getByText('Only the lead inspector can close a safeguarding concern.'),
    ).toBeTruthy();
  });
});
