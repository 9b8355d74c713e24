// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { JudgementPage } from './JudgementPage';

const routes: RouteObject[] = [
  { path: '/i/:inspectionId/judgements/:judgementId', element: <JudgementPage /> },
];

const FIGURE = "1 of 1 tracked children's initial conferences were late";

describe('a journey figure cited in a judgement', () => {
  it('keeps the figure as it read when cited, and says how it reads now', async () => {
    const fb = await makeFieldbook(); // the device user leads; the clock says 26 Nov 2026
    const id = fb.inspection.id;
    const child = async (ref: string, conferenceOn: string) => {
      const caseId = await fb.repo.create('childCase', id, { caseRef: ref, selection: 'tracked' });
      await fb.repo.create('journeyEvent', id, {
        caseId,
        stage: 'strategy-discussion',
        date: '2026-10-01',
      });
      await fb.repo.create('journeyEvent', id, {
        caseId,
        stage: 'child-protection-conference',
        date: conferenceOn,
      });
    };
    await child('100234', '2026-11-03'); // 23 working days: late
    const user = userEvent.setup();
    renderRoutes(fb, routes, `/i/${id}/judgements/help-and-protection`);

    await user.click(await screen.findByLabelText(FIGURE));
    await user.click(screen.getByRole('button', { name: 'Cite this figure' }));
    await waitFor(async () => {
      const [draft] = await fb.db.judgementDrafts.toArray();
      expect(draft?.fields.figures).toEqual([
        {
          key: 'step:cp-initial-conference',
          text: FIGURE,
          count: 1,
          of: 1,
          asOf: '2026-11-26',
          citedAt: expect.stringMatching(/^2026-11-26T/),
        },
      ]);
    });
    const cited = screen.getByTestId('cited-figures');
    expect(within(cited).getByText(FIGURE)).toBeTruthy();
    expect(within(cited).getByText(/As of 26 November 2026, cited/)).toBeTruthy();
    expect(screen.queryByLabelText(FIGURE)).toBeNull(); // cited once

    // Another child read later, on time (Thu 1 Oct → Fri 16 Oct is 11 working days): the
    // judgement still says what the team saw, and shows the figure as it reads now beside it.
    await child('100777', '2026-10-16');
    expect((await within(cited).findByTestId('figure-now')).textContent).toBe(
      "Now: 1 of 2 tracked children's initial conferences were late",
    );
    expect(within(cited).getByText(FIGURE)).toBeTruthy();
    const outbox = (await fb.db.outbox.toArray()).filter((op) => op.entity === 'judgementDraft');
    expect(outbox.at(-1)?.fields.figures).toHaveLength(1);
  });
});
