// @vitest-environment happy-dom
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { draftKeyOf, reconcileServerInspections, setMeta } from '../../db';
import { createHttpTransport, type Transport } from '../../sync';
import { REJECT_REASONS } from '../../domain';
import { SyncStatusBar } from '../account/SyncStatusBar';
import {
  makeFieldbook,
  renderRoutes,
  settleEverything,
} from '../../../tests/support/unit/fieldbook';
import { EvidencePage } from '../capture/EvidencePage';
import { REFUSED_REASON_WORDS, refusedReasonWords } from './reasons';
import { RefusedPage } from './RefusedPage';
import { formatDateTime } from '../shared/format';

const routes: RouteObject[] = [
  {
    path: '/',
    element: <SyncStatusBar />,
  },
  { path: '/refused', element: <RefusedPage /> },
  { path: '/i/:inspectionId/evidence/:evidenceId', element: <EvidencePage /> },
];

afterEach(() => vi.restoreAllMocks());

/** A note the server accepted, then an edit of it the server refused. */
const refusedEdit = async (fb: Awaited<ReturnType<typeof makeFieldbook>>) => {
  const id = await fb.repo.create('evidence', fb.inspection.id, {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-26T09:00:00.000Z',
    status: 'draft',
    text: 'First words',
  });
  await settleEverything(fb.db, { status: 'applied', seq: 7 });
  await fb.repo.update('evidence', id, { text: 'The social worker said the plan had stalled' });
  await settleEverything(fb.db, { status: 'rejected', reason: 'forbidden' });
  return id;
};

/** A judgement draft the server refused. */
const refusedJudgement = async (fb: Awaited<ReturnType<typeof makeFieldbook>>) => {
  await fb.repo.create('judgementDraft', fb.inspection.id, {
    judgementId: 'overall',
    state: 'draft',
    grade: 'good',
  });
  await settleEverything(fb.db, { status: 'rejected', reason: 'forbidden' });
};

