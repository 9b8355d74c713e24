import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceFields, id, makeWorld, op, snapshot, type Person, type World } from './world';

/** S8: who may do what. Each rejection leaves the rows and the seq counter as they were. */
describe('[S8] who may do what', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });
  afterAll(() => w.close());

  const one = async (who: Person, input: Parameters<typeof op>[1]) => {
    const res = await w.push(who, [op(w.inspectionId, input)]);
    expect(res.status).toBe(200);
    return res.body.results[0] as { status: string; reason?: string; seq?: number };
  };
  const expectRejected = async (who: Person, input: Parameters<typeof op>[1], reason: string) => {
    const before = await snapshot(w.store);
    expect(await one(who, input)).toMatchObject({ status: 'rejected', reason });
    expect(await snapshot(w.store)).toEqual(before);
  };
  const evidenceBy = async (who: Person) => {
    const entityId = id();
    const r = await one(who, { entity: 'evidence', entityId, fields: evidenceFields() });
    expect(r.status).toBe('applied');
    return { entityId, seq: r.seq ?? 0 };
  };

  it('[S8] users write only inspections whose team they are on', async () => {
    await expectRejected(w.outsider, {}, 'forbidden');
    const res = await w.push(w.outsider, [op(w.otherInspectionId)]);
    expect(res.body.results[0].status).toBe('applied');
  });

  it('[S8] users see only rows of their inspections; the whole team sees every row', async () => {
    const { entityId } = await evidenceBy(w.ann);
    const ids = async (who: Person) =>
      (await w.pull(who)).body.rows.map((r: { id: string }) => r.id);
    expect(await ids(w.ben)).toContain(entityId);
    expect(await ids(w.lead)).toContain(entityId);
    expect(await ids(w.outsider)).not.toContain(entityId);
  });

  it('[S8] a row belongs to one inspection forever: inspection-mismatch', async () => {
    const outsiderCase = op(w.otherInspectionId);
    await w.push(w.outsider, [outsiderCase]);
    // A put naming her own inspection on a row of another one: the row does not move.
    await expectRejected(w.ann, { entityId: outsiderCase.entityId }, 'inspection-mismatch');
    const { entityId } = await evidenceBy(w.ann);
    const moved = await w.push(w.outsider, [
      op(w.otherInspectionId, { entity: 'evidence', entityId, fields: { status: 'final' } }),
    ]);
    expect(moved.body.results[0]).toMatchObject({
      status: 'rejected',
      reason: 'inspection-mismatch',
    });
  });

  it('[S8] evidence is changed or deleted only by its author; author is never writable', async () => {
    const { entityId, seq } = await evidenceBy(w.ann);
    await expectRejected(
      w.ben,
      { entity: 'evidence', entityId, fields: { text: 'x' }, base: { text: seq } },
      'forbidden',
    );
    await expectRejected(
      w.lead,
      { entity: 'evidence', entityId, kind: 'delete', fields: {}, base: { _row: seq } },
      'forbidden',
    );
    await expectRejected(
      w.ann,
      { entity: 'evidence', entityId, fields: { author: w.ben.id } },
      'field-not-writable',
    );
    expect(
      await one(w.ann, {
        entity: 'evidence',
        entityId,
        fields: { text: 'More' },
        base: { text: seq },
      }),
    ).toMatchObject({ status: 'applied' });
    const row = await w.store.rowById(entityId);
    expect(row?.author).toBe(w.ann.id);
  });

  it('[S8] child cases and journey events: any team member', async () => {
    const caseOp = op(w.inspectionId);
    expect((await w.push(w.ben, [caseOp])).body.results[0].status).toBe('applied');
    const journey = {
      entity: 'journeyEvent',
      fields: { caseId: caseOp.entityId, stage: 'referral', date: '2026-01-10' },
    };
    expect(await one(w.ann, journey)).toMatchObject({ status: 'applied' });
    expect(
      await one(w.lead, { entityId: caseOp.entityId, fields: { initials: 'KL' } }),
    ).toMatchObject({ status: 'applied' });
  });

  it('[S8] reviews: the lead; the evidence author may set only reply', async () => {
    const { entityId: evidenceId } = await evidenceBy(w.ann);
    const reviewFields = { evidenceId, state: 'follow-up', comment: 'Which agency?' };
    await expectRejected(w.ann, { entity: 'review', fields: reviewFields }, 'forbidden');
    const reviewId = id();
    const created = await one(w.lead, {
      entity: 'review',
      entityId: reviewId,
      fields: reviewFields,
    });
    expect(created.status).toBe('applied');
    expect(
      await one(w.ann, { entity: 'review', entityId: reviewId, fields: { reply: 'Police' } }),
    ).toMatchObject({ status: 'applied' });
    await expectRejected(
      w.ann,
      {
        entity: 'review',
        entityId: reviewId,
        fields: { state: 'reviewed' },
        base: { state: created.seq ?? 0 },
      },
      'field-not-writable',
    );
    await expectRejected(
      w.ben,
      { entity: 'review', entityId: reviewId, fields: { reply: 'Not mine' } },
      'forbidden',
    );
    await expectRejected(
      w.ann,
      { entity: 'review', entityId: reviewId, kind: 'delete', fields: {}, base: { _row: 999 } },
      'forbidden',
    );
  });

  it('[S8] judgement drafts and team meetings: the lead only', async () => {
    const draft = {
      entity: 'judgementDraft',
      fields: { judgementId: 'help-and-protection', grade: 'adequate', state: 'draft' },
    };
    await expectRejected(w.ann, draft, 'forbidden');
    expect(await one(w.lead, draft)).toMatchObject({ status: 'applied' });
    const meeting = {
      entity: 'teamMeeting',
      fields: { date: '2026-03-03', attendees: [w.ann.id], views: { leadership: 'Strong' } },
    };
    await expectRejected(w.ben, meeting, 'forbidden');
    expect(await one(w.lead, meeting)).toMatchObject({ status: 'applied' });
  });

  it('[S8] grades and judgement ids must belong to the inspection framework', async () => {
    await expectRejected(
      w.lead,
      { entity: 'judgementDraft', fields: { judgementId: 'permanence', state: 'draft' } },
      'invalid',
    );
    await expectRejected(
      w.lead,
      {
        entity: 'judgementDraft',
        fields: { judgementId: 'overall', grade: 'requires-improvement', state: 'draft' },
      },
      'invalid',
    );
    await expectRejected(
      w.ann,
      { entity: 'evidence', fields: evidenceFields({ judgementIds: ['outcomes'] }) },
      'invalid',
    );
    await expectRejected(
      w.lead,
      { entity: 'teamMeeting', fields: { date: '2026-03-03', views: { permanence: 'x' } } },
      'invalid',
    );
    expect(
      await one(w.ann, {
        entity: 'evidence',
        fields: evidenceFields({ judgementIds: ['quality-of-practice'] }),
      }),
    ).toMatchObject({ status: 'applied' });
  });

  it('[S8] each inspection is judged against its own framework, whichever was judged before', async () => {
    // judge.ts keeps each framework's ids once made: a push on one framework must not leave its
    // ids standing in for another's. lac-2012 has `permanence` and not `help-and-protection`.
    const tagged = async (who: Person, inspectionId: string, judgementIds: string[]) => {
      const res = await w.push(who, [
        op(inspectionId, { entity: 'evidence', fields: evidenceFields({ judgementIds }) }),
      ]);
      expect(res.status).toBe(200);
      return res.body.results[0] as { status: string; reason?: string };
    };
    expect(await tagged(w.ann, w.inspectionId, ['help-and-protection'])).toMatchObject({
      status: 'applied',
    });
    expect(await tagged(w.outsider, w.otherInspectionId, ['permanence'])).toMatchObject({
      status: 'applied',
    });
    expect(await tagged(w.outsider, w.otherInspectionId, ['help-and-protection'])).toMatchObject({
      status: 'rejected',
      reason: 'invalid',
    });
    expect(await tagged(w.ann, w.inspectionId, ['permanence'])).toMatchObject({
      status: 'rejected',
      reason: 'invalid',
    });
  });

  it('[S8] references must be rows of the same inspection', async () => {
    await expectRejected(
      w.ann,
      { entity: 'journeyEvent', fields: { caseId: id(), stage: 'referral', date: '2026-01-10' } },
      'invalid',
    );
    const { entityId: evidenceId } = await evidenceBy(w.ann);
    // An evidence id is not a case id, even in the same inspection.
    await expectRejected(
      w.ann,
      {
        entity: 'safeguardingConcern',
        fields: {
          raisedAt: '2026-03-02T11:00:00Z',
          concern: 'x',
          status: 'open',
          caseId: evidenceId,
        },
      },
      'invalid',
    );
    const foreign = op(w.otherInspectionId, { entity: 'evidence', fields: evidenceFields() });
    await w.push(w.outsider, [foreign]);
    await expectRejected(
      w.lead,
      { entity: 'review', fields: { evidenceId: foreign.entityId, state: 'reviewed' } },
      'invalid',
    );
  });

  it('[S8] safeguarding concerns: raised by anyone, changed by the raiser or the lead, closed by the lead', async () => {
    const concernId = id();
    const raised = await one(w.ben, {
      entity: 'safeguardingConcern',
      entityId: concernId,
      fields: {
        raisedAt: '2026-03-02T11:00:00Z',
        concern: 'Bruising seen on a home visit',
        status: 'open',
      },
    });
    expect(raised.status).toBe('applied');
    expect(
      await one(w.ben, {
        entity: 'safeguardingConcern',
        entityId: concernId,
        fields: { status: 'referred', referredTo: 'childrens-social-care' },
        base: { status: raised.seq ?? 0 },
      }),
    ).toMatchObject({ status: 'applied' });
    await expectRejected(
      w.ann,
      { entity: 'safeguardingConcern', entityId: concernId, fields: { concern: 'edit' } },
      'forbidden',
    );
    await expectRejected(
      w.ben,
      { entity: 'safeguardingConcern', entityId: concernId, fields: { status: 'closed' } },
      'field-not-writable',
    );
    await expectRejected(
      w.ann,
      {
        entity: 'safeguardingConcern',
        fields: { raisedAt: '2026-03-02T11:00:00Z', concern: 'x', status: 'closed' },
      },
      'field-not-writable',
    );
    await expectRejected(
      w.ben,
      {
        entity: 'safeguardingConcern',
        entityId: concernId,
        kind: 'delete',
        fields: {},
        base: { _row: 9999 },
      },
      'forbidden',
    );
    const row = await w.store.rowById(concernId);
    expect(
      await one(w.lead, {
        entity: 'safeguardingConcern',
        entityId: concernId,
        fields: { status: 'closed' },
        base: { status: row?.stamps.status?.seq ?? 0 },
      }),
    ).toMatchObject({ status: 'applied' });
  });
});
