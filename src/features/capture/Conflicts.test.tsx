// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { v7 } from 'uuid';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { CAPTURE_ROUTES } from '../../../tests/support/unit/capture-routes';

/** A draft interview note of the device's user, in a fresh fieldbook. */
const draftNote = async (fields: { text: string; evaluation?: 'strength' }) => {
  const fb = await makeFieldbook();
  const id = await fb.repo.create('evidence', fb.inspection.id, {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-26T09:00:00.000Z',
    status: 'draft',
    ...fields,
  });
  return { fb, me: fb.inspection.team[0]!, id };
};

describe('Conflicts on evidence', () => {
  it('shows both values with author and time, and keeps the chosen one', async () => {
    const { fb, me, id } = await draftNote({
      text: 'Written on the tablet',
      evaluation: 'strength',
    });
    // As a pull would leave it (S5): the other device's value lost the race and is kept here.
    await fb.db.evidence.update(id, {
      conflicts: {
        text: [
          {
            value: 'Written on the laptop',
            author: me.userId,
            at: '2026-11-26T08:30:00.000Z',
            opId: 'op-1',
          },
        ],
      },
    });
    renderRoutes(fb, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/${id}`);
    const card = (await screen.findByRole('heading', { name: 'Notes', level: 3 })).closest(
      '.govuk-summary-card',
    ) as HTMLElement;
    expect(within(card).getByText('Written on the tablet')).toBeTruthy();
    expect(within(card).getByText('Written on the laptop')).toBeTruthy();
    expect(card.textContent).toContain(me.name);
    expect(card.textContent).toMatch(/26 Nov 2026, \d\d:30/);

    await userEvent.setup().click(
      within(card).getByRole('button', {
        name: new RegExp(`Keep this value \\(Notes from ${me.name}\\)`),
      }),
    );
    await waitFor(async () => {
      const row = (await fb.db.evidence.get(id))!;
      expect(row.fields.text).toBe('Written on the laptop');
      expect(row.conflicts).toEqual({});
    });
    expect(((await screen.findByLabelText('Notes')) as HTMLTextAreaElement).value).toBe(
      'Written on the laptop',
    );
    await waitFor(() =>
      expect(screen.queryByRole('heading', { name: 'Notes', level: 3 })).toBeNull(),
    );
    const ops = await fb.db.outbox.toArray();
    expect(ops.at(-1)).toMatchObject({
      kind: 'resolve',
      fields: { text: 'Written on the laptop' },
    });
  });

  it('lists only fields whose competing value differs from the current one', async () => {
    const fb = await makeFieldbook();
    const me = fb.inspection.team[0]!;
    const id = await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'final',
      text: 'The finished note',
    });
    const kept = (value: unknown, opId: string) => ({
      value,
      author: me.userId,
      at: '2026-11-26T08:30:00.000Z',
      opId,
    });
    await fb.db.evidence.update(id, {
      conflicts: { status: [kept('final', 'op-1')], text: [kept('A half sentence', 'op-2')] },
    });
    renderRoutes(fb, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/${id}`);
    expect(await screen.findByRole('heading', { name: 'Notes', level: 3 })).toBeTruthy();
    // "Final" against "Final" is no choice: no card for it.
    expect(screen.queryByRole('heading', { name: 'Draft or final', level: 3 })).toBeNull();
  });

  it('[S5] names who deleted the note while it was changed, and when it was written and sent', async () => {
    const { fb, me, id } = await draftNote({ text: 'Changed on one tablet' });
    const written = new Date(2026, 10, 26, 9, 14).getTime(); // on the device, offline
    const sent = new Date(2026, 10, 26, 17, 30).toISOString(); // when the server got it
    await fb.db.evidence.update(id, {
      conflicts: {
        _deleted: [{ value: true, author: me.userId, at: sent, opId: v7({ msecs: written }) }],
      },
    });
    renderRoutes(fb, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/${id}`);
    const heading = await screen.findByRole('heading', {
      name: `${me.name} deleted this while it was being changed`,
      level: 3,
    });
    const card = heading.closest('.govuk-summary-card') as HTMLElement;
    expect(card.textContent).toContain(`${me.name}, written 26 Nov 2026, 09:14, sent 17:30`);
    // Who changed it comes from the server's history: signed out, the card says where to look.
    expect(card.textContent).toContain('who changed it is shown when online');
  });
});
