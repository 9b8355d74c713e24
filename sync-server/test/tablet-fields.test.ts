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
});