describe('refused changes are never silent', () => {
  it('words every reject reason of the protocol for an inspector', () => {
    for (const reason of Object.values(REJECT_REASONS)) {
      expect(refusedReasonWords(reason)).toBe(REFUSED_REASON_WORDS[reason]);
      if (reason.includes('-')) expect(refusedReasonWords(reason)).not.toContain(reason);
    }
    expect(refusedReasonWords('something-new')).toContain('refused');
    // S6a: a note kept as refused when its inspection left the device does not blame its author.
    expect(refusedReasonWords('forbidden', 'evidence', true)).toContain('taken off its team');
    expect(refusedReasonWords('forbidden', 'evidence', true)).not.toContain('only the inspector');
  });

  it('the status bar counts them and links to why, and never says everything is on the server', async () => {
    const fb = await makeFieldbook();
    await refusedEdit(fb);
    renderRoutes(fb, routes, '/');
    const link = await screen.findByRole('link', { name: '1 change was refused — see why' });
    expect(link.getAttribute('href')).toBe('/refused');
    expect(screen.getByTestId('unsent-count').textContent).not.toContain('Everything');
  });

  it('lists each with its record by name, the reason in words and the values written; copies and discards on confirmation', async () => {
    const fb = await makeFieldbook();
    const id = await refusedEdit(fb);
    const user = userEvent.setup(); // gives the page a clipboard to write to and read back
    renderRoutes(fb, routes, '/refused');
    const card = await screen.findByTestId('refused-change');
    expect(
      within(card).getByRole('heading', { name: 'Practitioner interview, 26 Nov 2026, 09:00' }),
    ).toBeTruthy();
    expect(card.textContent).not.toContain(id);
    expect(within(card).getByTestId('refused-reason').textContent).toContain(
      'only the inspector who recorded a piece of evidence may change',
    );
    expect(within(card).getByText('The social worker said the plan had stalled')).toBeTruthy();

    await user.click(within(card).getByRole('button', { name: /^Copy text/ }));
    expect(await within(card).findByText(/^Copied/)).toBeTruthy();
    expect(await navigator.clipboard.readText()).toContain(
      'Notes: The social worker said the plan had stalled',
    );

    await user.click(within(card).getByRole('button', { name: /^Discard/ }));
    // Nothing leaves before the user confirms.
    expect(await fb.db.outbox.count()).toBe(1);
    await user.click(within(card).getByRole('button', { name: /^Keep it/ }));
    expect(await fb.db.outbox.count()).toBe(1);
    await user.click(within(card).getByRole('button', { name: /^Discard/ }));
    await user.click(within(card).getByRole('button', { name: /^Yes, discard it/ }));
    await waitFor(async () => expect(await fb.db.outbox.count()).toBe(0));
    expect(await screen.findByText(/No change is waiting here/)).toBeTruthy();
  });

  it('shows the text to select by hand when the device will not copy it', async () => {
    const fb = await makeFieldbook();
    await refusedEdit(fb);
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    // happy-dom has no execCommand: given one that refuses, as a browser's may, for this test only.
    document.execCommand = () => false;
    onTestFinished(() => void delete (document as Partial<Document>).execCommand);
    renderRoutes(fb, routes, '/refused');
    const card = await screen.findByTestId('refused-change');
    await user.click(within(card).getByRole('button', { name: /^Copy text/ }));
    const area = await within(card).findByLabelText<HTMLTextAreaElement>(/select the text/);
    expect(area.value).toContain('The social worker said the plan had stalled');
  });

  it("the record's own screen shows its refused change", async () => {
    const fb = await makeFieldbook();
    const id = await refusedEdit(fb);
    renderRoutes(fb, routes, `/i/${fb.inspection.id}/evidence/${id}`);
    const notice = await screen.findByTestId('refused-notice');
    expect(
      within(notice).getByRole('heading', { name: 'The server refused a change to this record' }),
    ).toBeTruthy();
    expect(within(notice).getByTestId('refused-reason').textContent).toContain('not allowed');
  });

  it('names judgement areas and grades by the framework, never by their ids', async () => {
    const fb = await makeFieldbook();
    await refusedJudgement(fb);
    renderRoutes(fb, routes, '/refused');
    const card = await screen.findByTestId('refused-change');
    const title = fb.inspection.framework.judgements.find((j) => j.id === 'overall')!.title;
    expect(within(card).getByRole('heading', { level: 2 }).textContent).toBe(
      `Judgement draft: ${title}`,
    );
    const values = within(card)
      .getAllByRole('definition')
      .map((d) => d.textContent);
    expect(values).toEqual([title, 'Draft', 'Good']);
  });

  it('shows when it happened as a date and local time, never as a UTC timestamp', async () => {
    const fb = await makeFieldbook();
    await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-26T09:41:07.123Z',
      status: 'draft',
      text: 'Words kept',
    });
    await settleEverything(fb.db, { status: 'rejected', reason: 'forbidden' });
    renderRoutes(fb, routes, '/refused');
    const card = await screen.findByTestId('refused-change');
    const shown = formatDateTime('2026-11-26T09:41:07.123Z');
    expect(shown).toMatch(/^26 Nov 2026, \d\d:41$/);
    const values = within(card)
      .getAllByRole('definition')
      .map((d) => d.textContent);
    expect(values).toContain(shown);
    expect(values.join(' ')).not.toContain('2026-11-26T');
  });

  it('online, discarding puts back the value the server holds', async () => {
    const fb = await makeFieldbook();
    const id = await refusedEdit(fb);
    const user = await fb.repo.deviceUser();
    await setMeta(fb.db, 'session', {
      token: 't',
      user: { id: user.id, username: 'me', name: 'Me', inspectorate: 'ofsted', admin: false },
    });
    const transport: Transport = {
      ...createHttpTransport('http://127.0.0.1:9'),
      history: async (_token, entity, recordId) => ({
        entity,
        id: recordId,
        inspectionId: fb.inspection.id,
        history: [
          {
            opId: 'op-1',
            seq: 7,
            author: user.id,
            at: '2026-11-26T09:00:00.000Z',
            kind: 'put',
            fields: { text: 'First words' },
            base: {},
            status: 'applied',
          },
        ],
      }),
    };
    const userEvents = userEvent.setup();
    renderRoutes(fb, routes, '/refused', undefined, transport);
    const card = await screen.findByTestId('refused-change');
    await userEvents.click(within(card).getByRole('button', { name: /^Discard/ }));
    expect(card.textContent).toContain('goes back to the server’s version');
    await userEvents.click(within(card).getByRole('button', { name: /^Yes, discard it/ }));
    await waitFor(async () =>
      expect((await fb.db.evidence.get(id))!.fields.text).toBe('First words'),
    );
  });
});

