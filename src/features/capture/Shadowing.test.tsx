// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { CAPTURE_ROUTES } from '../../../tests/support/unit/capture-routes';

let fb: Awaited<ReturnType<typeof makeFieldbook>>;
const openShadowing = async () => {
  fb = await makeFieldbook();
  const id = await fb.repo.create('evidence', fb.inspection.id, {
    kind: 'shadowing-observation',
    occurredAt: '2026-11-26T09:00:00.000Z',
    status: 'draft',
  });
  renderRoutes(fb, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/${id}`);
  await screen.findByRole('heading', { level: 1, name: 'Shadowing observation' });
  // The line box opens once it has looked for a line kept on the tablet.
  await waitFor(() => expect(screen.getByLabelText('New line')).toHaveProperty('disabled', false));
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

  it('tags a single line (judgement area, evaluation, child) apart from the whole observation', async () => {
    const id = await openShadowing();
    const caseId = await fb.repo.create('childCase', fb.inspection.id, {
      caseRef: 'NS-77',
      selection: 'tracked',
    });
    const user = userEvent.setup();
    const input = screen.getByLabelText('New line');
    await user.type(input, 'Knocks, mother answers{Enter}');
    await user.type(input, 'Child seen alone in own room{Enter}');
    await waitFor(async () => expect(await storedLines(id)).toHaveLength(2));

    const second = screen
      .getAllByRole('listitem')
      .find((li) => li.textContent?.includes('Child seen alone'))!;
    const tag = within(second).getByRole('button', { name: /^Tag line at/ });
    expect(tag.getAttribute('aria-expanded')).toBe('false');
    await user.click(tag);
    expect(tag.getAttribute('aria-expanded')).toBe('true');
    await user.click(within(second).getByLabelText('The quality of practice'));
    await user.click(within(second).getByLabelText('Strength'));
    await user.click(await within(second).findByLabelText('NS-77'));

    await waitFor(async () => {
      const [first, tagged] = await storedLines(id);
      expect(tagged).toMatchObject({
        text: 'Child seen alone in own room',
        judgementIds: ['quality-of-practice'],
        evaluation: 'strength',
        caseIds: [caseId],
      });
      // The other line, and the observation as a whole, are untouched.
      expect(first).toEqual({ at: expect.any(String), text: 'Knocks, mother answers' });
    });
    const fields = (await fb.db.evidence.get(id))!.fields;
    expect(fields.judgementIds ?? null).toBeNull();
    expect(fields.evaluation ?? null).toBeNull();
    expect(within(second).getByTestId('line-tags').textContent).toBe(
      'Tagged: The quality of practice · Strength · NS-77',
    );
  });
});
