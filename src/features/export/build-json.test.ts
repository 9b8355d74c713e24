import { describe, expect, it } from 'vitest';
import { SyncRowSchema } from '../../domain';
import { makeFieldbook } from '../../../tests/support/unit/fieldbook';
import { listRows } from '../../db';
import { buildRecordJson, RECORD_FORMAT, wireRows } from './build-json';
import type { RecordInput } from './record-model';

describe('record JSON', () => {
  it('is valid JSON of wire rows (S6) for every entity on the device', async () => {
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    const caseId = await fb.repo.create('childCase', id, {
      caseRef: '100234',
      selection: 'tracked',
    });
    await fb.repo.create('journeyEvent', id, { caseId, stage: 'referral', date: '2026-10-01' });
    const evidenceId = await fb.repo.create('evidence', id, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-24T10:00:00.000Z',
      status: 'final',
      text: 'Quotes "here", commas, and\nnew lines',
      sensitivity: 'official-sensitive',
    });
    await fb.repo.create('review', id, { evidenceId, state: 'reviewed' });
    await fb.repo.create('judgementDraft', id, {
      judgementId: 'overall',
      grade: 'good',
      evidenceIds: [evidenceId],
      state: 'draft',
    });
    await fb.repo.create('safeguardingConcern', id, {
      raisedAt: '2026-11-24T12:00:00.000Z',
      concern: 'Bruising seen on a home visit',
      status: 'open',
    });
    await fb.repo.create('teamMeeting', id, { date: '2026-11-24', plan: 'See the MASH' });
    const input: RecordInput = {
      inspection: fb.inspection,
      evidence: await listRows(fb.db, 'evidence', id),
      cases: await listRows(fb.db, 'childCase', id),
      journeyEvents: await listRows(fb.db, 'journeyEvent', id),
      reviews: await listRows(fb.db, 'review', id),
      drafts: await listRows(fb.db, 'judgementDraft', id),
      concerns: await listRows(fb.db, 'safeguardingConcern', id),
      meetings: await listRows(fb.db, 'teamMeeting', id),
    };

    const text = await buildRecordJson(input, '2026-11-26T18:00:00.000Z', {
      chunkSize: 2,
      pause: async () => {},
    });
    const parsed = JSON.parse(text) as Record<string, unknown> & { rows: unknown[] };
    expect(parsed).toMatchObject({
      format: RECORD_FORMAT,
      formatVersion: 1,
      marking: 'OFFICIAL-SENSITIVE',
      exportedAt: '2026-11-26T18:00:00.000Z',
      inspection: { id, area: 'Northshire', frameworkId: 'cp-joint-2012' },
    });
    expect(parsed.rows).toHaveLength(7);
    const rows = parsed.rows.map((r) => SyncRowSchema.parse(r));
    expect(rows.map((r) => r.entity).sort()).toEqual(
      [
        'childCase',
        'evidence',
        'journeyEvent',
        'judgementDraft',
        'review',
        'safeguardingConcern',
        'teamMeeting',
      ].sort(),
    );
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(
        [
          'author',
          'conflicts',
          'createdAt',
          'deleted',
          'entity',
          'fields',
          'id',
          'inspectionId',
          'seq',
          'updatedAt',
          'versions',
        ].sort(),
      );
      expect(r.inspectionId).toBe(id);
    }
    expect(rows.find((r) => r.entity === 'judgementDraft')!.fields).toMatchObject({
      grade: 'good',
    });
    // Chunked building gives the same text as one stringify of the same rows.
    expect(parsed.rows).toEqual(JSON.parse(JSON.stringify(wireRows(input))));
  });
});
