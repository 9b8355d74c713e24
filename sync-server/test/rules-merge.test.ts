import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceFields, id, makeWorld, op, snapshot, type World } from './world';

/** S1, S3, S4, S5 over HTTP against a real SQLite store. */
describe('push and merge', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });
  afterAll(() => w.close());

  const caseOf = async (
    fields = { caseRef: 'LA-2001', selection: 'tracked', status: 'child-in-need' },
  ) => {
    const create = op(w.inspectionId, { fields });
    const res = await w.push(w.ann, [create]);
    return { entityId: create.entityId, seq: res.body.results[0].seq as number };
  };

  it('[S1] rejects ids that are not UUIDs as invalid, without a seq', async () => {
    const before = await snapshot(w.store);
    const res = await w.push(w.ann, [
      { ...op(w.inspectionId), entityId: 'case-1' },
      { ...op(w.inspectionId), opId: 'temp-1' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { opId: expect.any(String), status: 'rejected', reason: 'invalid' },
      { opId: null, status: 'rejected', reason: 'invalid' },
    ]);
    expect(await snapshot(w.store)).toEqual(before);
  });

  it('[S3] answers every op on its own, in op order', async () => {
    const good = op(w.inspectionId);
    const bad = op(w.inspectionId, { fields: { caseRef: '' } });
    const foreign = op(w.otherInspectionId);
    const res = await w.push(w.ann, [good, bad, foreign]);
    expect(res.body.results.map((r: { opId: string }) => r.opId)).toEqual([
      good.opId,
      bad.opId,
      foreign.opId,
    ]);
    expect(
      res.body.results.map((r: { status: string; reason?: string }) => r.reason ?? r.status),
    ).toEqual(['applied', 'invalid', 'forbidden']);
  });

  it('[S3] a retried op is a duplicate that names its original status, forever', async () => {
    const create = op(w.inspectionId);
    const first = await w.push(w.ann, [create]);
    const before = await snapshot(w.store);
    const again = await w.push(w.ann, [create]);
    const { opId, entity, entityId, inspectionId, kind, fields, base } = create;
    // The same op serialised with its keys in another order is still the same op.
    const reordered = await w.push(w.ann, [
      { base, fields, kind, inspectionId, entityId, entity, opId },
    ]);
    expect(first.body.results[0].status).toBe('applied');
    expect(again.body.results[0]).toEqual({
      opId: create.opId,
      status: 'duplicate',
      original: 'applied',
    });
    expect(reordered.body.results[0].status).toBe('duplicate');
    expect(await snapshot(w.store)).toEqual(before);
  });

  it('[S3] a retried rejected op is a duplicate with original rejected and its reason', async () => {
    const foreign = op(w.otherInspectionId);
    await w.push(w.ann, [foreign]);
    const again = await w.push(w.ann, [foreign]);
    expect(again.body.results[0]).toEqual({
      opId: foreign.opId,
      status: 'duplicate',
      original: 'rejected',
      reason: 'forbidden',
    });
  });

  it('[S3] the same opId from another user or with another body is rejected op-id-reused', async () => {
    const create = op(w.inspectionId);
    await w.push(w.ann, [create]);
    const before = await snapshot(w.store);
    const byBen = await w.push(w.ben, [create]);
    const changed = await w.push(w.ann, [
      { ...create, fields: { caseRef: 'LA-9', selection: 'sampled' } },
    ]);
    expect(byBen.body.results[0]).toEqual({
      opId: create.opId,
      status: 'rejected',
      reason: 'op-id-reused',
    });
    expect(changed.body.results[0]).toEqual({
      opId: create.opId,
      status: 'rejected',
      reason: 'op-id-reused',
    });
    expect(await snapshot(w.store)).toEqual(before);
  });

  it('[S3] the same op twice in one push is applied once', async () => {
    const create = op(w.inspectionId);
    const res = await w.push(w.ann, [create, create]);
    expect(res.body.results[1]).toEqual({
      opId: create.opId,
      status: 'duplicate',
      original: 'applied',
    });
  });

  it('[S2] a missing base entry means version 0: "I saw no value"', async () => {
    const { entityId } = await caseOf();
    // caseRef was set at create; an edit that names no base for it did not see that value.
    const blind = op(w.inspectionId, { entityId, fields: { caseRef: 'LA-2001b' }, base: {} });
    expect((await w.push(w.ben, [blind])).body.results[0].status).toBe('conflict');
    // A field nobody has set yet can be written with an empty base, cleanly.
    const fresh = op(w.inspectionId, { entityId, fields: { outOfArea: true }, base: {} });
    expect((await w.push(w.ben, [fresh])).body.results[0].status).toBe('applied');
  });

  it('[S4] every applied op gets its own seq; a field version is the seq that last set it', async () => {
    const { entityId, seq } = await caseOf();
    const edit = op(w.inspectionId, { entityId, fields: { initials: 'AB' }, base: {} });
    const res = await w.push(w.ann, [edit]);
    expect(res.body.results[0].seq).toBeGreaterThan(seq);
    const row = (await w.pull(w.ann, `?since=${seq - 1}`)).body.rows.find(
      (r: { id: string }) => r.id === entityId,
    );
    expect(row.seq).toBe(res.body.results[0].seq);
    expect(row.versions).toMatchObject({
      caseRef: seq,
      selection: seq,
      initials: res.body.results[0].seq,
    });
  });

  it('[S5] merges edits of different fields silently', async () => {
    const { entityId, seq } = await caseOf();
    const a = await w.push(w.ann, [
      op(w.inspectionId, { entityId, fields: { initials: 'CD' }, base: {} }),
    ]);
    const b = await w.push(w.ben, [
      op(w.inspectionId, { entityId, fields: { ageBand: '5-9' }, base: {} }),
    ]);
    expect([a.body.results[0].status, b.body.results[0].status]).toEqual(['applied', 'applied']);
    const row = (await w.store.rowById(entityId))!;
    expect(row.fields).toMatchObject({ initials: 'CD', ageBand: '5-9', caseRef: 'LA-2001' });
    expect(row.conflicts).toEqual({});
    expect(seq).toBeGreaterThan(0);
  });

  it('[S5] keeps both values when two inspectors edit the same field offline', async () => {
    const { entityId, seq } = await caseOf();
    const a = op(w.inspectionId, {
      entityId,
      fields: { status: 'child-protection-plan' },
      base: { status: seq },
    });
    const b = op(w.inspectionId, {
      entityId,
      fields: { status: 'looked-after' },
      base: { status: seq },
    });
    expect((await w.push(w.ann, [a])).body.results[0].status).toBe('applied');
    const second = await w.push(w.ben, [b]);
    expect(second.body.results[0].status).toBe('conflict');
    const row = (await w.store.rowById(entityId))!;
    expect(row.fields.status).toBe('looked-after');
    expect(row.conflicts.status).toEqual([
      { value: 'child-protection-plan', author: w.ann.id, at: expect.any(String), opId: a.opId },
    ]);
  });

  it('[S5] a resolve clears the conflict; a stale resolve is itself a conflict', async () => {
    // `initials` was not set on create: its version is 0, and a base above that is invalid (S5b).
    const { entityId, seq } = await caseOf();
    await w.push(w.ann, [
      op(w.inspectionId, { entityId, fields: { initials: 'EF' }, base: { initials: 0 } }),
    ]);
    const raced = await w.push(w.ben, [
      op(w.inspectionId, { entityId, fields: { initials: 'GH' }, base: { initials: 0 } }),
    ]);
    const current = raced.body.results[0].seq as number;
    const stale = await w.push(w.lead, [
      op(w.inspectionId, {
        entityId,
        kind: 'resolve',
        fields: { initials: 'EF' },
        base: { initials: 0 },
      }),
    ]);
    expect(stale.body.results[0].status).toBe('conflict');
    const fresh = await w.push(w.lead, [
      op(w.inspectionId, {
        entityId,
        kind: 'resolve',
        fields: { initials: 'EF' },
        base: { initials: stale.body.results[0].seq },
      }),
    ]);
    expect(fresh.body.results[0].status).toBe('applied');
    const row = (await w.store.rowById(entityId))!;
    expect(row.fields.initials).toBe('EF');
    expect(row.conflicts.initials).toBeUndefined();
    expect(current).toBeGreaterThan(seq);
  });

  it('[S5] a delete that did not see the latest change keeps the row and records _deleted', async () => {
    const { entityId, seq } = await caseOf();
    await w.push(w.ben, [
      op(w.inspectionId, { entityId, fields: { initials: 'IJ' }, base: { initials: 0 } }),
    ]);
    const del = await w.push(w.ann, [
      op(w.inspectionId, { entityId, kind: 'delete', fields: {}, base: { _row: seq } }),
    ]);
    expect(del.body.results[0].status).toBe('conflict');
    const row = (await w.store.rowById(entityId))!;
    expect(row.deleted).toBe(false);
    expect(row.conflicts._deleted?.[0]?.author).toBe(w.ann.id);
  });

  it('[S5] every accepted op stays in the operation log (revision history)', async () => {
    const evidenceId = id();
    const created = await w.push(w.ann, [
      op(w.inspectionId, { entity: 'evidence', entityId: evidenceId, fields: evidenceFields() }),
    ]);
    const seen = created.body.results[0].seq as number;
    await w.push(w.ann, [
      op(w.inspectionId, {
        entity: 'evidence',
        entityId: evidenceId,
        fields: { status: 'final' },
        base: { status: seen },
      }),
    ]);
    const res = await w.http
      .get(`/api/records/evidence/${evidenceId}/history`)
      .set('Authorization', `Bearer ${w.ben.token}`);
    expect(res.status).toBe(200);
    expect(
      res.body.history.map(
        (h: { kind: string; fields: object; author: string; status: string }) => [
          h.kind,
          h.author,
          h.status,
        ],
      ),
    ).toEqual([
      ['put', w.ann.id, 'applied'],
      ['put', w.ann.id, 'applied'],
    ]);
    expect(res.body.history[1].fields).toEqual({ status: 'final' });
    const outsider = await w.http
      .get(`/api/records/evidence/${evidenceId}/history`)
      .set('Authorization', `Bearer ${w.outsider.token}`);
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.code).toBe('forbidden');
  });
});
