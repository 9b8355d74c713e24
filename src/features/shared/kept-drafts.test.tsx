// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { draftKeyOf, readDraft } from '../../db';
import { renderRoutes } from '../../../tests/support/unit/fieldbook';
import { CAPTURE_ROUTES } from '../../../tests/support/unit/capture-routes';
import { REVIEW_ROUTES } from '../../../tests/support/unit/review-routes';
import { INSPECTOR, makeTeam } from '../../../tests/support/unit/team';
import { CasePage } from '../cases/CasePage';
import { NewCasePage } from '../cases/NewCasePage';
import { ConcernPage } from '../safeguarding/ConcernPage';
import { RaiseConcernPage } from '../safeguarding/RaiseConcernPage';

// Every form that sends its words only at a button press keeps them on the tablet as they are
// typed: unmounted at once, as a lock, a reload or another screen unmounts it (the last keys not
// yet saved), and opened again, it shows every word and says they are kept and not sent; the
// words are no op in the outbox until the button; the button drops the draft.

const ROUTES: RouteObject[] = [
  ...REVIEW_ROUTES.filter((r) => !/\/(safeguarding|evidence)\//.test(r.path ?? '')),
  ...CAPTURE_ROUTES,
  { path: '/i/:inspectionId/safeguarding/new', element: <RaiseConcernPage /> },
  { path: '/i/:inspectionId/safeguarding/:concernId', element: <ConcernPage /> },
  { path: '/i/:inspectionId/cases/new', element: <NewCasePage /> },
  { path: '/i/:inspectionId/cases/:caseId', element: <CasePage /> },
  { path: '*', element: <h1>Elsewhere</h1> },
];

type Team = Awaited<ReturnType<typeof makeTeam>>;
type Case = {
  name: string;
  /** Makes what the form is about; returns the path, the draft's key and what to type. */
  open: (fb: Team) => Promise<{ path: string; key: string }>;
  field: () => Promise<HTMLElement>;
  words: string;
  send: string;
  /** Where the words are once the button has saved them. */
  sent: (fb: Team) => Promise<unknown>;
};

const scope = () => screen.findByRole('region', { name: '1. Refer it' });

const CASES: Case[] = [
  {
    name: 'the lead’s return comment',
    open: async (fb) => {
      await fb.as(INSPECTOR);
      const evidenceId = await fb.repo.create('evidence', fb.inspection.id, {
        kind: 'practitioner-interview',
        occurredAt: '2026-11-26T10:00:00.000Z',
        status: 'final',
        text: 'Supervision is monthly',
      });
      await fb.as(fb.lead);
      return {
        path: `/i/${fb.inspection.id}/today/${evidenceId}`,
        key: draftKeyOf(fb.inspection.id, 'review-comment', evidenceId),
      };
    },
    field: () => screen.findByLabelText('Or return it for follow-up'),
    words: 'Ask to see the supervision file',
    send: 'Return for follow-up',
    sent: async (fb) => (await fb.db.reviews.toArray())[0]?.fields.comment,
  },
  {
    name: 'a safeguarding concern before it is saved',
    open: (fb) =>
      Promise.resolve({
        path: `/i/${fb.inspection.id}/safeguarding/new`,
        key: draftKeyOf(fb.inspection.id, 'new-concern', 'new'),
      }),
    field: () => screen.findByLabelText('What is the concern?'),
    words: 'The child said she is scared to go home tonight',
    send: 'Save the concern',
    sent: async (fb) => (await fb.db.safeguardingConcerns.toArray())[0]?.fields.concern,
  },
  {
    name: 'who took a referral, mid-call',
    open: async (fb) => {
      const id = await fb.repo.create('safeguardingConcern', fb.inspection.id, {
        raisedAt: '2026-11-26T09:00:00.000Z',
        concern: 'Bruising seen on a home visit',
        status: 'open',
      });
      return {
        path: `/i/${fb.inspection.id}/safeguarding/${id}`,
        key: draftKeyOf(fb.inspection.id, 'referral', id),
      };
    },
    field: async () => within(await scope()).findByLabelText('Who took the referral (optional)'),
    words: 'Duty social worker',
    send: 'Record the referral',
    sent: async (fb) => (await fb.db.safeguardingConcerns.toArray())[0]?.fields.referralTakenBy,
  },
  {
    name: 'a journey stage’s note before it is added',
    open: async (fb) => {
      const caseId = await fb.repo.create('childCase', fb.inspection.id, {
        caseRef: '100234',
        selection: 'tracked',
      });
      return {
        path: `/i/${fb.inspection.id}/cases/${caseId}`,
        key: draftKeyOf(fb.inspection.id, 'journey-stage', `new:${caseId}`),
      };
    },
    field: () => screen.findByLabelText('Note (optional)'),
    words: 'Strategy discussion held nine days after the referral',
    send: 'Add stage',
    sent: async (fb) => (await fb.db.journeyEvents.toArray())[0]?.fields.note,
  },
  {
    name: 'a shadowing line before it is added',
    open: async (fb) => {
      const id = await fb.repo.create('evidence', fb.inspection.id, {
        kind: 'shadowing-observation',
        occurredAt: '2026-11-26T09:00:00.000Z',
        status: 'draft',
      });
      return {
        path: `/i/${fb.inspection.id}/evidence/${id}`,
        key: draftKeyOf(fb.inspection.id, 'shadowing-line', id),
      };
    },
    field: async () => {
      const input = await screen.findByLabelText('New line');
      await waitFor(() => expect(input).toHaveProperty('disabled', false));
      return input;
    },
    words: 'Mother says the child sleeps on the sofa',
    send: 'Add line',
    sent: async (fb) =>
      (await fb.db.evidence.toArray()).find((e) => e.fields.lines)?.fields.lines?.[0]?.text,
  },
];

describe('words kept on the tablet until the button sends them', () => {
  it.each(CASES)(
    '$name: kept through an unmount with the last keys unsaved, then dropped by the button',
    async ({ open, field, words, send, sent }) => {
      const fb = await makeTeam();
      const { path, key } = await open(fb);
      const user = userEvent.setup();
      renderRoutes(fb, ROUTES, path);
      const opsBefore = await fb.db.outbox.count();
      await user.type(await field(), words);
      cleanup(); // a lock: every screen unmounts at once, its last keys still waiting
      await fb.repo.idle(); // what KeyringGate waits for before it drops the key
      expect((await readDraft<Record<string, string>>(fb.db, key))?.fields).toBeDefined();
      expect(await fb.db.outbox.count()).toBe(opsBefore);

      renderRoutes(fb, ROUTES, path);
      await waitFor(async () =>
        expect((await field()) as HTMLInputElement).toHaveProperty('value', words),
      );
      const kept = await screen.findByText(/^Saved on this tablet — not yet sent\./);
      expect(kept.textContent).toContain(`“${send}”`);

      if (send === 'Add stage') {
        await user.selectOptions(screen.getByLabelText('Stage'), 'referral');
        const date = screen.getByRole('group', { name: 'Date' });
        await user.type(within(date).getByLabelText('Day'), '2');
        await user.type(within(date).getByLabelText('Month'), '11');
        await user.type(within(date).getByLabelText('Year'), '2026');
      }
      if (send === 'Record the referral')
        await user.click(within(await scope()).getByLabelText("Children's social care"));
      await user.click(screen.getByRole('button', { name: send }));
      await waitFor(async () => expect(await sent(fb)).toBe(words));
      await waitFor(async () => expect(await readDraft(fb.db, key)).toBeUndefined());
    },
  );
});
