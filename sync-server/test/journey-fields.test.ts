import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { id, makeWorld, op, snapshot, storeKinds, type World } from './world';

/**
 * §4.1 fields added in schema version 2: `route` only on `permanence-achieved`, `outOfArea` only
 * on `placement`, and a judgement draft's cited figures. A wrong one is `invalid` and changes
 * nothing, on either store; a right one is applied and pulled back as sent.
 */
describe.each(storeKinds())('[S3] journey fields of schema version 2 on %s', (kind) => {
  let w: World;
  let caseId: string;
  beforeAll(async () => {
    w = await makeWorld(kind);
    const caseOp = op(w.inspectionId);
    caseId = caseOp.entityId;
    expect((await w.push(w.ann, [caseOp])).body.results[0].status).toBe('applied');
  });
  afterAll(() => w.close());

  const push = async (
    fields: Record<string, unknown>,
    entityId = id(),
    entity = 'journeyEvent',
    base: Record<string, number> = {},
  ) =>
    (await w.push(w.lead, [op(w.inspectionId, { entity, entityId, fields, base })])).body
      .results[0] as {
      status: string;
      reason?: string;
      seq?: number;
    };
  const rejected = async (fields: Record<string, unknown>, entityId?: string, entity?: string) => {
    const before = await snapshot(w.store);
    expect(await push(fields, entityId, entity)).toMatchObject({
      status: 'rejected',
      reason: 'invalid',
    });
    expect(await snapshot(w.store)).toEqual(before);
  };
  const event = (stage: string, extra: Record<string, unknown> = {}) => ({
    caseId,
    stage,
    date: '2026-06-01',
    ...extra,
  });

  it('[S3] applies a route on permanence and out-of-area on a placement, and pulls them back', async () => {
    const permanence = id();
    expect(
      await push(event('permanence-achieved', { route: 'special-guardianship' }), permanence),
    ).toMatchObject({ status: 'applied' });
    const placement = id();
    expect(await push(event('placement', { outOfArea: true }), placement)).toMatchObject({
      status: 'applied',
    });
    for (const stage of [
      'cp-review-conference',
      'placement-order',
      'matched-with-adopters',
      'placed-for-adoption',
      'adoption-order',
    ])
      expect(await push(event(stage))).toMatchObject({ status: 'applied' });
    const rows = (await w.pull(w.ann)).body.rows as {
      id: string;
      fields: Record<string, unknown>;
    }[];
    expect(rows.find((r) => r.id === permanence)?.fields.route).toBe('special-guardianship');
    expect(rows.find((r) => r.id === placement)?.fields.outOfArea).toBe(true);
  });

  it('[S3] rejects a route on another stage, a route not in the list, and out-of-area off a placement', async () => {
    await rejected(event('referral', { route: 'adoption' }));
    await rejected(event('permanence-achieved', { route: 'fostering-for-ever' }));
    await rejected(event('looked-after-review', { outOfArea: true }));
    await rejected(event('placement', { outOfArea: 'yes' }));
    await rejected(event('adoption-agency-panel'));
  });

  it('[S3] judges a change against the row: a route added to a referral, or a stage moved from under its route', async () => {
    const referral = id();
    expect(await push(event('referral'), referral)).toMatchObject({ status: 'applied' });
    await rejected({ route: 'adoption' }, referral);
    const permanence = id();
    const made = await push(event('permanence-achieved', { route: 'adoption' }), permanence);
    expect(made).toMatchObject({ status: 'applied' });
    await rejected({ stage: 'placement' }, permanence);
    // moving the stage while clearing the route is fine
    expect(
      await push(
        { stage: 'placement', route: null, outOfArea: false },
        permanence,
        'journeyEvent',
        {
          stage: made.seq!,
          route: made.seq!,
        },
      ),
    ).toMatchObject({ status: 'applied' });
  });

  it('[S3] keeps a cited journey figure on a judgement draft as it was cited', async () => {
    const figure = {
      key: 'step:cp-initial-conference',
      text: "4 of 12 tracked children's initial conferences were late",
      count: 4,
      of: 12,
      asOf: '2026-03-04',
      citedAt: '2026-03-04T18:00:00.000Z',
    };
    const draft = id();
    expect(
      await push(
        { judgementId: 'help-and-protection', state: 'draft', figures: [figure] },
        draft,
        'judgementDraft',
      ),
    ).toMatchObject({ status: 'applied' });
    const rows = (await w.pull(w.ann)).body.rows as {
      id: string;
      fields: Record<string, unknown>;
    }[];
    expect(rows.find((r) => r.id === draft)?.fields.figures).toEqual([figure]);
    await rejected(
      { judgementId: 'leadership', state: 'draft', figures: [{ ...figure, count: -1 }] },
      id(),
      'judgementDraft',
    );
    await rejected(
      { judgementId: 'leadership', state: 'draft', figures: [{ ...figure, extra: 1 }] },
      id(),
      'judgementDraft',
    );
  });
});
