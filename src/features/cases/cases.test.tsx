// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { dateShown, fillDate } from '../../../tests/support/unit/date-input';
import type { RouteObject } from 'react-router';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { CaseListPage } from './CaseListPage';
import { CasePage } from './CasePage';
import { NewCasePage } from './NewCasePage';

const routes: RouteObject[] = [
  { path: '/i/:inspectionId/cases', element: <CaseListPage /> },
  { path: '/i/:inspectionId/cases/new', element: <NewCasePage /> },
  { path: '/i/:inspectionId/cases/:caseId', element: <CasePage /> },
  { path: '*', element: <p>Elsewhere</p> },
];

const setUp = async (path: (inspectionId: string) => string) => {
  const fb = await makeFieldbook();
  const user = userEvent.setup();
  const rendered = renderRoutes(fb, routes, path(fb.inspection.id));
  return { fb, user, ...rendered };
};

describe('adding a child case', () => {
  it('refuses a name as the case reference, explains why, and keeps what was typed', async () => {
    const { fb, user } = await setUp((id) => `/i/${id}/cases/new`);
    await user.type(await screen.findByLabelText('Authority case reference'), 'Jayden Smith');
    await user.click(screen.getByLabelText('Tracked'));
    await user.click(screen.getByRole('button', { name: 'Add case' }));

    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link').textContent).toMatch(
      /looks like a person's name.*never recorded by name/,
    );
    expect(screen.getByLabelText<HTMLInputElement>('Authority case reference').value).toBe(
      'Jayden Smith',
    );
    expect(await fb.db.childCases.count()).toBe(0);
  });

  it('adds a case, then three journey stages that show in date order on the timeline', async () => {
    const { fb, user, router } = await setUp((id) => `/i/${id}/cases/new`);
    await user.type(await screen.findByLabelText('Authority case reference'), 'CP-100234');
    await user.type(screen.getByLabelText('Initials (optional)'), 'JS');
    await user.click(screen.getByLabelText('Tracked'));
    await user.selectOptions(screen.getByLabelText('Age band'), '5-9');
    await user.selectOptions(screen.getByLabelText('Current status'), 'child-protection-plan');
    await user.click(screen.getByLabelText('Yes, out of area'));
    await user.click(screen.getByLabelText('Police'));
    await user.click(screen.getByLabelText('Schools'));
    await user.click(screen.getByRole('button', { name: 'Add case' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'CP-100234 (JS)' })).toBeTruthy();
    const [row] = await fb.db.childCases.toArray();
    expect(row!.fields).toMatchObject({
      caseRef: 'CP-100234',
      initials: 'JS',
      selection: 'tracked',
      ageBand: '5-9',
      status: 'child-protection-plan',
      outOfArea: true,
      agencies: ['police', 'school'],
    });
    expect(router.state.location.pathname).toBe(`/i/${fb.inspection.id}/cases/${row!.id}`);

    const addStage = async (stage: string, date: string, note?: string) => {
      await user.selectOptions(screen.getByLabelText('Stage'), stage);
      await fillDate(user, screen.getByRole('group', { name: 'Date' }), date);
      if (note) await user.type(screen.getByLabelText('Note (optional)'), note);
      await user.click(screen.getByRole('button', { name: 'Add stage' }));
      await waitFor(() => expect(dateShown(screen.getByRole('group', { name: 'Date' }))).toBe(''));
    };
    await addStage('strategy-discussion', '2026-03-14', 'Police and social care met the same day');
    await addStage('referral', '2026-03-02');
    await addStage('child-protection-conference', '2026-04-01');

    const help = await screen.findByTestId('phase-help');
    expect(within(help).getByText('Needing help → receiving help')).toBeTruthy();
    await waitFor(() => expect(within(help).getAllByTestId('journey-item')).toHaveLength(3));
    const titles = within(help)
      .getAllByRole('heading', { level: 4 })
      .map((h) => h.textContent);
    expect(titles).toEqual(['Referral', 'Strategy discussion', 'Child protection conference']);
    expect(
      within(help)
        .getAllByRole('time')
        .map((t) => t.getAttribute('datetime')),
    ).toEqual(['2026-03-02', '2026-03-14', '2026-04-01']);
    expect(await fb.db.journeyEvents.count()).toBe(3);
    expect(
      screen
        .getByRole('link', { name: 'Record a case-tracking note for this child' })
        .getAttribute('href'),
    ).toBe(`/i/${fb.inspection.id}/evidence/new?kind=case-tracking-note&caseId=${row!.id}`);
  });
});

describe('a child case', () => {
  it('saves changes as they are made, but never a name as the reference', async () => {
    const fb = await makeFieldbook();
    const caseId = await fb.repo.create('childCase', fb.inspection.id, {
      caseRef: '100234',
      selection: 'sampled',
    });
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${fb.inspection.id}/cases/${caseId}`);
    await user.selectOptions(await screen.findByLabelText('Age band'), '10-15');
    await waitFor(async () =>
      expect((await fb.db.childCases.get(caseId))!.fields.ageBand).toBe('10-15'),
    );

    const ref = screen.getByLabelText<HTMLInputElement>('Authority case reference');
    await user.clear(ref);
    await user.type(ref, 'Mary Jones');
    expect(await screen.findByText(/looks like a person's name/)).toBeTruthy();
    await user.click(screen.getByLabelText('Tracked'));
    await waitFor(async () =>
      expect((await fb.db.childCases.get(caseId))!.fields.selection).toBe('tracked'),
    );
    expect(ref.value).toBe('Mary Jones');
    expect((await fb.db.childCases.get(caseId))!.fields.caseRef).toBe('100234');
    const ops = await fb.db.outbox.toArray();
    expect(JSON.stringify(ops)).not.toMatch(/Mary/);

    await user.clear(ref);
    await user.type(ref, 'LAC 0457');
    await user.tab();
    await waitFor(async () =>
      expect((await fb.db.childCases.get(caseId))!.fields.caseRef).toBe('LAC 0457'),
    );
  });

  it('lists cases with how much evidence there is about each', async () => {
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    const a = await fb.repo.create('childCase', id, { caseRef: 'B-2', selection: 'tracked' });
    await fb.repo.create('childCase', id, { caseRef: 'A-1', selection: 'sampled' });
    await fb.repo.create('evidence', id, {
      kind: 'case-tracking-note',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'final',
      caseIds: [a],
    });
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/cases`);
    const table = await screen.findByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    const firstCells = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getAllByRole('cell')[0]!.textContent);
    expect(firstCells()).toEqual(['A-1', 'B-2']);
    await waitFor(() => expect(within(table).getByText('Recorded')).toBeTruthy());
    await user.click(within(table).getByRole('button', { name: 'Case reference' }));
    expect(firstCells()).toEqual(['B-2', 'A-1']);
  });
});
