import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain';
import { openDatabase, type FieldbookDB } from './database';
import { RecordNotFoundError } from './errors';
import { forgetInspection } from './forget';
import { countUnsent, settleBatch, takeBatch } from './outbox';
import { countRefused, discardRefused, listRefused, refusedOf } from './refused';
import { createRepository } from './repository';

const INSPECTION = '0190a000-0000-7000-8000-000000000001';
let db: FieldbookDB;
let name: string;
let counter = 0;
beforeEach(async () => {
  name = `refused-${++counter}`;
  db = openDatabase(name);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});
const repo = () => createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9), 1000) });

/** Pushes everything and has the server refuse the ops whose record ids are in `refuse`. */
const push = async (refuse: Set<string>, seq = 10) => {
  const batch = await takeBatch(db, 500, 1e6);
  await settleBatch(
    db,
    batch,
    batch.map((op, i) =>
      refuse.has(op.entityId)
        ? { opId: op.opId, status: 'rejected' as const, reason: 'forbidden' as const }
        : { opId: op.opId, status: 'applied' as const, seq: seq + i },
    ),
  );
};

describe('refused changes', () => {
  it('[S3] are counted and listed with their record until the user discards them', async () => {
    const r = repo();
    const kept = await r.create('childCase', INSPECTION, { caseRef: 'LA-1', selection: 'tracked' });
    const refused = await r.create('childCase', INSPECTION, {
      caseRef: 'LA-2',
      selection: 'sampled',
    });
    await push(new Set([refused]));
    expect(await countUnsent(db)).toBe(0);
    expect(await countRefused(db)).toBe(1);
    expect(await countRefused(db, INSPECTION)).toBe(1);
    const [change] = await listRefused(db);
    expect(change!.op).toMatchObject({ entityId: refused, reason: 'forbidden' });
    expect(change!.row?.fields).toMatchObject({ caseRef: 'LA-2' });
    expect(await refusedOf(db, refused)).toHaveLength(1);
    expect(await refusedOf(db, kept)).toHaveLength(0);

    await discardRefused(db, change!.op.opId);
    expect(await countRefused(db)).toBe(0);
    // The server never had this case and nothing else of it waits: it leaves with its op.
    expect(await db.childCases.get(refused)).toBeUndefined();
    expect(await db.childCases.get(kept)).toBeDefined();
  });

  it('a discarded edit takes back the values the server holds; a discarded delete is undone', async () => {
    const r = repo();
    const id = await r.create('childCase', INSPECTION, {
      caseRef: 'LA-1',
      selection: 'tracked',
      initials: 'AB',
    });
    await push(new Set());
    await r.update('childCase', id, { initials: 'XY', ageBand: '5-9' });
    await push(new Set([id]));
    const [edit] = await listRefused(db);
    // The server's values as the caller learnt them: initials as set, age band never set.
    await discardRefused(
      db,
      edit!.op.opId,
      new Map<string, unknown>([
        ['initials', 'AB'],
        ['ageBand', undefined],
      ]),
    );
    const back = (await db.childCases.get(id))!;
    expect(back.fields.initials).toBe('AB');
    expect('ageBand' in back.fields).toBe(false);

    await r.remove('childCase', id);
    await push(new Set([id]));
    const [removal] = await listRefused(db);
    await discardRefused(db, removal!.op.opId);
    expect((await db.childCases.get(id))!.deleted).toBe(false);
  });

  it('a discarded edit of a record the server has leaves the record in place', async () => {
    const r = repo();
    const id = await r.create('childCase', INSPECTION, { caseRef: 'LA-1', selection: 'tracked' });
    await push(new Set());
    await r.update('childCase', id, { initials: 'AB' });
    await push(new Set([id]));
    const [change] = await listRefused(db);
    await discardRefused(db, change!.op.opId);
    expect(await db.childCases.get(id)).toBeDefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('[S6a] words saved by an editor still open as its inspection left the device join its refused change', async () => {
    const r = repo();
    const id = await r.create('evidence', INSPECTION, {
      kind: 'case-tracking-note',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
      text: 'The health visitor was not invited.',
    });
    await forgetInspection(db, INSPECTION, 'removed-from-team', '2026-11-26T10:00:00.000Z');
    // The editor closes as the record goes, and saves what was typed last.
    await r.update('evidence', id, { text: 'The health visitor was not invited. Visit Friday.' });
    const changes = await listRefused(db);
    expect(changes.map((c) => c.op.fields.text)).toEqual([
      'The health visitor was not invited. Visit Friday.',
    ]);
    expect(await db.evidence.get(id)).toBeUndefined();
    // A record that is simply not here is still not found.
    await expect(r.update('evidence', INSPECTION, { text: 'x' })).rejects.toThrow(
      RecordNotFoundError,
    );
  });
});
