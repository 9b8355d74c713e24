// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { CAPTURE_ROUTES } from '../../../tests/support/unit/capture-routes';

let fb: Awaited<ReturnType<typeof makeFieldbook>>;
afterEach(async () => {
  cleanup();
  await fb.cleanup();
});

const openShadowing = async () => {
  fb = await makeFieldbook();
  const id = await fb.repo.create('evidence', fb.inspection.id, {
    kind: 'shadowing-observation',
    occurredAt: '2026-11-26T09:00:00.000Z',
    status: 'draft',
  });
  renderRoutes(fb, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/${id}`);
  await screen.findByRole('heading', { level: 1, name: 'Shadowing observation' });
  return id;
};

const storedLines = async (id: string) => (await fb.db.evidence.get(id))!.fields.lines ?? [];

describe('Shadowing mode', () => {
  it('adds timestamped lines with Enter or the big button, each saved at once', async () => {
    const id = await openShadowing();
    const user = userEvent.setup();
    const input = screen.getByLabelText('New line');
    await user.type(input, 'Social worker knocks, mother answers{Enter}');
    await waitFor(async () => expect(await storedLines(id)).toHaveLength(1));
    expect((input as HTMLInputElement).value).toBe('');
    expect(document.activeElement).toBe(input);

    await user.type(input, 'Child shown own room, asked about school');
    await user.click(screen.getByRole('button', { name: 'Add line' }));
    await waitFor(async () => expect(await storedLines(id)).toHaveLength(2));

    const lines = await storedLines(id);
    expect(lines.map((l) => l.text)).toEqual([
      'Social worker knocks, mother answers',
      'Child shown own room, asked about school',
    ]);
    for (const line of lines) expect(line.at).toMatch(/^2026-11-26T09:0\d:\d\d\.000Z$/);
    expect(Date.parse(lines[1]!.at)).toBeGreaterThan(Date.parse(lines[0]!.at));

    const list = screen.getByRole('list', { name: 'Observation lines' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(list.querySelectorAll('time')[0]!.getAttribute('datetime')).toBe(lines[0]!.at);
  });

  it('refuses an empty line', async () => {
    const id = await openShadowing();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Add line' }));
    expect(screen.getByText(/Type what you saw or heard/)).toBeTruthy();
    expect(await storedLines(id)).toHaveLength(0);
  });

  it('lets each line be edited afterwards and tagged later', async () => {
    const id = await openShadowing();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('New line'), 'Strategy meeting startd{Enter}');
    await waitFor(async () => expect(await storedLines(id)).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: /^Edit line at/ }));
    const edit = screen.getByLabelText(/^Line 1, at/);
    await user.clear(edit);
    await user.type(edit, 'Strategy meeting started');
    await user.click(screen.getByRole('button', { name: /^Done/ }));
    await waitFor(async () =>
      expect((await storedLines(id))[0]!.text).toBe('Strategy meeting started'),
    );

    expect(screen.getByRole('heading', { name: 'Tag this observation' })).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Source agency'), 'mash');
    await user.click(screen.getByLabelText('Strength'));
    await waitFor(async () =>
      expect((await fb.db.evidence.get(id))!.fields).toMatchObject({
        agency: 'mash',
        evaluation: 'strength',
      }),
    );
  });
});
