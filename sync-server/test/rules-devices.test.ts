import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFLICT_VALUES_MAX } from '../../src/domain/conflicts';
import { evidenceFields, id, makeWorld, notePgSkipped, op, snapshot, storeKinds } from './world';
import type { World } from './world';

/** S5a, S5b, S5c over HTTP, on SQLite and (with DATABASE_URL) PostgreSQL. */
notePgSkipped('rules-devices');

type Result = { status: string; seq?: number; reason?: string };

describe.each(storeKinds())('one device, many devices (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld(kind);
  });
  afterAll(() => w.close());

  const tablet = () => id();
  const results = (res: { body: { results: Result[] } }) => res.body.results;
  const row = async (entityId: string) => (await w.store.rowById(entityId))!;

  it('[S5a] two ops of one record in one push never conflict', async () => {
    const device = tablet();
    const create = op(w.inspectionId, { entity: 'evidence', fields: evidenceFields() });
    const edit = op(w.inspectionId, {
      entity: 'evidence',
      entityId: create.entityId,
      fields: { text: 'Social worker described the strategy discussion and the plan.' },
      base: { text: 0 },
    });
    const res = await w.push(w.ann, [create, edit], device);
    expect(results(res).map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await row(create.entityId)).conflicts).toEqual({});
  });

  it('[S5a] a note edited offline in three pushes whose answers were lost never conflicts', async () => {
    const device = tablet();
    const create = op(w.inspectionId, { entity: 'evidence', fields: evidenceFields() });
    const edit = (fields: Record<string, unknown>) =>
      op(w.inspectionId, {
        entity: 'evidence',
        entityId: create.entityId,
        fields,
        // Never saw an answer: every base is what the device had, 0 for each field.
        base: Object.fromEntries(Object.keys(fields).map((f) => [f, 0])),
      });
    const sittings = [
      [create],
      [edit({ text: 'Half a sent' })],
      [edit({ text: 'Half a sentence, then the rest.', status: 'final' })],
    ];
    // Each push is resent with everything before it, as the engine does after a lost answer.
    const sent: unknown[] = [];
    const statuses: string[] = [];
    for (const ops of sittings) {
      sent.push(...ops);
      statuses.push(...results(await w.push(w.ann, sent, device)).map((r) => r.status));
    }
    expect(statuses).toEqual([
      'applied',
      'duplicate',
      'applied',
      'duplicate',
      'duplicate',
      'applied',
    ]);
    const stored = await row(create.entityId);
    expect(stored.fields).toMatchObject({
      text: 'Half a sentence, then the rest.',
      status: 'final',
    });
    expect(stored.conflicts).toEqual({});
  });

  it("[S5a] a second device's concurrent edit is a conflict that keeps both values", async () => {
    const annTablet = tablet();
    const create = op(w.inspectionId, {
      fields: { caseRef: 'LA-3001', selection: 'tracked', status: 'child-in-need' },
    });
    const [created] = results(await w.push(w.ann, [create], annTablet));
    const seen = created!.seq!;
    const mine = op(w.inspectionId, {
      entityId: create.entityId,
      fields: { status: 'child-protection-plan' },
      base: { status: seen },
    });
    const theirs = op(w.inspectionId, {
      entityId: create.entityId,
      fields: { status: 'looked-after' },
      base: { status: seen },
    });
    expect(results(await w.push(w.ann, [mine], annTablet))[0]?.status).toBe('applied');
    expect(results(await w.push(w.ben, [theirs], tablet()))[0]?.status).toBe('conflict');
    const stored = await row(create.entityId);
    expect(stored.fields.status).toBe('looked-after');
    expect(stored.conflicts.status).toEqual([
      expect.objectContaining({ value: 'child-protection-plan', author: w.ann.id }),
    ]);
  });

  it('[S5a] the same user on a second tablet is a second device', async () => {
    const create = op(w.inspectionId);
    await w.push(w.ann, [create], tablet());
    const other = op(w.inspectionId, {
      entityId: create.entityId,
      fields: { caseRef: 'LA-1001b' },
      base: { caseRef: 0 },
    });
    expect(results(await w.push(w.ann, [other], tablet()))[0]?.status).toBe('conflict');
  });

  it('[S5a] a delete after my own unacknowledged edit deletes the row', async () => {
    const device = tablet();
    const create = op(w.inspectionId);
    const edit = op(w.inspectionId, { entityId: create.entityId, fields: { initials: 'JB' } });
    const del = op(w.inspectionId, {
      entityId: create.entityId,
      kind: 'delete',
      fields: {},
      base: { _row: 0 },
    });
    const res = await w.push(w.ann, [create, edit, del], device);
    expect(results(res).map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect((await row(create.entityId)).deleted).toBe(true);
  });

  it('[S5b] a base above the version the server gave is invalid and changes nothing', async () => {
    const device = tablet();
    const create = op(w.inspectionId);
    const [created] = results(await w.push(w.ann, [create], device));
    const before = await snapshot(w.store);
    const ahead = op(w.inspectionId, {
      entityId: create.entityId,
      fields: { initials: 'ZZ' },
      base: { initials: created!.seq! },
    });
    const rowAhead = op(w.inspectionId, {
      entityId: create.entityId,
      kind: 'delete',
      fields: {},
      base: { _row: created!.seq! + 1 },
    });
    const res = await w.push(w.ann, [ahead, rowAhead], device);
    expect(results(res)).toEqual([
      { opId: ahead.opId, status: 'rejected', reason: 'invalid' },
      { opId: rowAhead.opId, status: 'rejected', reason: 'invalid' },
    ]);
    expect(await snapshot(w.store)).toEqual(before);
  });

  it('[S5c] an equal value is no conflict; a value kept twice is one entry, newest author', async () => {
    const create = op(w.inspectionId);
    await w.push(w.ann, [create], tablet());
    const put = (initials: string) =>
      op(w.inspectionId, { entityId: create.entityId, fields: { initials }, base: {} });
    const statuses: string[] = [];
    for (const [who, initials] of [
      [w.ann, 'AA'],
      [w.ben, 'AA'], // replaces AA with AA: no conflict
      [w.lead, 'BB'], // keeps AA (ben's, the newest author of it)
      [w.ann, 'AA'], // keeps BB
      [w.ben, 'CC'], // keeps AA again: one entry, now ann's
    ] as const) {
      statuses.push(results(await w.push(who, [put(initials)], tablet()))[0]!.status);
    }
    expect(statuses).toEqual(['applied', 'applied', 'conflict', 'conflict', 'conflict']);
    const stored = await row(create.entityId);
    expect(stored.fields.initials).toBe('CC');
    expect(stored.conflicts.initials?.map((c) => [c.value, c.author])).toEqual([
      ['BB', w.lead.id],
      ['AA', w.ann.id],
    ]);
  });

  it('[S5c] at most 20 values per field stay on the row; the history keeps every one', async () => {
    const create = op(w.inspectionId);
    await w.push(w.ann, [create], tablet());
    const writes = CONFLICT_VALUES_MAX + 5;
    for (let i = 0; i < writes; i += 1) {
      const put = op(w.inspectionId, {
        entityId: create.entityId,
        fields: { initials: `V${i}` },
        base: {},
      });
      await w.push(i % 2 ? w.ann : w.ben, [put], tablet());
    }
    const stored = await row(create.entityId);
    expect(stored.conflicts.initials?.map((c) => c.value)).toEqual(
      Array.from(
        { length: CONFLICT_VALUES_MAX },
        (_, i) => `V${i + writes - 1 - CONFLICT_VALUES_MAX}`,
      ),
    );
    const history = await w.store.history(create.entityId);
    expect(history).toHaveLength(writes + 1);
  });
});
