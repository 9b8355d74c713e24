// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { addNotice, discardRefused, listNotices } from '../../db';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { DeviceNotices } from './DeviceNotices';

describe('notices about inspections that left the device', () => {
  it('[S6a] says why, points to the changes that could not be sent, and goes only when dismissed', async () => {
    const fb = await makeFieldbook();
    await addNotice(fb.db, {
      id: 'n1',
      kind: 'removed-from-team',
      inspectionId: fb.inspection.id,
      area: 'Eastshire',
      at: '2026-11-26T17:00:00.000Z',
      refused: 2,
    });
    await addNotice(fb.db, {
      id: 'n2',
      kind: 'reported',
      inspectionId: fb.inspection.id,
      area: 'Westborough',
      at: '2026-11-26T17:05:00.000Z',
      refused: 0,
      retention: {
        reportedAt: '2026-11-26T16:00:00.000Z',
        retainUntil: null,
        purgeOn: '2027-11-26',
        legalHold: null,
        purgedAt: null,
      },
    });
    renderRoutes(fb, [{ path: '/', element: <DeviceNotices /> }], '/');
    const [removed, reported] = await screen.findAllByTestId('device-notice');
    expect(removed!.textContent).toContain(
      'You are no longer on the team of the Eastshire inspection',
    );
    expect(
      within(removed!)
        .getByRole('link', { name: 'changes the server refused' })
        .getAttribute('href'),
    ).toBe('/refused');
    expect(removed!.textContent).toContain('2 changes you had not sent');
    expect(reported!.textContent).toContain('The Westborough inspection has been reported');
    expect(reported!.textContent).toContain('had reached the server');
    // §4.3: when the server will purge it; the notice without that date (removed) says nothing of it.
    expect(within(reported!).getByTestId('notice-retention').textContent).toBe(
      'The server purges its evidence, cases and concerns on 26 November 2027.',
    );
    expect(within(removed!).queryByTestId('notice-retention')).toBeNull();

    await userEvent
      .setup()
      .click(within(removed!).getByRole('button', { name: /Dismiss the message about Eastshire/ }));
    await waitFor(() => expect(screen.getAllByTestId('device-notice')).toHaveLength(1));
    expect((await listNotices(fb.db)).map((n) => n.id)).toEqual(['n2']);
  });

  it('[S6a] put back on the team: says so, and that the changes kept from the removal were not sent', async () => {
    const fb = await makeFieldbook();
    // The note kept as refused when she was taken off the team.
    await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'case-tracking-note',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
    });
    const [kept] = await fb.db.outbox.toArray();
    await fb.db.outbox.put({ ...kept!, state: 'rejected', reason: 'forbidden' });
    await addNotice(fb.db, {
      id: 'n3',
      kind: 'added-back',
      inspectionId: fb.inspection.id,
      area: 'Eastshire',
      at: '2026-11-27T08:00:00.000Z',
      refused: 1,
    });
    renderRoutes(fb, [{ path: '/', element: <DeviceNotices /> }], '/');
    const notice = await screen.findByTestId('device-notice');
    expect(within(notice).getByRole('heading').textContent).toBe(
      'You are back on an inspection’s team',
    );
    expect(notice.textContent).toContain('put back on the team of the Eastshire inspection');
    expect(notice.textContent).not.toContain('no longer on the team');
    expect(notice.textContent).toContain(
      'The change kept when you were taken off the team has not been sent',
    );
    expect(
      within(notice).getByRole('link', { name: 'changes the server refused' }).getAttribute('href'),
    ).toBe('/refused');
    // Copied and discarded: the notice no longer points to it.
    await discardRefused(fb.db, kept!.opId);
    await waitFor(() => expect(notice.textContent).not.toContain('not been sent'));
  });
});
