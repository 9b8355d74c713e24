// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { draftKeyOf, getRow, listRows, readDraft } from '../../db';
import { engineReporting, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { REVIEW_ROUTES } from '../../../tests/support/unit/review-routes';
import { INSPECTOR, makeTeam } from '../../../tests/support/unit/team';
import { ITEMS_PER_KIND } from './TodayView';
import { InspectionHomePage } from '../inspections/InspectionHomePage';
import { SyncEngineContext } from '../shared/sync-context';

let fb: Awaited<ReturnType<typeof makeTeam>>;
const record = (text: string, occurredAt = '2026-11-26T10:00:00.000Z') =>
  fb.repo.create('evidence', fb.inspection.id, {
    kind: 'practitioner-interview',
    occurredAt,
    text,
    role: 'Team manager',
    status: 'final',
  });

const count = (id: string) => screen.getByTestId(`count-${id}`).textContent;

describe('Today and the follow-up loop', () => {
  it('the lead returns an item with a comment, the author replies at the top of home, the lead marks it reviewed', async () => {
    fb = await makeTeam();
    const id = fb.inspection.id;
    await fb.as(INSPECTOR);
    const evidenceId = await record('Supervision is monthly and recorded');
    await fb.as(fb.lead);
    const user = userEvent.setup();

    // The lead's evening: the new item under its author, then open it.
    renderRoutes(fb, REVIEW_ROUTES, `/i/${id}/today`);
    await screen.findByRole('heading', { level: 1, name: 'Today’s review' });
    // The heading renders before the live queries answer: wait for the counts themselves.
    await waitFor(() => expect(count('new')).toBe('1'));
    const fromBob = screen.getByRole('region', { name: 'New evidence from Bob Inspector' });
    await user.click(within(fromBob).getByRole('link'));
    await screen.findByText('Supervision is monthly and recorded');

    // A return needs a comment (the form opens once it has looked for a kept draft).
    await user.click(await screen.findByRole('button', { name: 'Return for follow-up' }));
    expect(
      (await screen.findAllByText('Enter what the inspector should follow up')).length,
    ).toBeGreaterThan(0);
    await user.type(
      screen.getByLabelText('Or return it for follow-up'),
      'Ask to see the supervision file',
    );
    // Kept on this tablet, sealed, as she types; not an op, nothing synced yet.
    const key = draftKeyOf(id, 'review-comment', evidenceId);
    await waitFor(async () =>
      expect((await readDraft(fb.db, key))?.fields).toEqual({
        comment: 'Ask to see the supervision file',
      }),
    );
    // The status follows the write's answer, a render after the draft is stored.
    await waitFor(() =>
      expect(screen.getByTestId('draft-status').textContent).toMatch(
        /^Saved on this tablet — not yet sent\. “Return for follow-up” sends it\.$/,
      ),
    );
    expect(await listRows(fb.db, 'review', id)).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Return for follow-up' }));
    expect(await screen.findByText('Returned to Bob Inspector for follow-up')).toBeTruthy();
    // Sent: the draft is gone.
    expect(await readDraft(fb.db, key)).toBeUndefined();
    await waitFor(() => {
      expect(count('new')).toBe('0');
      expect(count('follow-up')).toBe('1');
    });
    const [stored] = await listRows(fb.db, 'review', id);
    expect(stored?.fields).toMatchObject({
      evidenceId,
      state: 'follow-up',
      comment: 'Ask to see the supervision file',
    });
    cleanup();

    // The author: the returned item is at the top of home, with a reply box saved as typed.
    await fb.as(INSPECTOR);
    renderRoutes(fb, REVIEW_ROUTES, `/i/${id}`);
    const returned = await screen.findByTestId('returned');
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings[0]).toBe('Returned to you for follow-up (1)');
    expect(await within(returned).findByText('Ask to see the supervision file')).toBeTruthy();
    await user.type(
      await within(returned).findByLabelText(/Your reply/),
      'Seen it: monthly since May',
    );
    await waitFor(async () =>
      expect((await getRow(fb.db, 'review', stored!.id))?.fields.reply).toBe(
        'Seen it: monthly since May',
      ),
    );
    // An explicit Send, with a confirmation of where the reply is (no connection here: it waits).
    await user.click(within(returned).getByRole('button', { name: /^Send reply/ }));
    // Read out (the live region), and shown once to a screen reader (the visible copy is hidden).
    await waitFor(() =>
      expect(within(returned).getByRole('status').textContent).toBe(
        'Your reply is saved on this device. It goes to the lead inspector when you next sync.',
      ),
    );
    cleanup();

    // The lead sees the reply on Today and closes the loop from there.
    await fb.as(fb.lead);
    renderRoutes(fb, REVIEW_ROUTES, `/i/${id}/today`);
    const followUps = await screen.findByTestId('follow-ups');
    expect(within(followUps).getByText('Seen it: monthly since May')).toBeTruthy();
    expect(within(followUps).getByText('Ask to see the supervision file')).toBeTruthy();
    await user.click(within(followUps).getByRole('button', { name: /^Mark as reviewed/ }));
    await waitFor(() => expect(count('reviewed')).toBe('1'));
    expect(count('follow-up')).toBe('0');
    expect((await listRows(fb.db, 'review', id)).length).toBe(1); // one review row per evidence
    cleanup();

    // Reviewed, it leaves the author's home.
    await fb.as(INSPECTOR);
    renderRoutes(fb, REVIEW_ROUTES, `/i/${id}`);
    await screen.findByRole('heading', { level: 1 });
    await screen.findByText('Drafts in progress');
    expect(screen.queryByTestId('returned')).toBeNull();
  });

  it('Send reply when the sync does not get through says the reply is not sent yet, not “Sending…” for good', async () => {
    fb = await makeTeam();
    const id = fb.inspection.id;
    await fb.as(INSPECTOR);
    const evidenceId = await record('Supervision is monthly and recorded');
    await fb.as(fb.lead);
    await fb.repo.create('review', id, { evidenceId, state: 'follow-up', comment: 'Which cases?' });
    await fb.as(INSPECTOR);
    const offline = engineReporting({ state: 'offline', lastSyncedAt: null, retryAt: null });
    const home = (
      <SyncEngineContext.Provider value={offline}>
        <InspectionHomePage />
      </SyncEngineContext.Provider>
    );
    renderRoutes(fb, [{ path: '/i/:inspectionId', element: home }], `/i/${id}`);
    const user = userEvent.setup();
    const returned = await screen.findByTestId('returned');
    await user.type(await within(returned).findByLabelText(/Your reply/), 'Three of them');
    await user.click(within(returned).getByRole('button', { name: /^Send reply/ }));
    // Read out (the live region), and shown once to a screen reader (the visible copy is hidden).
    await waitFor(() =>
      expect(within(returned).getByRole('status').textContent).toBe(
        'Not sent yet: the sync did not get through (the status bar says why). Your reply is saved on this device and goes to the lead inspector at the next sync.',
      ),
    );
  });

  it('an inspector sees where a review stands but no review actions', async () => {
    fb = await makeTeam();
    const id = fb.inspection.id;
    const evidenceId = await record('Strategy discussions are timely');
    await fb.repo.create('review', id, { evidenceId, state: 'follow-up', comment: 'Which cases?' });
    await fb.as(INSPECTOR);
    const user = userEvent.setup();
    renderRoutes(fb, REVIEW_ROUTES, `/i/${id}/today`);
    const followUps = await screen.findByTestId('follow-ups');
    expect(within(followUps).getByText('Which cases?')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Mark as reviewed/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Finish this review session' })).toBeNull();
    await user.click(within(followUps).getByRole('link'));
    await screen.findByText('Only the lead inspector reviews evidence.');
    expect(screen.getByText('Returned for follow-up')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Mark as reviewed/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Return for follow-up' })).toBeNull();
  });

  it('shows first what changed since the last review session, and all on request', async () => {
    fb = await makeTeam();
    const id = fb.inspection.id;
    await record('Before the session ended');
    const user = userEvent.setup();
    renderRoutes(fb, REVIEW_ROUTES, `/i/${id}/today`);
    await screen.findByText('Before the session ended');
    await user.click(screen.getByRole('button', { name: 'Finish this review session' }));
    await screen.findByText(/Review session finished/);
    await record('After the session ended');
    await screen.findByText('After the session ended');
    expect(screen.queryByText('Before the session ended')).toBeNull();
    expect(count('new')).toBe('2');
    await user.click(screen.getByRole('button', { name: /Show all new evidence, including 1/ }));
    expect(await screen.findByText('Before the session ended')).toBeTruthy();
  });

  it('draws the first few of each kind, newest first, and the rest of them on request', async () => {
    fb = await makeTeam();
    const id = fb.inspection.id;
    const total = ITEMS_PER_KIND + 2;
    for (let n = 0; n < total; n++)
      await record(`Interview ${n}`, `2026-11-26T${String(10 + n).padStart(2, '0')}:00:00.000Z`);
    const user = userEvent.setup();
    renderRoutes(fb, REVIEW_ROUTES, `/i/${id}/today`);
    await screen.findByText(`Interview ${total - 1}`);
    for (let n = 0; n < total; n++) {
      const drawn = screen.queryByText(`Interview ${n}`) !== null;
      expect(drawn, `Interview ${n}`).toBe(n >= total - ITEMS_PER_KIND);
    }
    await user.click(screen.getByRole('button', { name: /^Show 2 more/ }));
    expect(await screen.findByText('Interview 0')).toBeTruthy();
    expect(screen.getByText('Interview 1')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Show \d+ more/ })).toBeNull();
  });
});