describe('words kept when the lead role leaves the tablet (S8, db/drafts-leaving.ts)', () => {
  const COMMENT = 'Please check whether the GP was invited to the conference';
  /** The same inspection as the server now lists it, with this device's user no longer its lead. */
  const demote = async (fb: Awaited<ReturnType<typeof makeFieldbook>>) => {
    const { source: _source, ...inspection } = fb.inspection;
    const team = inspection.team.map((m) => ({ ...m, role: 'inspector' as const }));
    const { id } = await fb.repo.deviceUser();
    await reconcileServerInspections(fb.db, [{ ...inspection, team }], [], () => AT, id);
  };
  const AT = '2026-11-26T10:00:00.000Z';

  it('names a kept review comment by its evidence in words, says it was never sent, and copies and discards it', async () => {
    const fb = await makeFieldbook();
    const evidenceId = await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
      text: 'Visit to the family with the allocated social worker',
    });
    await fb.repo.saveDraft(draftKeyOf(fb.inspection.id, 'review-comment', evidenceId), {
      comment: COMMENT,
    });
    await demote(fb);
    const user = userEvent.setup();
    renderRoutes(fb, routes, '/refused');
    const card = await screen.findByTestId('refused-change');
    const evidence = `Practitioner interview, ${formatDateTime('2026-11-26T09:00:00.000Z')}`;
    expect(within(card).getByRole('heading', { level: 2 }).textContent).toBe(
      `Your comment returning evidence “${evidence}” for follow-up`,
    );
    expect(card.textContent).not.toContain(evidenceId);
    expect(card.textContent).toContain('You typed it and had not sent it yet');
    expect(card.textContent).not.toContain('no longer on this device');
    const values = within(card)
      .getAllByRole('definition')
      .map((d) => d.textContent);
    expect(values).toEqual([evidence, 'Returned for follow-up', COMMENT]);
    // Nothing on this card leads to the lead's review screen she can no longer open.
    expect(within(card).queryByRole('link', { name: /Open the record/ })).toBeNull();

    await user.click(within(card).getByRole('button', { name: /^Copy text/ }));
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain(`Comment: ${COMMENT}`);
    expect(copied).toContain(evidence);
    expect(copied).not.toContain('_shown');
    await user.click(within(card).getByRole('button', { name: /^Discard/ }));
    await user.click(within(card).getByRole('button', { name: /^Yes, discard it/ }));
    await waitFor(async () =>
      expect(await fb.db.outbox.where('state').equals('rejected').count()).toBe(0),
    );
    expect(await fb.db.meta.where('key').startsWith('draft:').count()).toBe(0);
  });

  it('offers "Open the record" for a refused judgement draft only while she leads: the screen would refuse her', async () => {
    const fb = await makeFieldbook();
    await refusedJudgement(fb);
    const first = renderRoutes(fb, routes, '/refused');
    const card = await screen.findByTestId('refused-change');
    expect(await within(card).findByRole('link', { name: /^Open the record/ })).toBeTruthy();
    first.unmount();

    await demote(fb);
    renderRoutes(fb, routes, '/refused');
    const after = await screen.findByTestId('refused-change');
    await waitFor(() =>
      expect(within(after).queryByRole('link', { name: /Open the record/ })).toBeNull(),
    );
    expect(within(after).getByRole('button', { name: /^Copy text/ })).toBeTruthy();
  });
});
