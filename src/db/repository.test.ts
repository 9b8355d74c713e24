import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, isUuid, type SyncRow } from '../domain';
import {
  openDatabase,
  ROW_TABLES,
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V3,
  SCHEMA_V4,
  type FieldbookDB,
} from './database';
import { StorageFullError, ValidationError } from './errors';
import { applyPulledPage, countUnsent, settleBatch, takeBatch, toWireOp } from './outbox';
import { getMeta, META_KEYS } from './meta';
import { createRepository } from './repository';

const INSPECTION = '0190a000-0000-7000-8000-000000000001';
let db: FieldbookDB;
let name: string;
let counter = 0;

beforeEach(async () => {
  name = `test-${++counter}`;
  db = openDatabase(name);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

const repo = () => createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9), 1000) });
const note = {
  kind: 'practitioner-interview',
  occurredAt: '2026-11-26T09:00:00.000Z',
  status: 'draft',
} as const;

describe('repository writes (S2)', () => {
  it('[S2] a create writes the row and its put op in one transaction, with UUIDv7 ids and an empty base', async () => {
    const id = await repo().create('evidence', INSPECTION, {
      ...note,
      text: 'Met the allocated worker',
    });
    const row = await db.evidence.get(id);
    expect(row?.fields.text).toBe('Met the allocated worker');
    expect(row?.seq).toBe(0);
    const ops = await db.outbox.toArray();
    expect(ops).toHaveLength(1);
    expect(toWireOp(ops[0]!)).toEqual({
      opId: expect.any(String),
      entity: 'evidence',
      entityId: id,
      inspectionId: INSPECTION,
      kind: 'put',
      fields: { ...note, text: 'Met the allocated worker' },
      base: {},
    });
    expect(isUuid(id) && id[14]).toBe('7');
    expect(ops[0]!.opId[14]).toBe('7');
  });

  it('[S2] unsent edits of one record fold into one op that keeps the first base seen', async () => {
    const r = repo();
    const id = await r.create('evidence', INSPECTION, note);
    await r.update('evidence', id, { text: 'Met' });
    await r.update('evidence', id, { text: 'Met the worker', role: 'Social worker' });
    const ops = await db.outbox.toArray();
    expect(ops).toHaveLength(1);
    expect(ops[0]!.fields).toMatchObject({ text: 'Met the worker', role: 'Social worker' });
  });

  it('[S2] an op in flight is never rewritten: the next edit gets its own op with the versions seen', async () => {
    const r = repo();
    const id = await r.create('evidence', INSPECTION, note);
    const batch = await takeBatch(db, 500, 1_000_000);
    await r.update('evidence', id, { text: 'after the push began' });
    const ops = await db.outbox.orderBy('n').toArray();
    expect(ops.map((o) => [o.state, o.kind])).toEqual([
      ['sending', 'put'],
      ['pending', 'put'],
    ]);
    expect(ops[0]!.fields).toEqual(batch[0]!.fields);
    expect(ops[1]!.base).toEqual({ text: 0 });
  });

  it('[S2] a delete sends the row version it saw; a resolve sends the field version', async () => {
    const r = repo();
    const id = await r.create('childCase', INSPECTION, {
      caseRef: 'LA-1042',
      selection: 'tracked',
    });
    const batch = await takeBatch(db, 500, 1_000_000);
    await settleBatch(db, batch, [{ opId: batch[0]!.opId, status: 'applied', seq: 7 }]);
    await r.remove('childCase', id);
    const [del] = await db.outbox.toArray();
    expect(del).toMatchObject({ kind: 'delete', base: { _row: 7 }, fields: {} });
    expect((await db.childCases.get(id))?.deleted).toBe(true);
  });

  it('refuses a record the server would reject, before it reaches the outbox', async () => {
    await expect(
      repo().create('evidence', INSPECTION, { ...note, kind: 'gossip' } as never),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      repo().create('childCase', INSPECTION, { caseRef: '', selection: 'tracked' }),
    ).rejects.toThrow(ValidationError);
    expect(await db.outbox.count()).toBe(0);
  });

  it('turns a full disk into StorageFullError and writes nothing', async () => {
    const r = repo();
    const id = await r.create('evidence', INSPECTION, note);
    db.outbox.hook('updating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expect(r.update('evidence', id, { text: 'unsaved words' })).rejects.toBeInstanceOf(
      StorageFullError,
    );
    expect((await db.evidence.get(id))?.fields.text).toBeUndefined();
  });
});

