// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { StorageFullError } from '../../db';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { CasePage } from './CasePage';
import { NewCasePage } from './NewCasePage';

const routes: RouteObject[] = [
  { path: '/i/:inspectionId/cases/new', element: <NewCasePage /> },
  { path: '/i/:inspectionId/cases/:caseId', element: <CasePage /> },
];

const PRIYA = '0190f0a0-0000-7000-8000-000000000002';

describe('a child case with a conflict from sync', () => {
  it('shows both values with author and time, and keeps the one chosen', async () => {
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    await fb.db.inspections.update(id, {
      team: [
        ...fb.inspection.team,
        { userId: PRIYA, name: 'Priya Shah', inspectorate: 'cqc', role: 'inspector' },
      ],
    });
    const caseId = await fb.repo.create('childCase', id, {
      caseRef: '100234',
      selection: 'tracked',
      ageBand: '5-9',
    });
    await fb.db.childCases.update(caseId, {
      conflicts: {
        ageBand: [{ value: '0-4', author: PRIYA, at: '2026-11-26T08:15:00.000Z', opId: PRIYA }],
      },
    });
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/cases/${caseId}`);

    const notice = (
      await screen.findByRole('heading', { name: 'Two people changed this at the same time' })
    ).closest('section')!;
    expect(within(notice).getByText('Age band')).toBeTruthy();
    expect(within(notice).getByText('5 to 9')).toBeTruthy();
    expect(within(notice).getByText('0 to 4')).toBeTruthy();
    expect(within(notice).getByText(/Priya Shah, sent 26 Nov 2026/)).toBeTruthy();

    await user.click(
      within(notice).getByRole('button', { name: /Keep this value \(Age band from Priya Shah\)/ }),
    );
    await waitFor(async () => {
      const row = (await fb.db.childCases.get(caseId))!;
      expect(row.fields.ageBand).toBe('0-4');
      expect(row.conflicts).toEqual({});
    });
    // The resolved value replaces what the form showed.
    await waitFor(() =>
      expect(screen.getByLabelText<HTMLSelectElement>('Age band').value).toBe('0-4'),
    );
    expect(screen.queryByText('Two people changed this at the same time')).toBeNull();
    expect((await fb.db.outbox.toArray()).some((op) => op.kind === 'resolve')).toBe(true);
  });
});

describe('journey stages', () => {
  it('can be changed and deleted', async () => {
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    const caseId = await fb.repo.create('childCase', id, {
      caseRef: '100234',
      selection: 'tracked',
    });
    await fb.repo.create('journeyEvent', id, { caseId, stage: 'referral', date: '2026-03-02' });
    await fb.repo.create('journeyEvent', id, { caseId, stage: 'assessment', date: '2026-03-10' });
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/cases/${caseId}`);

    await user.click(
      await screen.findByRole('button', { name: 'Change Assessment on 10 March 2026' }),
    );
    const item = screen.getByRole('button', { name: 'Save changes' }).closest('form')!;
    await user.selectOptions(
      within(item).getByLabelText('Agency (optional)'),
      'childrens-social-care',
    );
    await user.type(within(item).getByLabelText('Note (optional)'), 'Completed in 8 working days');
    await user.click(within(item).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull());
    // The form closes when the write lands; the live read of the row follows a moment later.
    expect(await screen.findByText('Completed in 8 working days')).toBeTruthy();
    expect(await screen.findByText("by Children's social care")).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Delete Referral on 2 March 2026' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete this stage' }));
    await waitFor(() => expect(screen.getAllByTestId('journey-item')).toHaveLength(1));
    const rows = await fb.db.journeyEvents.toArray();
    expect(rows.filter((r) => !r.deleted).map((r) => r.fields.stage)).toEqual(['assessment']);
  });
});

describe('changing a stage another inspector may be changing too', () => {
  it('[S5] sends only the fields changed, so theirs are neither undone nor contested', async () => {
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    const caseId = await fb.repo.create('childCase', id, {
      caseRef: '100234',
      selection: 'tracked',
    });
    const stageId = await fb.repo.create('journeyEvent', id, {
      caseId,
      stage: 'assessment',
      date: '2026-03-10',
    });
    // As synced: the server gave its fields version 5, and nothing waits to be sent.
    await fb.db.outbox.clear();
    await fb.db.journeyEvents.update(stageId, {
      seq: 5,
      versions: { caseId: 5, stage: 5, date: 5 },
    });
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/cases/${caseId}`);

    await user.click(
      await screen.findByRole('button', { name: 'Change Assessment on 10 March 2026' }),
    );
    const item = screen.getByRole('button', { name: 'Save changes' }).closest('form')!;
    await user.type(within(item).getByLabelText('Note (optional)'), 'Completed in 8 working days');
    await user.click(within(item).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull());
    const ops = await fb.db.outbox.toArray();
    expect(ops.map((op) => [op.fields, op.base])).toEqual([
      [{ note: 'Completed in 8 working days' }, { note: 0 }],
    ]);
  });
});

describe('a full disk', () => {
  it('shows the problem in the error summary and keeps what was typed', async () => {
    const fb = await makeFieldbook();
    const full = {
      ...fb,
      repo: {
        ...fb.repo,
        create: () => Promise.reject(new StorageFullError(new Error('QuotaExceededError'))),
      },
    };
    const user = userEvent.setup();
    renderRoutes(full, routes, `/i/${fb.inspection.id}/cases/new`);
    await user.type(await screen.findByLabelText('Authority case reference'), 'CIN-2291');
    await user.click(screen.getByLabelText('Sampled'));
    await user.click(screen.getByRole('button', { name: 'Add case' }));
    expect(within(await screen.findByRole('alert')).getByText(/out of storage space/)).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Authority case reference').value).toBe(
      'CIN-2291',
    );
    expect(screen.getByRole('button', { name: 'Add case' })).toBeTruthy();
  });
});

describe('the journey timeline', () => {
  it('keeps a word break between a stage and its agency ("Referral by Schools")', async () => {
    const fb = await makeFieldbook();
    const caseId = await fb.repo.create('childCase', fb.inspection.id, {
      caseRef: '100234',
      selection: 'tracked',
    });
    await fb.repo.create('journeyEvent', fb.inspection.id, {
      caseId,
      stage: 'referral',
      date: '2026-03-02',
      agency: 'school',
    });
    renderRoutes(fb, routes, `/i/${fb.inspection.id}/cases/${caseId}`);
    const item = await screen.findByTestId('journey-item');
    expect(item.textContent).toContain('Referral by Schools');
    expect(item.textContent).not.toContain('Referralby');
  });
});
