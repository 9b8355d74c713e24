// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { getMeta } from '../../db';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { CoveragePage } from './CoveragePage';
import { targetsKey } from './targets';

const routes: RouteObject[] = [
  { path: '/i/:inspectionId/coverage', element: <CoveragePage /> },
  { path: '/i/:inspectionId/cases/:caseId', element: <h1>Case</h1> },
];

describe('coverage screen', () => {
  it('shows gaps in words, children without a note, and keeps the lead’s targets on the device', async () => {
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    const noted = await fb.repo.create('childCase', id, {
      caseRef: '100234',
      selection: 'tracked',
    });
    const waiting = await fb.repo.create('childCase', id, {
      caseRef: '100777',
      selection: 'tracked',
    });
    await fb.repo.create('evidence', id, {
      kind: 'case-tracking-note',
      occurredAt: '2026-11-24T10:00:00.000Z',
      status: 'final',
      agency: 'childrens-social-care',
      caseIds: [noted],
      judgementIds: ['help-and-protection'],
      evaluation: 'area-for-improvement',
    });
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/coverage`);

    const row = await screen.findByTestId('coverage-row-help-and-protection');
    expect(within(row).getByRole('rowheader').textContent).toBe(
      'The effectiveness of help and protection',
    );
    expect(row.textContent).toContain('No health evidence');
    expect(row.textContent).toContain('No police evidence');
    expect(row.textContent).toContain('1 area for improvement');
    const cell = within(row).getByRole('link', {
      name: "1 piece of evidence on The effectiveness of help and protection from Children's social care",
    });
    expect(cell.getAttribute('href')).toBe(
      `/i/${id}/evidence?judgement=help-and-protection&agency=childrens-social-care`,
    );
    expect(screen.getByTestId('coverage-row-leadership').textContent).toContain('No evidence yet');
    expect(screen.getByText(/Nobody has recorded evidence from/).textContent).toContain('Police');
    expect(screen.getByRole('columnheader', { name: "Children's social care" })).toBeTruthy();

    const without = screen.getByTestId('children-without-note');
    expect(within(without).getByRole('link').getAttribute('href')).toBe(
      `/i/${id}/cases/${waiting}`,
    );
    expect(screen.getByTestId('children-progress').textContent).toContain('2 (no target set)');

    await user.type(await screen.findByLabelText('Children to track'), '10');
    await user.type(screen.getByLabelText('Children to sample'), 'x');
    expect(screen.getByText('Enter a whole number, like 30')).toBeTruthy();
    await user.clear(screen.getByLabelText('Children to sample'));
    await user.type(screen.getByLabelText('Children to sample'), '30');
    await user.click(screen.getByRole('button', { name: 'Save targets' }));
    await waitFor(() =>
      expect(screen.getByTestId('children-progress').textContent).toContain('2 of 10 — 8 to go'),
    );
    expect(await getMeta(fb.db, targetsKey(id))).toEqual({ tracked: 10, sampled: 30 });
    expect(screen.getByTestId('inspector-days').textContent).toContain('24 November 2026');
  });

  it('shows an inspector the targets without the form to change them', async () => {
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    await fb.repo.setDeviceUser({
      id: '00000000-0000-7000-8000-0000000000b0',
      name: 'Bob Inspector',
      inspectorate: 'cqc',
    });
    renderRoutes(fb, routes, `/i/${id}/coverage`);
    expect(await screen.findByTestId('children-progress')).toBeTruthy();
    expect(screen.queryByLabelText('Children to track')).toBeNull();
    expect(screen.getByText('No evidence recorded yet.')).toBeTruthy();
  });
});
