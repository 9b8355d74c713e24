// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { ExportPage } from './ExportPage';

const routes: RouteObject[] = [{ path: '/i/:inspectionId/export', element: <ExportPage /> }];

afterEach(() => vi.restoreAllMocks());

const seed = async () => {
  const fb = await makeFieldbook();
  const id = fb.inspection.id;
  const caseId = await fb.repo.create('childCase', id, {
    caseRef: '100234',
    selection: 'tracked',
  });
  await fb.repo.create('journeyEvent', id, {
    caseId,
    stage: 'strategy-discussion',
    date: '2026-10-02',
    agency: 'police',
  });
  const evidenceId = await fb.repo.create('evidence', id, {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-24T10:00:00.000Z',
    status: 'final',
    agency: 'police',
    role: 'Detective sergeant',
    caseIds: [caseId],
    text: 'Strategy discussions are held within a day, and police attend every one.',
    judgementIds: ['help-and-protection'],
    evaluation: 'strength',
    sensitivity: 'official-sensitive',
  });
  await fb.repo.create('judgementDraft', id, {
    judgementId: 'help-and-protection',
    grade: 'good',
    rationale: 'Help is timely.',
    evidenceIds: [evidenceId],
    state: 'team-agreed',
  });
  await fb.repo.create('safeguardingConcern', id, {
    raisedAt: '2026-11-24T12:00:00.000Z',
    concern: 'Unexplained bruising seen on a home visit.',
    status: 'referred',
    referredTo: 'childrens-social-care',
    referredAt: '2026-11-24T12:10:00.000Z',
  });
  return { fb, id };
};

describe('the inspection record', () => {
  it('prints the whole record grouped by judgement area, marked official-sensitive', async () => {
    const { fb, id } = await seed();
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/export`);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Inspection record' }),
    ).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    const area = await screen.findByTestId('record-judgement-help-and-protection');
    expect(within(area).getByText('Good')).toBeTruthy();
    expect(within(area).getByText('Team agreed')).toBeTruthy();
    expect(within(area).getByText('Help is timely.')).toBeTruthy();
    expect(
      within(area).getByText(
        'Strategy discussions are held within a day, and police attend every one.',
      ),
    ).toBeTruthy();
    expect(within(area).getAllByText(/OFFICIAL-SENSITIVE/).length).toBeGreaterThanOrEqual(2);
    expect(screen.getAllByText('OFFICIAL-SENSITIVE').length).toBeGreaterThanOrEqual(2);
    expect(screen.getByText('Unexplained bruising seen on a home visit.')).toBeTruthy();
    expect(screen.getByText(/Strategy discussion \(Police\)/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Print or save as PDF' }));
    expect(print).toHaveBeenCalledOnce();
  });

  it('downloads the evidence CSV and the JSON record with the evidence, grade and concern', async () => {
    const { fb, id } = await seed();
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:fieldbook-test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download);
    });
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/export`);

    await user.click(await screen.findByRole('button', { name: 'Download evidence (CSV)' }));
    await waitFor(() =>
      expect(screen.getByTestId('export-status').textContent).toMatch(
        /fieldbook-northshire-2026-11-26-evidence\.csv saved/,
      ),
    );
    const csv = await blobs[0]!.text();
    expect(csv).toContain(
      '"Strategy discussions are held within a day, and police attend every one."',
    );
    expect(csv).toContain('OFFICIAL-SENSITIVE');

    await user.click(screen.getByRole('button', { name: 'Download the record (JSON)' }));
    await waitFor(() => expect(blobs).toHaveLength(2));
    const json = JSON.parse(await blobs[1]!.text()) as {
      marking: string;
      rows: { entity: string; fields: Record<string, unknown> }[];
    };
    expect(json.marking).toBe('OFFICIAL-SENSITIVE');
    expect(json.rows.find((r) => r.entity === 'judgementDraft')!.fields.grade).toBe('good');
    expect(json.rows.find((r) => r.entity === 'safeguardingConcern')!.fields.concern).toBe(
      'Unexplained bruising seen on a home visit.',
    );
    expect(clicked).toEqual([
      'fieldbook-northshire-2026-11-26-evidence.csv',
      'fieldbook-northshire-2026-11-26-record.json',
    ]);
  });
});
