// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { dateShown } from '../../../tests/support/unit/date-input';
import type { RouteObject } from 'react-router';
import { getRow, listRows } from '../../db';
import { INSPECTOR, makeTeam } from '../../../tests/support/unit/team';
import { renderRoutes } from '../../../tests/support/unit/fieldbook';
import { MeetingListPage } from './MeetingListPage';
import { MeetingPage } from './MeetingPage';
import { NewMeetingPage } from './NewMeetingPage';

const ROUTES: RouteObject[] = [
  { path: '/i/:inspectionId/meetings', element: <MeetingListPage /> },
  { path: '/i/:inspectionId/meetings/new', element: <NewMeetingPage /> },
  { path: '/i/:inspectionId/meetings/:meetingId', element: <MeetingPage /> },
  { path: '/i/:inspectionId/evidence/:evidenceId', element: <h1>Evidence</h1> },
];

describe('team meetings', () => {
  it('the lead starts one for today and everything typed is saved without a save button', async () => {
    const fb = await makeTeam();
    const id = fb.inspection.id;
    const evidenceId = await fb.repo.create('evidence', id, {
      kind: 'focus-group',
      occurredAt: '2026-11-26T10:00:00.000Z',
      role: 'Health visitors',
      judgementIds: ['help-and-protection'],
      status: 'final',
    });
    await fb.repo.create('evidence', id, {
      kind: 'document-review',
      occurredAt: '2026-11-26T11:00:00.000Z',
      status: 'final',
    });
    const user = userEvent.setup();
    const { router } = renderRoutes(fb, ROUTES, `/i/${id}/meetings`);
    await user.click(await screen.findByRole('link', { name: 'Record a team meeting' }));
    expect(dateShown(await screen.findByRole('group', { name: 'Date of the meeting' }))).toBe(
      '2026-11-26',
    );
    await user.click(screen.getByRole('button', { name: 'Start the meeting record' }));
    await screen.findByRole('heading', { level: 1, name: 'Team meeting, 26 November 2026' });
    const meetingId = router.state.location.pathname.split('/').at(-1)!;

    // Everyone attends unless unticked.
    await user.click(screen.getByLabelText('Bob Inspector'));
    await user.type(
      screen.getByLabelText('The quality of practice'),
      'Good direct work; plans drift',
    );
    await user.type(screen.getByLabelText('Evidence gaps'), 'No GP evidence yet');
    await user.type(screen.getByLabelText('Plan for tomorrow'), 'Visit the MASH');
    // Link the focus group: narrowed by kind, then ticked.
    await user.selectOptions(screen.getByLabelText('Kind'), 'focus-group');
    await user.click(await screen.findByLabelText(/Focus group/));

    await waitFor(async () =>
      expect((await getRow(fb.db, 'teamMeeting', meetingId))?.fields).toEqual({
        date: '2026-11-26',
        attendees: [fb.lead.id],
        views: { 'quality-of-practice': 'Good direct work; plans drift' },
        gaps: 'No GP evidence yet',
        plan: 'Visit the MASH',
        evidenceIds: [evidenceId],
      }),
    );
    expect(await screen.findByText(/^Saved at \d\d:\d\d:\d\d$/)).toBeTruthy();
    expect(within(screen.getByTestId('linked-evidence')).getByRole('link')).toBeTruthy();
    expect(await listRows(fb.db, 'teamMeeting', id)).toHaveLength(1);
  });

  it('an inspector reads the meeting but cannot change or start one', async () => {
    const fb = await makeTeam();
    const id = fb.inspection.id;
    const meetingId = await fb.repo.create('teamMeeting', id, {
      date: '2026-11-25',
      attendees: [fb.lead.id, INSPECTOR.id],
      views: { leadership: 'Leaders know their services' },
      plan: 'Case tracking in the afternoon',
    });
    await fb.as(INSPECTOR);
    const user = userEvent.setup();
    renderRoutes(fb, ROUTES, `/i/${id}/meetings`);
    await screen.findByText('The lead inspector records the team meetings.');
    expect(screen.queryByRole('link', { name: 'Record a team meeting' })).toBeNull();
    await user.click(screen.getByRole('link', { name: '25 November 2026' }));
    await screen.findByRole('heading', { level: 1, name: 'Team meeting, 25 November 2026' });
    expect(screen.getByText('Leaders know their services')).toBeTruthy();
    expect(screen.getByText('Ann Lead, Bob Inspector')).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(meetingId).toBeTruthy();
  });
});
