// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { heardFrom } from '../../../tests/support/unit/heard';
import { EvidenceListPage } from './EvidenceListPage';

let fb: Awaited<ReturnType<typeof makeFieldbook>>;
const ROUTES = [
  { path: '/i/:inspectionId/evidence', element: <EvidenceListPage /> },
  { path: '/i/:inspectionId/evidence/new', element: <h1>New evidence</h1> },
  { path: '/i/:inspectionId/evidence/:evidenceId', element: <h1>Editor</h1> },
];

const seed = async () => {
  fb = await makeFieldbook();
  const i = fb.inspection.id;
  const caseId = await fb.repo.create('childCase', i, { caseRef: 'NS-1042', selection: 'tracked' });
  const interview = await fb.repo.create('evidence', i, {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-23T10:00:00.000Z',
    status: 'final',
    agency: 'police',
    role: 'Detective sergeant',
    evaluation: 'strength',
    judgementIds: ['help-and-protection'],
    text: 'Strategy discussions are timely and well attended',
  });
  const shadowing = await fb.repo.create('evidence', i, {
    kind: 'shadowing-observation',
    occurredAt: '2026-11-24T14:00:00.000Z',
    status: 'draft',
    caseIds: [caseId],
    evaluation: 'priority-action',
    lines: [{ at: '2026-11-24T14:01:00.000Z', text: 'Child not seen alone during the home visit' }],
  });
  renderRoutes(fb, ROUTES, `/i/${i}/evidence`);
  await waitFor(() => expect(shownCount()).toBe('2 pieces of evidence'));
  return { interview, shadowing };
};

/** The count as shown (its live region beside it holds only news: count-news.ts). */
const shownCount = () => screen.getByTestId('evidence-count').textContent;

/** Every text the count's live region takes from now on, in order (what a screen reader hears). */
const heard = (): string[] => heardFrom(screen.getByTestId('evidence-count-news'));

/** Another inspector's note, as a sync (or another tab) writes it while the list is open. */
const arrives = (n: number) =>
  fb.repo.create('evidence', fb.inspection.id, {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-25T09:00:00.000Z',
    status: 'final',
    text: `A teammate's note ${n} about the home visit`,
  });

const results = () => within(screen.getByRole('list', { name: 'Results' }));

describe('EvidenceListPage', () => {
  it('lists every piece of evidence, newest first, each linking to its editor', async () => {
    const { shadowing } = await seed();
    const links = screen.getAllByRole('link', {
      name: /Shadowing observation|Practitioner interview/,
    });
    expect(links.map((l) => l.textContent?.split(',')[0])).toEqual([
      'Shadowing observation',
      'Practitioner interview',
    ]);
    expect(links[0]!.getAttribute('href')).toBe(`/i/${fb.inspection.id}/evidence/${shadowing}`);
    expect(results().getByText(/Detective sergeant, Police/)).toBeTruthy();
    expect(results().getByText('Area for priority action')).toBeTruthy();
    expect(results().getByText('Final')).toBeTruthy();
    expect(results().getByText(/Child not seen alone/)).toBeTruthy();
    // The case references load beside the evidence, not necessarily with it.
    expect(await results().findByText(/Child NS-1042/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Record evidence' }).getAttribute('href')).toBe(
      `/i/${fb.inspection.id}/evidence/new`,
    );
  });

  it('filters by kind, evaluation and child, and clears', async () => {
    await seed();
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('Practitioner interview'));
    await waitFor(() => expect(shownCount()).toBe('1 piece of evidence matches'));
    expect(screen.queryByText(/Child not seen alone/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(shownCount()).toBe('2 pieces of evidence'));
    await user.selectOptions(screen.getByLabelText('Child'), 'NS-1042');
    await waitFor(() => expect(shownCount()).toBe('1 piece of evidence matches'));
    expect(screen.getByText(/Child not seen alone/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove this filter NS-1042' }));
    await waitFor(() => expect(shownCount()).toBe('2 pieces of evidence'));
  });

  it('searches offline across text, shadowing lines, role and case reference', async () => {
    await seed();
    const user = userEvent.setup();
    const box = screen.getByLabelText('Search evidence');
    await user.type(box, 'home visitt');
    await waitFor(() => expect(shownCount()).toBe('1 piece of evidence matches'));
    expect(results().getByText('home').tagName).toBe('MARK');
    await user.clear(box);
    await user.type(box, 'NS-1042');
    await waitFor(() => expect(results().getByText(/Child not seen alone/)).toBeTruthy());
    await user.clear(box);
    await user.type(box, 'sergeant');
    await waitFor(() => expect(results().getByText(/Detective sergeant/)).toBeTruthy());
    expect(shownCount()).toBe('1 piece of evidence matches');
  });

  it('[4.1.3] reads out the count when her search or filters change, not as rows arrive', async () => {
    await seed();
    const said = heard();
    // A sync's pages (or another tab's notes) land one by one: the count shown follows them,
    // the live region says nothing.
    for (let n = 1; n <= 3; n += 1) {
      await arrives(n);
      await waitFor(() => expect(shownCount()).toBe(`${2 + n} pieces of evidence`));
    }
    expect(said).toEqual([]);
    // Her search is answered with its count...
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Search evidence'), 'teammate');
    await waitFor(() => expect(shownCount()).toBe('3 pieces of evidence match'));
    expect(said.at(-1)?.trim()).toBe('3 pieces of evidence match');
    // ...and a note matching it, arriving after, changes what is shown, not what was said.
    const before = said.length;
    await arrives(4);
    await waitFor(() => expect(shownCount()).toBe('4 pieces of evidence match'));
    expect(said.length).toBe(before);
    // A filter is hers too: it is answered, even with a count said just before.
    await user.click(screen.getByLabelText('Practitioner interview'));
    await waitFor(() => expect(said.at(-1)?.trim()).toBe('4 pieces of evidence match'));
    expect(said.length).toBe(before + 1);
  });
});
