// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { createRepository, forgetInspection, listRefused, type Repository } from '../../db';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { CAPTURE_ROUTES } from '../../../tests/support/unit/capture-routes';

const WRITTEN = 'The health visitor was not invited.';
const LATER = `${WRITTEN} Her next visit is Friday.`;

describe('a note open as its inspection leaves the device (S6a)', () => {
  it('[S6a] says what happened, offers the refused page and home, not the inspection, and keeps the words typed', async () => {
    const fb = await makeFieldbook();
    const id = await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'case-tracking-note',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
      text: WRITTEN,
    });
    await fb.db.outbox.clear(); // sent and acknowledged: nothing of it waits
    // The screen's own repository never wrote the note (opened after a reload), and its save
    // lands only once the inspection has gone.
    const fresh = createRepository({ db: fb.db, clock: fb.clock });
    let go = () => {};
    const gone = new Promise<void>((resolve) => (go = resolve));
    const repo: Repository = {
      ...fresh,
      update: async (...args: Parameters<Repository['update']>) => {
        await gone;
        return fresh.update(...args);
      },
    };
    renderRoutes({ ...fb, repo }, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/${id}`);
    fireEvent.change(await screen.findByLabelText('Notes'), { target: { value: LATER } });
    await forgetInspection(fb.db, fb.inspection.id, 'removed-from-team', '2026-11-26T10:00:00Z');
    go();

    await screen.findByRole('heading', { level: 1, name: 'This note is no longer on this device' });
    expect(document.body.textContent).toContain(
      'You are no longer on the team of the Northshire inspection',
    );
    const refused = await screen.findByRole('link', { name: 'See the change the server refused' });
    expect(refused.getAttribute('href')).toBe('/refused');
    expect(screen.getByRole('link', { name: 'Go to your inspections' }).getAttribute('href')).toBe(
      '/',
    );
    const links = screen.getAllByRole('link').map((a) => a.getAttribute('href'));
    expect(links.filter((href) => href?.startsWith(`/i/${fb.inspection.id}`))).toEqual([]);
    await waitFor(async () =>
      expect((await listRefused(fb.db)).map((c) => c.op.fields.text)).toEqual([LATER]),
    );
  });
});
