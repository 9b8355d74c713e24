// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { fixedClock } from '../../domain';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { JourneysPage } from './JourneysPage';

const routes: RouteObject[] = [
  { path: '/i/:inspectionId/journeys', element: <JourneysPage /> },
  { path: '/i/:inspectionId/cases/:caseId', element: <h1>Case</h1> },
];

describe("all children's journeys", () => {
  it('counts each step, links the late ones to the child, and groups out-of-area placements', async () => {
    const fb = await makeFieldbook(); // fieldwork from 23 Nov 2026; the clock says 26 Nov
    const id = fb.inspection.id;
    const stage = (caseId: string, s: string, date: string, extra: object = {}) =>
      fb.repo.create('journeyEvent', id, { caseId, stage: s as 'referral', date, ...extra });
    const late = await fb.repo.create('childCase', id, { caseRef: '100234', selection: 'tracked' });
    // Thu 1 Oct → Tue 3 Nov 2026 is 23 working days; the plan has no review yet (a gap)
    await stage(late, 'strategy-discussion', '2026-10-01');
    await stage(late, 'child-protection-conference', '2026-11-03');
    await stage(late, 'placement', '2026-11-05', { outOfArea: true });
    const prompt = await fb.repo.create('childCase', id, {
      caseRef: '100777',
      selection: 'tracked',
    });
    // Mon 2 Nov → Mon 16 Nov 2026 is 10 working days
    await stage(prompt, 'strategy-discussion', '2026-11-02');
    await stage(prompt, 'child-protection-conference', '2026-11-16');
    await stage(prompt, 'child-protection-plan', '2026-11-16');
    await fb.repo.create('childCase', id, { caseRef: '100999', selection: 'sampled' });
    renderRoutes(fb, routes, `/i/${id}/journeys`);

    const row = await screen.findByTestId('steps-cp-initial-conference');
    expect(within(row).getByRole('rowheader').textContent).toBe(
      'Initial conferencewithin 15 working days of the strategy discussion',
    );
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      '2',
      '16.5 working days', // the median of 23 and 10
      '1',
    ]);
    expect(screen.getByTestId('journeys-summary').textContent).toContain(
      '3 children tracked or sampled, measured as of 26 November 2026',
    );
    const lateList = screen.getByTestId('late-cp-initial-conference');
    const link = within(lateList).getByRole('link', { name: '100234' });
    expect(link.getAttribute('href')).toBe(`/i/${id}/cases/${late}`);
    expect(lateList.textContent).toContain(
      'Late: Initial conference 23 working days after the strategy discussion; the guidance says 15',
    );

    expect(screen.getByTestId('out-of-area-figure').textContent).toBe(
      '1 of 3 children were placed out of the area.',
    );
    expect(
      within(screen.getByTestId('out-of-area-children')).getByRole('link', { name: '100234' }),
    ).toBeTruthy();
    const away = screen.getByTestId('away-steps-cp-initial-conference');
    expect([...away.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      '1',
      '23 working days',
      '1',
    ]);
    expect(screen.getByTestId('journey-gaps').textContent).toContain(
      'Child protection plan of 16 November 2026 has no review conference recorded',
    );
    expect(screen.getByText("No child's permanence is recorded yet.")).toBeTruthy();
  });

  it('shows permanence by route with the median time from entering care', async () => {
    const fb = await makeFieldbook(fixedClock(Date.UTC(2026, 10, 26, 9), 1000), 'lac-2012');
    const id = fb.inspection.id;
    for (const [ref, entered, reached, route] of [
      ['200001', '2025-01-01', '2025-12-01', 'special-guardianship'], // 334 days
      ['200002', '2025-01-01', '2025-06-01', 'special-guardianship'], // 151 days
      ['200003', '2024-01-10', '2025-11-20', 'adoption'], // 680 days
    ] as const) {
      const caseId = await fb.repo.create('childCase', id, { caseRef: ref, selection: 'tracked' });
      await fb.repo.create('journeyEvent', id, { caseId, stage: 'entering-care', date: entered });
      await fb.repo.create('journeyEvent', id, {
        caseId,
        stage: 'permanence-achieved',
        date: reached,
        route,
      });
    }
    renderRoutes(fb, routes, `/i/${id}/journeys`);
    const sgo = await screen.findByTestId('permanence-special-guardianship');
    expect([...sgo.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      '2',
      '242.5 days (8 months)',
    ]);
    expect(
      within(sgo)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['200001', '200002']);
    expect(screen.getByTestId('permanence-adoption').textContent).toContain(
      '680 days (22.3 months)',
    );
  });
});

describe('a long late list', () => {
  it('waits for a tap before it renders, so the screen opens fast with a big sample', async () => {
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    // 21 children each with a referral on Mon 5 Jan 2026 and no assessment: all overdue
    for (let n = 0; n < 21; n++) {
      const caseId = await fb.repo.create('childCase', id, {
        caseRef: `3000${n}`,
        selection: 'tracked',
      });
      await fb.repo.create('journeyEvent', id, { caseId, stage: 'referral', date: '2026-01-05' });
    }
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/journeys`);
    const group = await screen.findByTestId('late-cp-assessment');
    expect(group.textContent).toContain('Assessment: 21 late or overdue');
    expect(within(group).queryAllByRole('link')).toHaveLength(0);
    await user.click(within(group).getByText('Assessment: 21 late or overdue'));
    await waitFor(() => expect(within(group).getAllByRole('link')).toHaveLength(21));
    expect(group.textContent).toContain(
      'Overdue: Assessment due by 9 March 2026 (45 working days after the referral on 5 January 2026) and not recorded as of 26 November 2026',
    );
  });
});
