// @vitest-environment happy-dom
import { describe, expect, it, vi, type MockInstance } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StorageFullError, type Repository } from '../../db';
import type { EvidenceFields } from '../../domain';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { CAPTURE_ROUTES } from '../../../tests/support/unit/capture-routes';

let fb: Awaited<ReturnType<typeof makeFieldbook>>;
const open = async (fields: Partial<EvidenceFields> = {}, repo?: Repository) => {
  fb = await makeFieldbook();
  const id = await fb.repo.create('evidence', fb.inspection.id, {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-26T09:00:00.000Z',
    status: 'draft',
    ...fields,
  });
  const view = renderRoutes(
    repo ? { ...fb, repo } : fb,
    CAPTURE_ROUTES,
    `/i/${fb.inspection.id}/evidence/${id}`,
  );
  await screen.findByRole('heading', { level: 1 });
  return { id, ...view };
};

const stored = async (id: string) => (await fb.db.evidence.get(id))!.fields;

describe('EvidencePage', () => {
  it('saves typed text within the debounce, without a save button', async () => {
    const { id } = await open();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Notes'), 'Manager knows every child on the team');
    await waitFor(
      async () => expect((await stored(id)).text).toBe('Manager knows every child on the team'),
      {
        timeout: 1000,
      },
    );
    expect(await screen.findByText(/^Saved at \d\d:\d\d:\d\d$/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^save$/i })).toBeNull();
  });

  it('saves the tagging fields: agency, role, cases, judgements, evaluation, sensitivity', async () => {
    fb = await makeFieldbook();
    const caseA = await fb.repo.create('childCase', fb.inspection.id, {
      caseRef: 'NS-1',
      selection: 'tracked',
    });
    const caseB = await fb.repo.create('childCase', fb.inspection.id, {
      caseRef: 'NS-2',
      selection: 'sampled',
    });
    const id = await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
    });
    renderRoutes(fb, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/${id}`);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Source agency'), 'police');
    await user.type(screen.getByLabelText('Practitioner role'), 'Detective sergeant');
    await user.click(await screen.findByLabelText('NS-1'));
    await user.click(screen.getByLabelText('NS-2'));
    await user.click(screen.getByLabelText('The quality of practice'));
    await user.click(screen.getByLabelText('Area for improvement'));
    await user.click(screen.getByLabelText('Official-sensitive'));
    await user.click(screen.getByRole('button', { name: 'Mark as final' }));
    await waitFor(async () =>
      expect(await stored(id)).toMatchObject({
        agency: 'police',
        role: 'Detective sergeant',
        caseIds: [caseA, caseB],
        judgementIds: ['quality-of-practice'],
        evaluation: 'area-for-improvement',
        sensitivity: 'official-sensitive',
        status: 'final',
      }),
    );
  });

  it('cross-references other evidence, and removes the reference', async () => {
    fb = await makeFieldbook();
    const other = await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'child-conversation',
      occurredAt: '2026-11-25T15:00:00.000Z',
      status: 'final',
      role: 'Year 9 pupil',
    });
    const id = await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
    });
    renderRoutes(fb, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/${id}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add a cross-reference' }));
    const picker = await screen.findByLabelText('Evidence to cross-reference');
    expect(
      within(picker)
        .queryAllByRole('option')
        .map((o) => o.getAttribute('value')),
    ).toEqual(['', other]);
    await user.selectOptions(picker, other);
    await user.click(screen.getByRole('button', { name: 'Add cross-reference' }));
    await waitFor(async () => expect((await stored(id)).crossRefs).toEqual([other]));
    expect(
      await screen.findByRole('link', { name: /Conversation with a child or young person/ }),
    ).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /^Remove cross-reference/ }));
    await waitFor(async () => expect((await stored(id)).crossRefs).toBeNull());
  });

  it('changes when it happened from the local date and time', async () => {
    const { id } = await open();
    const time = screen.getByLabelText('Time');
    fireEvent.change(time, { target: { value: '14:35' } });
    const expected = new Date(2026, 10, 26, 14, 35).toISOString();
    await waitFor(async () => expect((await stored(id)).occurredAt).toBe(expected));
    // The GOV.UK date input: day, month and year as numbers.
    expect((screen.getByLabelText('Day') as HTMLInputElement).value).toBe('26');
    expect((screen.getByLabelText('Month') as HTMLInputElement).value).toBe('11');
    expect((screen.getByLabelText('Year') as HTMLInputElement).value).toBe('2026');
    fireEvent.change(screen.getByLabelText('Day'), { target: { value: '3' } });
    const third = new Date(2026, 10, 3, 14, 35).toISOString();
    await waitFor(async () => expect((await stored(id)).occurredAt).toBe(third));
    fireEvent.change(screen.getByLabelText('Day'), { target: { value: '31' } });
    expect(screen.getByText('Enter a real date and time')).toBeTruthy();
    expect((await stored(id)).occurredAt).toBe(third);
  });

  it('keeps the text on screen when the disk is full, and saves it on the next change', async () => {
    fb = await makeFieldbook();
    // Full until the test frees space: on a slow machine the typing spans more than one autosave,
    // and every one of them must fail while the disk is full.
    let full = true;
    const update = vi.fn(async (...args: Parameters<Repository['update']>) => {
      if (full) throw new StorageFullError(new DOMException('full', 'QuotaExceededError'));
      return fb.repo.update(...args);
    }) as Repository['update'];
    const repo = { ...fb.repo, update };
    const id = await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'child-conversation',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
    });
    renderRoutes({ ...fb, repo }, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/${id}`);
    const user = userEvent.setup();
    const notes = await screen.findByLabelText('Notes');
    await user.type(notes, 'She feels safe at home');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('out of storage space');
    expect((notes as HTMLTextAreaElement).value).toBe('She feels safe at home');
    expect((await stored(id)).text).toBeUndefined();
    full = false;
    await user.type(notes, '.');
    await waitFor(async () => expect((await stored(id)).text).toBe('She feels safe at home.'));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('names the field when a change breaks the record rules, keeping the words', async () => {
    const { id } = await open();
    const tooLong = 'x'.repeat(100_001);
    fireEvent.change(screen.getByLabelText('Notes'), { target: { value: tooLong } });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link').getAttribute('href')).toBe('#evidence-text');
    expect(alert.textContent).toMatch(/^.*Notes: /m);
    expect((screen.getByLabelText('Notes') as HTMLTextAreaElement).value).toHaveLength(100_001);
    expect((await stored(id)).text).toBeUndefined();
  });

  it('shows any other failed write, never swallowing it', async () => {
    fb = await makeFieldbook();
    const repo = {
      ...fb.repo,
      update: (async () => {
        throw new Error('The database connection was closed');
      }) as Repository['update'],
    };
    const id = await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'focus-group',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
    });
    renderRoutes({ ...fb, repo }, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/${id}`);
    await userEvent.setup().type(await screen.findByLabelText('Notes'), 'x');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'database connection was closed',
    );
    expect(screen.getByRole('status').textContent).toBe('Not saved');
  });

  it('asks before leaving while a change could not be saved', async () => {
    fb = await makeFieldbook();
    let full = true;
    const update = (async (...args: Parameters<Repository['update']>) => {
      if (full) throw new StorageFullError(new DOMException('full', 'QuotaExceededError'));
      return fb.repo.update(...args);
    }) as Repository['update'];
    const id = await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'leader-meeting',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
    });
    const { router } = renderRoutes(
      { ...fb, repo: { ...fb.repo, update } },
      CAPTURE_ROUTES,
      `/i/${fb.inspection.id}/evidence/${id}`,
    );
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Notes'), 'DCS knows the front door well');
    await screen.findByRole('alert');
    await user.click(screen.getByRole('link', { name: 'All evidence' }));
    expect(
      await screen.findByRole('heading', { name: 'Your last change is not saved' }),
    ).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/i/${fb.inspection.id}/evidence/${id}`);
    full = false;
    await user.click(screen.getByRole('button', { name: 'Stay and try saving again' }));
    await waitFor(async () =>
      expect((await stored(id)).text).toBe('DCS knows the front door well'),
    );
    await user.click(screen.getByRole('link', { name: 'All evidence' }));
    await waitFor(() =>
      expect(router.state.location.pathname).toBe(`/i/${fb.inspection.id}/evidence`),
    );
  });

  /**
   * The write began at once, not when the 300 ms debounce would have run: asserted by the call
   * itself (a few microtasks after the event), not by a deadline a busy machine can miss. Then
   * the words are stored.
   */
  const savedAtOnce = async (
    update: MockInstance<Repository['update']>,
    id: string,
    text: string,
  ) => {
    for (let tick = 0; tick < 5; tick += 1) await Promise.resolve();
    expect(update).toHaveBeenCalledWith(
      'evidence',
      id,
      expect.objectContaining({ text }),
      // The note as on screen, should it leave the device before the write lands (S6a).
      expect.objectContaining({ fields: expect.objectContaining({ text }) }),
    );
    await waitFor(async () => expect((await stored(id)).text).toBe(text), { timeout: 10_000 });
  };

  it('saves what is waiting when the user leaves the page before the debounce', async () => {
    const { id, router } = await open();
    const update = vi.spyOn(fb.repo, 'update');
    const notes = screen.getByLabelText('Notes');
    fireEvent.change(notes, { target: { value: 'Left mid-sentence' } });
    // act: React unmounts the editor before this resolves, so its flush has begun.
    await act(() => router.navigate(`/i/${fb.inspection.id}/evidence`));
    await savedAtOnce(update, id, 'Left mid-sentence');
  });

  it('saves what is waiting when the page is hidden', async () => {
    const { id } = await open();
    const update = vi.spyOn(fb.repo, 'update');
    fireEvent.change(screen.getByLabelText('Notes'), { target: { value: 'Tab closed' } });
    window.dispatchEvent(new Event('pagehide'));
    await savedAtOnce(update, id, 'Tab closed');
  });

  it('saves what is waiting when the tab is hidden (app switched, screen locked)', async () => {
    const { id } = await open();
    const update = vi.spyOn(fb.repo, 'update');
    fireEvent.change(screen.getByLabelText('Notes'), {
      target: { value: 'Switched to the phone app' },
    });
    const state = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    state.mockRestore();
    await savedAtOnce(update, id, 'Switched to the phone app');
  });

  it('reopens a draft exactly as it was left', async () => {
    const { id } = await open({ text: 'Half a thought', role: 'Social worker', agency: 'mash' });
    cleanup();
    renderRoutes(fb, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/${id}`);
    expect(((await screen.findByLabelText('Notes')) as HTMLTextAreaElement).value).toBe(
      'Half a thought',
    );
    expect((screen.getByLabelText('Practitioner role') as HTMLInputElement).value).toBe(
      'Social worker',
    );
    expect((screen.getByLabelText('Source agency') as HTMLSelectElement).value).toBe('mash');
  });

  it('deletes only after confirmation', async () => {
    const { id, router } = await open();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Delete this evidence' }));
    await user.click(screen.getByRole('button', { name: 'No, keep it' }));
    expect((await fb.db.evidence.get(id))!.deleted).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Delete this evidence' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete it' }));
    await waitFor(() =>
      expect(router.state.location.pathname).toBe(`/i/${fb.inspection.id}/evidence`),
    );
    expect((await fb.db.evidence.get(id))!.deleted).toBe(true);
  });

  it("shows another inspector's evidence read-only (S8: only its author may change it)", async () => {
    fb = await makeFieldbook();
    const id = await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'shadowing-observation',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'final',
      agency: 'health-visiting',
      lines: [{ at: '2026-11-26T09:01:00.000Z', text: 'Baby weighed, mother asked about sleep' }],
    });
    await fb.db.evidence.update(id, { author: 'another-inspector', seq: 12 });
    renderRoutes(fb, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/${id}`);
    expect(await screen.findByText(/Only the inspector who recorded this evidence/)).toBeTruthy();
    expect(screen.getByText('Baby weighed, mother asked about sleep')).toBeTruthy();
    expect(screen.getByText('Health visiting')).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete this evidence' })).toBeNull();
  });
});
