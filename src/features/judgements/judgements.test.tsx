// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { heardFrom } from '../../../tests/support/unit/heard';
import { INSPECTOR, makeTeam as makeLedTeam } from '../../../tests/support/unit/team';
import { JudgementListPage } from './JudgementListPage';
import { JudgementPage } from './JudgementPage';

const routes: RouteObject[] = [
  { path: '/i/:inspectionId/judgements', element: <JudgementListPage /> },
  { path: '/i/:inspectionId/judgements/:judgementId', element: <JudgementPage /> },
  { path: '/i/:inspectionId/evidence/:evidenceId', element: <h1>Evidence</h1> },
];

/** The shared team (the device user "Ann Lead" leads, Bob inspects), with two notes to cite. */
const makeTeam = async () => {
  const fb = await makeLedTeam();
  const id = fb.inspection.id;
  const cited = await fb.repo.create('evidence', id, {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-24T10:00:00.000Z',
    status: 'final',
    agency: 'police',
    role: 'Detective sergeant',
    text: 'Strategy discussions are held within a day and police attend every one.',
    judgementIds: ['help-and-protection'],
    evaluation: 'strength',
  });
  await fb.repo.create('evidence', id, {
    kind: 'document-review',
    occurredAt: '2026-11-24T11:00:00.000Z',
    status: 'final',
    text: 'Board minutes on leadership.',
    judgementIds: ['leadership'],
  });
  return { ...fb, cited };
};

describe('judgement drafts', () => {
  it('the lead drafts a graded judgement citing evidence and moves its state', async () => {
    const fb = await makeTeam();
    const id = fb.inspection.id;
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/judgements/help-and-protection`);

    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'The effectiveness of help and protection',
      }),
    ).toBeTruthy();
    expect(await fb.db.judgementDrafts.count()).toBe(0); // opening writes nothing

    // The editor opens from what is stored, read once the page has the draft to itself.
    await user.click(await screen.findByLabelText('Good'));
    await user.type(screen.getByLabelText('Rationale'), 'Help is timely; police engage well.');
    // Pre-filtered to this area: the leadership document is not offered.
    const picker = screen.getByRole('group', { name: 'Cite in this judgement' });
    expect(within(picker).getAllByRole('checkbox')).toHaveLength(1);
    await user.click(within(picker).getByRole('checkbox'));
    await user.click(screen.getByLabelText('Team agreed'));

    await waitFor(async () => {
      const rows = await fb.db.judgementDrafts.toArray();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.fields).toEqual({
        judgementId: 'help-and-protection',
        grade: 'good',
        rationale: 'Help is timely; police engage well.',
        evidenceIds: [fb.cited],
        state: 'team-agreed',
      });
    });
    const cited = screen.getByTestId('cited-evidence');
    expect(within(cited).getByRole('link').getAttribute('href')).toBe(
      `/i/${id}/evidence/${fb.cited}`,
    );
    // One create op then edits folded into it (S2), all in the outbox for sync.
    expect(
      (await fb.db.outbox.toArray()).filter((op) => op.entity === 'judgementDraft'),
    ).toHaveLength(1);

    // Widening the picker offers the other area's evidence too.
    await user.click(screen.getByLabelText('Only evidence tagged with this judgement area'));
    expect(
      within(screen.getByRole('group', { name: 'Cite in this judgement' })).getAllByRole(
        'checkbox',
      ),
    ).toHaveLength(2);

    await user.click(screen.getByRole('link', { name: 'All judgements' }));
    const table = await screen.findByTestId('judgement-list');
    const row = within(table)
      .getByRole('link', { name: 'The effectiveness of help and protection' })
      .closest('tr')!;
    expect(row.textContent).toContain('Good');
    expect(row.textContent).toContain('Team agreed');
    expect(row.textContent).toContain('1');
  });

  it('[4.1.3] the picker reads out its count when she widens it, not as evidence arrives', async () => {
    const fb = await makeTeam();
    const id = fb.inspection.id;
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/judgements/help-and-protection`);
    const shown = () => screen.getByTestId('picker-count').textContent;
    await waitFor(() => expect(shown()).toBe('1 piece of evidence found'));
    const said = heardFrom(screen.getByTestId('picker-count-news'));
    // A teammate's note on this area arrives (a sync, another tab): shown, not said.
    await fb.repo.create('evidence', id, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-24T12:00:00.000Z',
      status: 'final',
      text: 'Health visitors join strategy discussions.',
      judgementIds: ['help-and-protection'],
    });
    await waitFor(() => expect(shown()).toBe('2 pieces of evidence found'));
    expect(said).toEqual([]);
    // Widening the picker is hers: its count is said.
    await user.click(screen.getByLabelText('Only evidence tagged with this judgement area'));
    await waitFor(() => expect(said).toEqual(['3 pieces of evidence found']));
  });

  it('an inspector sees the draft read-only', async () => {
    const fb = await makeTeam();
    const id = fb.inspection.id;
    await fb.repo.create('judgementDraft', id, {
      judgementId: 'help-and-protection',
      grade: 'adequate',
      rationale: 'Thresholds are applied inconsistently.',
      evidenceIds: [fb.cited],
      state: 'moderated',
    });
    await fb.repo.setDeviceUser(INSPECTOR);
    renderRoutes(fb, routes, `/i/${id}/judgements/help-and-protection`);

    expect(await screen.findByText('Only the lead inspector can change judgements.')).toBeTruthy();
    expect(screen.getByText('Adequate')).toBeTruthy();
    expect(screen.getByText('Moderated')).toBeTruthy();
    expect(screen.getByText('Thresholds are applied inconsistently.')).toBeTruthy();
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(within(screen.getByTestId('cited-evidence')).getAllByRole('link')).toHaveLength(1);
  });

  it('lists every judgement area of the framework, the adoption sub-judgement under permanence', async () => {
    const fb = await makeFieldbook(undefined, 'lac-2012');
    renderRoutes(fb, routes, `/i/${fb.inspection.id}/judgements`);
    const table = await screen.findByTestId('judgement-list');
    const links = within(table).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([
      'Overall effectiveness',
      'Outcomes for children and young people looked after and care leavers',
      'Quality of practice',
      'Achieving permanence for children',
      'Adoption performance',
      'Leadership and governance',
    ]);
    expect(links[4]!.closest('th')!.textContent).toContain('Part of Achieving permanence');
    expect(links[4]!.getAttribute('href')).toBe(
      `/i/${fb.inspection.id}/judgements/permanence.adoption`,
    );
    expect(within(table).getAllByText('Not started')).toHaveLength(6);
  });
});
