// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { dateShown, fillDate } from '../../../tests/support/unit/date-input';
import type { RouteObject } from 'react-router';
import { fixedClock } from '../../domain';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { CasePage } from './CasePage';

const routes: RouteObject[] = [{ path: '/i/:inspectionId/cases/:caseId', element: <CasePage /> }];

const addStage = async (user: ReturnType<typeof userEvent.setup>, stage: string, date: string) => {
  await user.selectOptions(screen.getByLabelText('Stage'), stage);
  await fillDate(user, screen.getByRole('group', { name: 'Date' }), date);
};
const submit = async (user: ReturnType<typeof userEvent.setup>) => {
  await user.click(screen.getByRole('button', { name: 'Add stage' }));
  await waitFor(() => expect(dateShown(screen.getByRole('group', { name: 'Date' }))).toBe(''));
};

describe("one child's journey, measured", () => {
  it('flags a late initial conference and an out-of-area placement, in words', async () => {
    // fieldwork from Mon 23 Nov 2026 (two weeks); the device's clock says Thu 26 Nov
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    const caseId = await fb.repo.create('childCase', id, {
      caseRef: '100234',
      selection: 'tracked',
    });
    // Thu 1 Oct → Tue 3 Nov 2026: 2 Oct (1), 5–9 (6), 12–16 (11), 19–23 (16), 26–30 (21), 2–3 Nov (23)
    await fb.repo.create('journeyEvent', id, {
      caseId,
      stage: 'strategy-discussion',
      date: '2026-10-01',
    });
    await fb.repo.create('journeyEvent', id, {
      caseId,
      stage: 'child-protection-conference',
      date: '2026-11-03',
    });
    await fb.repo.create('journeyEvent', id, {
      caseId,
      stage: 'child-protection-plan',
      date: '2026-11-03',
    });
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/cases/${caseId}`);

    const flags = await screen.findByTestId('journey-flags');
    expect(within(flags).getByText(/as of 26 November 2026/)).toBeTruthy();
    expect(within(flags).getByTestId('journey-flag-late').textContent).toBe(
      'Late Initial conference 23 working days after the strategy discussion; the guidance says 15',
    );
    // the plan is a month old: its first review is not due until 3 Feb 2027, but none is recorded
    expect(within(flags).getByTestId('journey-flag-gap').textContent).toBe(
      'Gap Child protection plan of 3 November 2026 has no review conference recorded',
    );
    expect(within(flags).getByText(/First review conference due by 3 February 2027/)).toBeTruthy();
    const conference = screen
      .getAllByTestId('journey-item')
      .find((item) => item.textContent?.includes('Child protection conference'))!;
    expect(within(conference).getByTestId('journey-measure').textContent).toContain(
      '23 working days after the strategy discussion',
    );

    await addStage(user, 'placement', '2026-11-05');
    await user.click(screen.getByLabelText('Out of the area'));
    await submit(user);
    await waitFor(() =>
      expect(screen.getByTestId('journey-flag-out-of-area').textContent).toBe(
        'Out of area Placed out of the area on 5 November 2026',
      ),
    );
    const placement = (await fb.db.journeyEvents.toArray()).find(
      (e) => e.fields.stage === 'placement',
    );
    expect(placement?.fields).toMatchObject({ outOfArea: true, route: null });
    const outbox = await fb.db.outbox.toArray();
    expect(outbox.at(-1)?.fields).toMatchObject({ stage: 'placement', outOfArea: true });
  });

  it('records the route to permanence, offered only on that stage', async () => {
    const fb = await makeFieldbook(fixedClock(Date.UTC(2026, 10, 26, 9), 1000), 'lac-2012');
    const id = fb.inspection.id;
    const caseId = await fb.repo.create('childCase', id, {
      caseRef: '200500',
      selection: 'sampled',
    });
    await fb.repo.create('journeyEvent', id, {
      caseId,
      stage: 'entering-care',
      date: '2025-01-06',
    });
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/cases/${caseId}`);
    await screen.findByTestId('journey-flags');
    const stage = screen.getByLabelText('Stage');
    for (const offered of [
      'Placement order (court authority to place)',
      'Matched with adopters',
      'Placed for adoption (moved in with the adoptive family)',
      'Adoption order',
    ])
      expect(within(stage).getByRole('option', { name: offered })).toBeTruthy();
    expect(screen.queryByLabelText('Route to permanence')).toBeNull();
    await addStage(user, 'permanence-achieved', '2025-12-01');
    await user.selectOptions(screen.getByLabelText('Route to permanence'), 'special-guardianship');
    await submit(user);
    expect(await screen.findByText('Route: Special guardianship')).toBeTruthy();
    const reached = (await fb.db.journeyEvents.toArray()).find(
      (e) => e.fields.stage === 'permanence-achieved',
    );
    expect(reached?.fields).toMatchObject({ route: 'special-guardianship', outOfArea: null });
    // entered care on Mon 6 Jan 2025 and no review recorded: the first was due 20 working days on
    expect(screen.getByTestId('journey-flag-overdue').textContent).toContain(
      'First looked after review due by 3 February 2025',
    );
  });
});

describe('an inspection stored on the device before timescales were data', () => {
  it('is measured with the shipped timescales and offers the new stages', async () => {
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    // The copy of the framework as the previous release stored it: no timescales, older stages.
    const { timescales: _t, journeyGaps: _g, ...old } = fb.inspection.framework;
    await fb.db.inspections.put({
      ...fb.inspection,
      framework: {
        ...old,
        journeyStages: old.journeyStages.filter((s) => s !== 'cp-review-conference'),
      },
    });
    const caseId = await fb.repo.create('childCase', id, {
      caseRef: '100234',
      selection: 'tracked',
    });
    await fb.repo.create('journeyEvent', id, {
      caseId,
      stage: 'strategy-discussion',
      date: '2026-10-01',
    });
    await fb.repo.create('journeyEvent', id, {
      caseId,
      stage: 'child-protection-conference',
      date: '2026-11-03',
    });
    renderRoutes(fb, routes, `/i/${id}/cases/${caseId}`);
    expect((await screen.findByTestId('journey-flag-late')).textContent).toContain(
      'Initial conference 23 working days after the strategy discussion',
    );
    expect(
      within(screen.getByLabelText('Stage')).getByRole('option', {
        name: 'Child protection review conference',
      }),
    ).toBeTruthy();
  });
});
