import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, frameworkById } from '../domain';
import { openDatabase, type FieldbookDB } from './database';
import { RecordNotFoundError } from './errors';
import { forgetInspection } from './forget';
import { saveServerInspections } from './inspections';
import { dismissNotice, listNotices } from './notices';
import { countUnsent, settleBatch, takeBatch } from './outbox';
import { listRefused } from './refused';
import { createRepository } from './repository';

const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const AT = '2026-11-26T10:00:00.000Z';
const NOTE = {
  kind: 'case-tracking-note',
  occurredAt: '2026-11-26T09:00:00.000Z',
  status: 'draft',
  text: 'The health visitor was not invited.',
} as const;
const LATER = 'The health visitor was not invited. Her next visit is Friday.';

let db: FieldbookDB;
let name: string;
let counter = 0;
beforeEach(async () => {
  name = `kept-on-leaving-${++counter}`;
  db = openDatabase(name);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});
const repo = () => createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9), 1000) });

const storeInspection = (
  status: 'fieldwork' | 'reported' = 'fieldwork',
  team: { userId: string; name: string; inspectorate: string; role: 'lead' | 'inspector' }[] = [],
) =>
  saveServerInspections(db, [
    {
      id: INSPECTION,
      frameworkId: 'cp-joint-2012',
      area: 'Moorside Borough',
      startsOn: '2026-11-23',
      endsOn: '2026-12-04',
      status,
      team,
      framework: frameworkById('cp-joint-2012')!,
    },
  ]);

/** Everything unsent reaches the server and is acknowledged: nothing of the note waits. */
const pushAll = async () => {
  const batch = await takeBatch(db, 500, 1e6);
  await settleBatch(
    db,
    batch,
    batch.map((op, i) => ({ opId: op.opId, status: 'applied' as const, seq: 10 + i })),
  );
  expect(await countUnsent(db)).toBe(0);
};

/** A note written, sent and acknowledged, then its inspection left the device. */
const syncedNoteThenForgotten = async (why: 'removed-from-team' | 'reported') => {
  const r = repo();
  await storeInspection(why === 'reported' ? 'reported' : 'fieldwork');
  const id = await r.create('evidence', INSPECTION, { ...NOTE });
  await pushAll();
  await forgetInspection(db, INSPECTION, why, AT);
  return { r, id };
};

describe('words saved after a record left the device with nothing unsent', () => {
  it('[S6a] removed from the team: the editor’s last save is kept as a refused change that names the note', async () => {
    const { id } = await syncedNoteThenForgotten('removed-from-team');
    // A page that never wrote the note (opened after a reload): only the editor knows what it was.
    await repo().update(
      'evidence',
      id,
      { text: LATER },
      { inspectionId: INSPECTION, fields: { ...NOTE } },
    );
    const [change, ...more] = await listRefused(db);
    expect(more).toEqual([]);
    expect(change!.op).toMatchObject({
      entity: 'evidence',
      entityId: id,
      inspectionId: INSPECTION,
      kind: 'put',
      state: 'rejected',
      reason: 'forbidden',
      // Kind and time name it on the refused page; the words are the ones typed.
      fields: { kind: NOTE.kind, occurredAt: NOTE.occurredAt, status: 'draft', text: LATER },
    });
    expect(change!.row).toBeUndefined();
    // The notice counts it: it no longer says everything had reached the server.
    expect((await listNotices(db)).map((n) => n.refused)).toEqual([1]);
    expect(await db.evidence.get(id)).toBeUndefined();
    // Kept as refused, never sent.
    expect(await countUnsent(db)).toBe(0);
  });

  it('[§4.3] reported: the page that wrote the note keeps the words typed since its last sync', async () => {
    const { r, id } = await syncedNoteThenForgotten('reported');
    // This page wrote the note, so it knows it without the editor saying.
    await r.update('evidence', id, { text: LATER });
    const changes = await listRefused(db);
    expect(changes.map((c) => c.op.fields)).toEqual([{ ...NOTE, text: LATER }]);
  });

  it('[S6a] a record gone for another reason is still not found, and nothing is kept', async () => {
    const r = repo();
    await storeInspection();
    const id = await r.create('evidence', INSPECTION, { ...NOTE });
    await pushAll();
    const shown = { inspectionId: INSPECTION, fields: { ...NOTE } };
    // Deleted by its author: the row stays, marked deleted.
    await r.remove('evidence', id);
    await expect(r.update('evidence', id, { text: LATER }, shown)).rejects.toThrow(
      RecordNotFoundError,
    );
    // Gone from a device that still has its inspection (a bug, another tab's discard).
    await db.evidence.delete(id);
    await expect(r.update('evidence', id, { text: LATER }, shown)).rejects.toThrow(
      RecordNotFoundError,
    );
    expect(await listRefused(db)).toEqual([]);
  });

  it('[S6a] once the inspection is back, or its departure was never recorded, the words are not taken for refused', async () => {
    const { r, id } = await syncedNoteThenForgotten('removed-from-team');
    const shown = { inspectionId: INSPECTION, fields: { ...NOTE } };
    await storeInspection(); // put back on the team: the rows come again with the next pull
    await expect(r.update('evidence', id, { text: LATER }, shown)).rejects.toThrow(
      RecordNotFoundError,
    );
    await db.inspections.clear();
    for (const notice of await listNotices(db)) await dismissNotice(db, notice.id);
    await expect(r.update('evidence', id, { text: LATER }, shown)).rejects.toThrow(
      RecordNotFoundError,
    );
    expect(await listRefused(db)).toEqual([]);
  });
});
