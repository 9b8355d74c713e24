// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EVIDENCE_KINDS } from '../../domain';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { CAPTURE_ROUTES } from '../../../tests/support/unit/capture-routes';

describe('NewEvidencePage', () => {
  it.each(EVIDENCE_KINDS.map((k) => [k.id, k.label] as const))(
    'creates a %s as a draft at once and opens its editor',
    async (kind, label) => {
      const fb = await makeFieldbook();
      const user = userEvent.setup();
      const { router } = renderRoutes(fb, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/new`);
      await user.click(await screen.findByLabelText(label));
      await user.click(screen.getByRole('button', { name: 'Continue' }));
      expect(await screen.findByRole('heading', { level: 1, name: label })).toBeTruthy();
      const rows = await fb.db.evidence.toArray();
      expect(rows).toHaveLength(1);
      // Every default the editor shows is stored: "Official" is chosen on screen and in the row.
      expect(rows[0]!.fields).toMatchObject({ kind, status: 'draft', sensitivity: 'official' });
      expect((screen.getByRole('radio', { name: 'Official' }) as HTMLInputElement).checked).toBe(
        true,
      );
      expect(rows[0]!.fields.occurredAt).toMatch(/^2026-11-26T09:00:\d\d\.000Z$/);
      expect(router.state.location.pathname).toBe(`/i/${fb.inspection.id}/evidence/${rows[0]!.id}`);
    },
  );

  it('asks for a kind before creating anything', async () => {
    const fb = await makeFieldbook();
    const user = userEvent.setup();
    renderRoutes(fb, CAPTURE_ROUTES, `/i/${fb.inspection.id}/evidence/new`);
    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Select the kind of evidence');
    expect(await fb.db.evidence.count()).toBe(0);
  });

  it('starts at once from a link naming the kind and the child', async () => {
    const fb = await makeFieldbook();
    const caseId = await fb.repo.create('childCase', fb.inspection.id, {
      caseRef: 'NS-1042',
      selection: 'tracked',
    });
    renderRoutes(
      fb,
      CAPTURE_ROUTES,
      `/i/${fb.inspection.id}/evidence/new?kind=case-tracking-note&caseId=${caseId}`,
    );
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Case-tracking note' }),
    ).toBeTruthy();
    await waitFor(async () => {
      const rows = await fb.db.evidence.toArray();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.fields.caseIds).toEqual([caseId]);
    });
    expect(((await screen.findByLabelText('NS-1042')) as HTMLInputElement).checked).toBe(true);
  });
});