describe('sync bookkeeping', () => {
  const serverRow = (id: string, fields: Record<string, unknown>, seq: number): SyncRow => ({
    entity: 'childCase',
    id,
    inspectionId: INSPECTION,
    seq,
    author: 'someone',
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    fields,
    versions: Object.fromEntries(Object.keys(fields).map((f) => [f, seq])),
    conflicts: {},
    deleted: false,
  });

  it('[S6] a pulled row never overwrites an unpushed edit, and the checkpoint lands with the page', async () => {
    const r = repo();
    const id = await r.create('childCase', INSPECTION, { caseRef: 'LA-1', selection: 'tracked' });
    const pushed = await takeBatch(db, 500, 1e6);
    await settleBatch(db, pushed, [{ opId: pushed[0]!.opId, status: 'applied', seq: 3 }]);
    await r.update('childCase', id, { initials: 'AB' });
    await applyPulledPage(
      db,
      [serverRow(id, { caseRef: 'LA-1', selection: 'sampled', initials: 'ZZ' }, 9)],
      { key: 'checkpoint', value: 9 },
    );
    const row = await db.childCases.get(id);
    expect(row?.fields).toMatchObject({ selection: 'sampled', initials: 'AB' });
    expect(row?.versions.selection).toBe(9);
    expect((await db.meta.get('checkpoint'))?.value).toBe(9);
  });

  it('a safeguarding concern and the case it names go in the first push, ahead of earlier notes', async () => {
    const r = repo();
    const earlier = await r.create('evidence', INSPECTION, note);
    const caseId = await r.create('childCase', INSPECTION, {
      caseRef: 'LA-9',
      selection: 'tracked',
    });
    await r.create('evidence', INSPECTION, note);
    const concern = await r.create('safeguardingConcern', INSPECTION, {
      raisedAt: '2026-11-26T10:00:00.000Z',
      concern: 'Bruising seen on a home visit',
      status: 'open',
      caseId,
    });
    const batch = await takeBatch(db, 2, 1e6);
    expect(batch.map((op) => op.entityId)).toEqual([caseId, concern]);
    expect((await takeBatch(db, 500, 1e6)).map((op) => op.entityId)).toContain(earlier);
  });

  it('[S3] accepted ops leave the outbox, rejected ones stay for the user', async () => {
    const r = repo();
    await r.create('childCase', INSPECTION, { caseRef: 'LA-1', selection: 'tracked' });
    await r.create('childCase', INSPECTION, { caseRef: 'LA-2', selection: 'tracked' });
    const batch = await takeBatch(db, 500, 1e6);
    const summary = await settleBatch(db, batch, [
      { opId: batch[0]!.opId, status: 'applied', seq: 1 },
      { opId: batch[1]!.opId, status: 'rejected', reason: 'forbidden' },
    ]);
    expect(summary).toEqual({ done: 1, rejected: 1 });
    expect(await countUnsent(db)).toBe(0);
    expect((await db.outbox.toArray()).map((o) => [o.state, o.reason])).toEqual([
      ['rejected', 'forbidden'],
    ]);
  });
});

