import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES } from '../../src/domain/admin';
import {
  addPerson,
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

  it('[S3] a concern records the referral reference and the role of the person who took it', async () => {
    const concern = {
      raisedAt: '2026-03-02T11:00:00.000Z',
      concern: 'Child left alone overnight.',
      status: 'referred',
      referredTo: 'childrens-social-care',
      referredAt: '2026-03-02T11:05:00.000Z',
      referralReference: 'MASH-2026-00417',
      referralTakenBy: 'Duty social worker',
    };
    const { entityId, result } = await push(w.ann, 'safeguardingConcern', concern);
    expect(result.status).toBe('applied');
    expect(await pulled(w.lead, entityId)).toMatchObject({
      referralReference: 'MASH-2026-00417',
      referralTakenBy: 'Duty social worker',
    });
    await expectInvalid(w.ann, 'safeguardingConcern', { ...concern, referralReference: 417 });
    await expectInvalid(w.ann, 'safeguardingConcern', {
      ...concern,
      referralTakenBy: 'x'.repeat(201),
    });
  });

  it('the coordinator records the safeguarding numbers; /api/me gives them to the team', async () => {
    const coordinator = await addPerson(w.store, `coord-${id().slice(0, 8)}`, w.clock, true);
    const put = (body: object, who: Person = coordinator) =>
      w.http
        .put(ADMIN_ROUTES.inspectionContacts(w.inspectionId))
        .set('Authorization', `Bearer ${who.token}`)
        .send(body);
    const numbers = {
      frontDoor: '0300 123 4567',
      outOfHours: '0300 765 4321',
      lado: '01632 960 001',
    };
    const ok = await put(numbers);
    expect(ok.status).toBe(200);
    expect(ok.body.inspection.contacts).toEqual(numbers);

    const me = await w.http.get('/api/me').set('Authorization', `Bearer ${w.ann.token}`);
    const mine = me.body.inspections.find((i: { id: string }) => i.id === w.inspectionId);
    expect(mine.contacts).toEqual(numbers);

    // [S10] Bad input is a 400 naming the field, and changes nothing; an inspector is refused.
    const bad = await put({ ...numbers, lado: 'call Sam' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'bad-request' });
    expect(JSON.stringify(bad.body.error.details.issues)).toContain('lado');
    expect((await put({ ...numbers, fax: '0' })).status).toBe(400);
    expect((await put(numbers, w.ann)).status).toBe(403);
    expect((await w.store.inspectionById(w.inspectionId))?.contacts).toEqual(numbers);

    // The whole set at once: a number left out is cleared.
    const cleared = await put({ frontDoor: '0300 123 4567' });
    expect(cleared.body.inspection.contacts).toEqual({ frontDoor: '0300 123 4567' });
  });
});