describe('the safeguarding log on Today', () => {
  it('keeps every concern not yet closed at the very top, with each step, until the lead closes it', async () => {
    fb = await makeTeam();
    const id = fb.inspection.id;
    await fb.as(INSPECTOR);
    const concernId = await fb.repo.create('safeguardingConcern', id, {
      raisedAt: '2026-11-26T10:15:00.000Z',
      concern: 'Child says nobody collects her from school',
      status: 'referred',
      referredTo: 'childrens-social-care',
      referredAt: '2026-11-26T10:30:00.000Z',
    });
    await record('Unrelated evidence');
    await fb.as(fb.lead);
    renderRoutes(fb, REVIEW_ROUTES, `/i/${id}/today`);
    const log = await screen.findByTestId('today-concerns');
    const h2s = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(h2s[0]).toBe('Safeguarding concerns not closed (1)');
    expect(within(log).getByRole('link', { name: /by Bob Inspector/ })).toBeTruthy();
    expect(within(log).getByText(/To Children's social care/)).toBeTruthy();
    expect(within(log).getAllByText('Not recorded yet')).toHaveLength(2); // lead, director
    expect(within(log).getByText('Child says nobody collects her from school')).toBeTruthy();

    await fb.repo.update('safeguardingConcern', concernId, {
      leadInformedAt: '2026-11-26T10:35:00.000Z',
      directorInformedAt: '2026-11-26T11:00:00.000Z',
    });
    await waitFor(() => expect(within(log).queryAllByText('Not recorded yet')).toHaveLength(0));
    await fb.repo.update('safeguardingConcern', concernId, { status: 'closed' });
    await waitFor(() => expect(screen.queryByTestId('today-concerns')).toBeNull());
  });
});