describe('schema upgrades', () => {
  /** A row as an older version stored it, in clear. */
  const storedRow = (id: string, inspectionId = INSPECTION) => ({
    id,
    inspectionId,
    fields: note,
    seq: 0,
    versions: {},
    conflicts: {},
    author: 'a',
    createdAt: 'x',
    updatedAt: 'x',
    deleted: false,
  });

  it('upgrades a version 1 database to the current one: its ops become pending and the rows survive', async () => {
    const oldName = `upgrade-${++counter}`;
    const v1 = new Dexie(oldName);
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    await v1.table('evidence').add(storedRow('e1'));
    await v1.table('outbox').add({
      opId: 'o1',
      entity: 'evidence',
      entityId: 'e1',
      inspectionId: INSPECTION,
      kind: 'put',
      fields: note,
      base: {},
      createdAt: 'x',
    });
    v1.close();

    const upgraded = openDatabase(oldName);
    await upgraded.open();
    expect(upgraded.verno).toBe(5);
    expect((await upgraded.evidence.get('e1'))?.fields).toEqual(note);
    expect(await upgraded.outbox.where('state').equals('pending').count()).toBe(1);
    expect(await upgraded.teamMeetings.count()).toBe(0);
    upgraded.close();
    await Dexie.delete(oldName);
  });

  it('upgrades a version 2 database to the current one: its unsent ops are counted by inspection from the index', async () => {
    const oldName = `upgrade-${++counter}`;
    const v2 = new Dexie(oldName);
    v2.version(2).stores(SCHEMA_V2);
    await v2.open();
    await v2.table('teamMeetings').add(storedRow('m1'));
    await v2.table('outbox').bulkAdd(
      ['o1', 'o2'].map((opId, i) => ({
        opId,
        entity: 'evidence',
        entityId: `e${i}`,
        inspectionId: INSPECTION,
        kind: 'put',
        fields: note,
        base: {},
        createdAt: 'x',
        state: i === 0 ? 'pending' : 'sending',
      })),
    );
    v2.close();

    const upgraded = openDatabase(oldName);
    await upgraded.open();
    expect(upgraded.verno).toBe(5);
    expect(
      await upgraded.outbox.where('[inspectionId+state]').equals([INSPECTION, 'pending']).count(),
    ).toBe(1);
    expect((await upgraded.teamMeetings.get('m1'))?.fields).toEqual(note);
    upgraded.close();
    await Dexie.delete(oldName);
  });

  it('drops the unused updatedAt indexes from a version 3 database: the rows survive and are still found by inspection', async () => {
    const oldName = `upgrade-${++counter}`;
    const v3 = new Dexie(oldName);
    v3.version(3).stores(SCHEMA_V3);
    await v3.open();
    await v3.table('evidence').bulkAdd([storedRow('e1'), storedRow('e2', 'other')]);
    await v3.table('childCases').add(storedRow('c1'));
    v3.close();

    const upgraded = openDatabase(oldName);
    await upgraded.open();
    expect(upgraded.verno).toBe(5);
    for (const table of ROW_TABLES)
      expect(upgraded.table(table).schema.indexes.map((i) => i.name)).toEqual(['inspectionId']);
    expect(
      (await upgraded.evidence.where('inspectionId').equals(INSPECTION).toArray()).map((r) => r.id),
    ).toEqual(['e1']);
    expect((await upgraded.childCases.get('c1'))?.fields).toEqual(note);
    upgraded.close();
    await Dexie.delete(oldName);
  });

  it('adds the write token to a version 4 database: its rows and ops survive and the next edit takes the token', async () => {
    const oldName = `upgrade-${++counter}`;
    const v4 = new Dexie(oldName);
    v4.version(4).stores(SCHEMA_V4);
    await v4.open();
    await v4.table('evidence').add(storedRow('e1'));
    await v4.table('outbox').add({
      opId: 'o1',
      entity: 'evidence',
      entityId: 'e1',
      inspectionId: INSPECTION,
      kind: 'put',
      fields: note,
      base: {},
      createdAt: 'x',
      state: 'pending',
    });
    v4.close();

    const upgraded = openDatabase(oldName);
    await upgraded.open();
    expect(upgraded.verno).toBe(5);
    expect((await upgraded.evidence.get('e1'))?.fields).toEqual(note);
    expect(await upgraded.table('writeToken').count()).toBe(0);
    await createRepository({ db: upgraded, clock: fixedClock(0) }).update('evidence', 'e1', {
      text: 'After the upgrade.',
    });
    expect((await upgraded.outbox.toArray()).map((op) => op.fields.text)).toEqual([
      'After the upgrade.',
    ]);
    // Nobody's token: the edit went through Dexie.
    expect(await upgraded.table('writeToken').toArray()).toEqual([{ k: 0, c: 0 }]);
    upgraded.close();
    await Dexie.delete(oldName);
  });
});

describe('the device user', () => {
  const server = {
    id: '0190a000-0000-7000-8000-0000000000aa',
    name: 'Lena Lead',
    inspectorate: 'ofsted',
  };

  it('a screen asking for the user while a sign-in stores the server’s user never writes a made-up one over it', async () => {
    const r = repo();
    // The screen's read starts first; the sign-in's write lands while it is out.
    const asked = r.deviceUser();
    await r.setDeviceUser(server);
    await asked;
    expect(await getMeta(db, META_KEYS.deviceUser)).toEqual(server);
    expect(await r.deviceUser()).toEqual(server);
  });

  it('evidence written after the sign-in is the server user’s, even with an earlier read still out', async () => {
    const r = repo();
    const earlier = r.create('childCase', INSPECTION, { caseRef: 'NS-1', selection: 'tracked' });
    await r.setDeviceUser(server);
    await earlier;
    const id = await r.create('evidence', INSPECTION, note);
    expect((await db.evidence.get(id))?.author).toBe(server.id);
  });
});
