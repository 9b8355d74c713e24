// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EVIDENCE_KINDS, FRAMEWORKS, type EvidenceKind } from '../../domain';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { KIND_FORMS } from './kind-forms';
import { CAPTURE_ROUTES } from '../../../tests/support/unit/capture-routes';

/** What each kind's form must show and leave out (issue 9): the labels a person reads. */
const EXPECTED: Record<
  EvidenceKind,
  { shows: string[]; hides: string[]; role?: string; agency?: string }
> = {
  'practitioner-interview': {
    shows: ['Source agency', 'Practitioner role', 'Notes', 'NS-1'],
    hides: ['Kind of document'],
    role: 'Practitioner role',
    agency: 'Source agency',
  },
  'shadowing-observation': {
    shows: ['Source agency', 'Practitioner shadowed', 'Summary (optional)', 'NS-1'],
    hides: ['Practitioner role', 'Kind of document'],
    role: 'Practitioner shadowed',
    agency: 'Source agency',
  },
  'case-tracking-note': {
    shows: ['Whose record', 'Notes', 'NS-1'],
    hides: ['Practitioner role', 'Kind of document'],
    agency: 'Whose record',
  },
  'child-conversation': {
    shows: ['Service arranging the conversation (optional)', 'Notes', 'NS-1'],
    hides: ['Practitioner role', 'Source agency', 'Kind of document'],
    agency: 'Service arranging the conversation (optional)',
  },
  'family-conversation': {
    shows: ['Who they are to the child', 'Notes', 'NS-1'],
    hides: ['Practitioner role', 'Source agency', 'Kind of document'],
    role: 'Who they are to the child',
  },
  'care-leaver-conversation': {
    shows: ['Service supporting them (optional)', 'Notes', 'NS-1'],
    hides: ['Practitioner role', 'Kind of document'],
    agency: 'Service supporting them (optional)',
  },
  'leader-meeting': {
    shows: ['Leaders’ agency', 'Leaders’ roles', 'Notes'],
    hides: ['Practitioner role', 'Kind of document', 'NS-1'],
    role: 'Leaders’ roles',
    agency: 'Leaders’ agency',
  },
  'focus-group': {
    shows: ['Agency (optional)', 'Who took part', 'Notes'],
    hides: ['Practitioner role', 'Kind of document', 'NS-1'],
    role: 'Who took part',
    agency: 'Agency (optional)',
  },
  'document-review': {
    shows: ['Kind of document', 'Whose document', 'Notes'],
    hides: ['Practitioner role', 'NS-1'],
    agency: 'Whose document',
  },
};

const labelled = (text: string) => screen.queryAllByLabelText(text, { exact: true });

describe('a form for each kind of evidence', () => {
  it('covers all nine kinds, in one table', () => {
    expect(Object.keys(KIND_FORMS).sort()).toEqual(EVIDENCE_KINDS.map((k) => k.id).sort());
  });

  it.each(EVIDENCE_KINDS.map((k) => [k.id, k.label] as const))(
    '%s: shows its own fields and saves every value it shows',
    async (kind, label) => {
      const book = await makeFieldbook();
      const caseId = await book.repo.create('childCase', book.inspection.id, {
        caseRef: 'NS-1',
        selection: 'tracked',
      });
      const user = userEvent.setup();
      renderRoutes(book, CAPTURE_ROUTES, `/i/${book.inspection.id}/evidence/new`);
      await user.click(await screen.findByLabelText(label));
      await user.click(screen.getByRole('button', { name: 'Continue' }));
      await screen.findByRole('heading', { level: 1, name: label });
      await screen.findAllByLabelText(/./);
      const expected = EXPECTED[kind];
      await waitFor(() => {
        for (const shown of expected.shows) expect(labelled(shown), shown).toHaveLength(1);
      });
      for (const hidden of expected.hides) expect(labelled(hidden), hidden).toHaveLength(0);

      const notesLabel = kind === 'shadowing-observation' ? 'Summary (optional)' : 'Notes';
      await user.type(screen.getByLabelText(notesLabel), `Notes for ${kind}`);
      if (expected.agency)
        await user.selectOptions(screen.getByLabelText(expected.agency), 'school');
      if (expected.role) await user.type(screen.getByLabelText(expected.role), 'Head teacher');
      if (kind === 'document-review')
        await user.type(screen.getByLabelText('Kind of document'), 'Audit of strategy discussions');
      if (expected.shows.includes('NS-1')) await user.click(screen.getByLabelText('NS-1'));
      await user.click(screen.getByLabelText('The quality of practice'));
      await user.click(screen.getByLabelText('Strength'));
      await user.click(screen.getByLabelText('Official-sensitive'));
      await user.click(screen.getByRole('button', { name: 'Mark as final' }));

      await waitFor(async () => {
        const [row] = await book.db.evidence.toArray();
        expect(row!.fields).toEqual({
          kind,
          occurredAt: expect.stringMatching(/^2026-11-26T09:00:\d\d\.000Z$/),
          status: 'final',
          text: `Notes for ${kind}`,
          ...(expected.agency ? { agency: 'school' } : {}),
          ...(expected.role ? { role: 'Head teacher' } : {}),
          ...(kind === 'document-review' ? { documentType: 'Audit of strategy discussions' } : {}),
          ...(expected.shows.includes('NS-1') ? { caseIds: [caseId] } : {}),
          judgementIds: ['quality-of-practice'],
          evaluation: 'strength',
          sensitivity: 'official-sensitive',
        });
      });
    },
  );

  it('shows what to look for under each judgement area, from the framework file', async () => {
    const book = await makeFieldbook();
    const id = await book.repo.create('evidence', book.inspection.id, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
    });
    renderRoutes(book, CAPTURE_ROUTES, `/i/${book.inspection.id}/evidence/${id}`);
    const framework = FRAMEWORKS.find((f) => f.id === book.inspection.framework.id)!;
    for (const judgement of framework.judgements) {
      const box = await screen.findByLabelText(judgement.title);
      // The prompts are the checkbox's description: read out with it, shown under it.
      const hint = document.getElementById(box.getAttribute('aria-describedby') ?? '')!;
      for (const prompt of judgement.prompts ?? []) expect(hint.textContent).toContain(prompt);
      expect(judgement.prompts?.length).toBeGreaterThan(0);
    }
  });
});
