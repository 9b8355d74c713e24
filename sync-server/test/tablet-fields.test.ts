import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  evidenceFields,
  id,
  makeWorld,
  notePgSkipped,
  op,
  snapshot,
  storeKinds,
  type Person,
  type World,
} from './world';

// Issue 9's new optional wire fields, validated by the server with the shared zod schemas on
// both stores: a well-formed value is applied and pulled back as sent; a malformed one is
// `rejected` `invalid` and changes nothing (S3, S10).
notePgSkipped('tablet fields on PostgreSQL');

describe.each(storeKinds())('issue 9 fields on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld(kind);
  });
  afterAll(() => w.close());

  const push = async (who: Person, entity: string, fields: Record<string, unknown>) => {
    const entityId = id();
    const res = await w.push(who, [op(w.inspectionId, { entity, entityId, fields })]);
    expect(res.status).toBe(200);
    return { entityId, result: res.body.results[0] as { status: string; reason?: string } };
  };
  const pulled = async (who: Person, entityId: string) =>
    (await w.pull(who)).body.rows.find((r: { id: string }) => r.id === entityId)?.fields;
  const expectInvalid = async (who: Person, entity: string, fields: Record<string, unknown>) => {
    const before = await snapshot(w.store);
    const { result } = await push(who, entity, fields);
    expect(result).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(await snapshot(w.store)).toEqual(before);
  };

  it('[S3] evidence carries the kind of document a review read', async () => {
    const fields = evidenceFields({
      kind: 'document-review',
      documentType: 'Audit of strategy discussions',
    });
    const { entityId, result } = await push(w.ann, 'evidence', fields);
    expect(result.status).toBe('applied');
    expect(await pulled(w.lead, entityId)).toMatchObject({
      documentType: 'Audit of strategy discussions',
    });
    await expectInvalid(w.ann, 'evidence', evidenceFields({ documentType: 42 }));
    await expectInvalid(w.ann, 'evidence', evidenceFields({ documentType: 'x'.repeat(201) }));
  });

  it('[S3] [S8] a shadowing line carries its own tags, checked against the framework', async () => {
    const caseId = (await push(w.ann, 'childCase', { caseRef: 'LA-77', selection: 'tracked' }))
      .entityId;
    const at = '2026-03-02T10:16:00.000Z';
    const tagged = {
      at,
      text: 'Child seen alone',
      judgementIds: ['quality-of-practice'],
      evaluation: 'strength',
      caseIds: [caseId],
    };
    const lines = [{ at, text: 'Arrived' }, tagged];
    const shadowing = (l: unknown[]) =>
      evidenceFields({ kind: 'shadowing-observation', text: null, lines: l });
    const { entityId, result } = await push(w.ann, 'evidence', shadowing(lines));
    expect(result.status).toBe('applied');
    expect((await pulled(w.lead, entityId)).lines).toEqual(lines);

    await expectInvalid(w.ann, 'evidence', shadowing([{ ...tagged, evaluation: 'great' }]));
    await expectInvalid(w.ann, 'evidence', shadowing([{ ...tagged, caseIds: ['not-a-uuid'] }]));
    await expectInvalid(w.ann, 'evidence', shadowing([{ ...tagged, colour: 'red' }]));
    // A judgement area of another framework (lac-2012's "permanence") is not this inspection's.
    await expectInvalid(
      w.ann,
      'evidence',
      shadowing([{ ...tagged, judgementIds: ['permanence'] }]),
    );
  });
});
