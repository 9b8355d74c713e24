import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countUnsent,
  draftKeyOf,
  createRepository,
  getMeta,
  listNotices,
  openDatabase,
  saveServerInspections,
  setMeta,
  setUpLocalInspection,
  takeBatch,
  type FieldbookDB,
} from '../db';
import {
  fixedClock,
  type PullCursor,
  type PushRequest,
  type PushResult,
  type SyncRow,
} from '../domain';
import { checkpointKey, createSyncEngine } from './engine';
import { listed } from './fixtures';
import type { SyncStatus } from './status';
import { TransportError, type PullPage, type Transport } from './transport';

/** S6a and DESIGN.md §4.3 on the device: what leaves it, when, and what it says. */
const USER = '0190a000-0000-7000-8000-0000000000a1';
const NORTH = '0190a000-0000-7000-8000-000000000001';
const SOUTH = '0190a000-0000-7000-8000-000000000002';
const clock = fixedClock(Date.UTC(2026, 10, 26, 18), 1000);

let db: FieldbookDB;
let name: string;
let n = 0;
beforeEach(async () => {
  name = `engine-team-${++n}`;
  db = openDatabase(name);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

/** A server in memory: what /api/me lists, how pushes are answered, which pages pulls get. */
const fakeServer = () => {
  const state = {
    inspections: [listed(NORTH, 'Northshire'), listed(SOUTH, 'Southshire')],
    unavailable: [] as string[],
    answer: (op: PushRequest['ops'][number], i: number): PushResult => ({
      opId: op.opId,
      status: 'applied',
      seq: 100 + i,
    }),
    pushOffline: false,
    pages: [] as PullPage[],
    pushes: [] as PushRequest[],
    pulledFrom: [] as PullCursor[],
  };
  const transport: Transport = {
    login: () => Promise.reject(new Error('unused')),
    logout: () => Promise.resolve(),
    events: () => Promise.resolve(),
    history: () => Promise.reject(new Error('unused')),
    me: async () => ({
      user: { id: USER, username: 'ann', name: 'Ann', inspectorate: 'ofsted', admin: false },
      inspections: state.inspections,
      unavailable: state.unavailable,
    }),
    push: async (_t, request) => {
      if (state.pushOffline) throw new TransportError({ kind: 'offline' });
      state.pushes.push(request);
      return { results: request.ops.map(state.answer) };
    },
    pull: async (_t, since) => {
      state.pulledFrom.push(since);
      return state.pages.shift() ?? { rows: [], next: since, hasMore: false, progress: null };
    },
  };
  const engine = createSyncEngine({
    db,
    transport,
    clock,
    clientId: '0190a000-0000-7000-8000-0000000000c1',
    token: 't',
    userId: USER,
    random: () => 0.5,
    timers: { setTimeout: () => 0, clearTimeout: () => undefined },
  });
  return { state, engine };
};

const repo = () => createRepository({ db, clock });
const rowsOf = async (inspectionId: string) =>
  (await db.childCases.where('inspectionId').equals(inspectionId).count()) +
  (await db.evidence.where('inspectionId').equals(inspectionId).count());

/** A device that has synced both inspections and holds rows and unsent edits of each. */
const seed = async () => {
  await saveServerInspections(db, [listed(NORTH, 'Northshire'), listed(SOUTH, 'Southshire')]);
  const r = repo();
  await r.create('childCase', NORTH, { caseRef: 'N-1', selection: 'tracked' });
  await r.create('evidence', NORTH, {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-26T10:00:00.000Z',
    status: 'draft',
    text: 'Two changes this device has not sent',
  });
  await r.create('childCase', SOUTH, { caseRef: 'S-1', selection: 'tracked' });
};

describe('team changes on the device (S6a, §4.3)', () => {
  it('[S6a] removed from a team: its rows go, its unsent ops are kept as refused, and a notice says so', async () => {
    await seed();
    const local = await setUpLocalInspection(
      db,
      clock,
      { id: USER, name: 'Ann', inspectorate: 'ofsted' },
      {
        frameworkId: 'cp-joint-2012',
        area: 'On this tablet',
        startsOn: '2026-11-23',
      },
    );
    await repo().create('childCase', local.id, { caseRef: 'L-1', selection: 'sampled' });
    const { state, engine } = fakeServer();
    state.inspections = [listed(SOUTH, 'Southshire')];
    await engine.sync();

    expect(await rowsOf(NORTH)).toBe(0);
    expect(await db.inspections.get(NORTH)).toBeUndefined();
    const northOps = await db.outbox.where('inspectionId').equals(NORTH).toArray();
    expect(northOps.map((op) => [op.state, op.reason])).toEqual([
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
    ]);
    expect(await listNotices(db)).toEqual([
      expect.objectContaining({
        kind: 'removed-from-team',
        inspectionId: NORTH,
        area: 'Northshire',
        refused: 2,
      }),
    ]);
    // Southshire synced as usual; the device-only inspection was never on the server: kept, unsent.
    expect(state.pushes.flatMap((p) => p.ops.map((op) => op.inspectionId))).toEqual([SOUTH]);
    expect(await rowsOf(SOUTH)).toBe(1);
    expect(await db.inspections.get(local.id)).toBeDefined();
    expect(await db.outbox.where('inspectionId').equals(local.id).count()).toBe(1);
    expect(engine.getStatus().state).toBe('idle');
  });

  it('[S6a][S3] removed from a team: an op sent whose answer was lost is asked about once more, and only what did not land is shown as refused', async () => {
    await seed();
    // A push went out with one North op and the connection dropped before its answer came.
    const [lost] = await takeBatch(db, 1, 1e6, new Set([NORTH]));
    const { state, engine } = fakeServer();
    state.inspections = [listed(SOUTH, 'Southshire')];
    // As the server answers after the removal: it had applied the lost op; anything else is forbidden.
    state.answer = (op, i) =>
      op.opId === lost!.opId
        ? { opId: op.opId, status: 'duplicate', original: 'applied' }
        : op.inspectionId === NORTH
          ? { opId: op.opId, status: 'rejected', reason: 'forbidden' }
          : { opId: op.opId, status: 'applied', seq: 100 + i };
    await engine.sync();

    // Only the op already sent went again; the one never sent did not leave the device.
    expect(state.pushes.map((p) => p.ops.map((op) => op.opId))).toEqual([
      [lost!.opId],
      [expect.any(String)],
    ]);
    expect(state.pushes[1]!.ops[0]!.inspectionId).toBe(SOUTH);
    const northOps = await db.outbox.where('inspectionId').equals(NORTH).toArray();
    expect(northOps.map((op) => [op.opId === lost!.opId, op.state, op.reason])).toEqual([
      [false, 'rejected', 'forbidden'],
    ]);
    expect(await listNotices(db)).toEqual([
      expect.objectContaining({ kind: 'removed-from-team', inspectionId: NORTH, refused: 1 }),
    ]);
    expect(await rowsOf(NORTH)).toBe(0);
  });

  it('[S6a] removed from a team while the server cannot be asked again: the rows still leave and the lost op is kept as refused', async () => {
    await seed();
    await takeBatch(db, 1, 1e6, new Set([NORTH]));
    const { state, engine } = fakeServer();
    state.inspections = [listed(SOUTH, 'Southshire')];
    state.pushOffline = true;
    await engine.sync();

    expect(await rowsOf(NORTH)).toBe(0);
    const northOps = await db.outbox.where('inspectionId').equals(NORTH).toArray();
    expect(northOps.map((op) => [op.state, op.reason])).toEqual([
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
    ]);
    expect(await listNotices(db)).toEqual([
      expect.objectContaining({ kind: 'removed-from-team', inspectionId: NORTH, refused: 2 }),
    ]);
  });

  it('[S6a] still on the team but not describable by the server (its framework missing there): kept, rows and unsent work, and sent nothing until listed again', async () => {
    await seed();
    const { state, engine } = fakeServer();
    state.inspections = [listed(SOUTH, 'Southshire')];
    state.unavailable = [NORTH];
    await engine.sync();

    expect(await db.inspections.get(NORTH)).toBeDefined();
    expect(await rowsOf(NORTH)).toBe(2);
    expect(await countUnsent(db, NORTH)).toBe(2);
    expect(await listNotices(db)).toEqual([]);
    expect(state.pushes.flatMap((p) => p.ops.map((op) => op.inspectionId))).toEqual([SOUTH]);

    state.inspections = [listed(NORTH, 'Northshire'), listed(SOUTH, 'Southshire')];
    state.unavailable = [];
    await engine.sync();
    expect(state.pushes.flatMap((p) => p.ops.map((op) => op.inspectionId))).toEqual([
      SOUTH,
      NORTH,
      NORTH,
    ]);
    expect(await countUnsent(db, NORTH)).toBe(0);
  });

  it('[§4.3] a reported inspection leaves once its own ops are acknowledged, not before; its notice says when the server purges it', async () => {
    await seed();
    const { state, engine } = fakeServer();
    const retention = {
      reportedAt: '2026-12-05T10:00:00.000Z',
      retainUntil: null,
      purgeOn: '2027-12-05',
      legalHold: null,
      purgedAt: null,
    };
    state.inspections = [
      { ...listed(NORTH, 'Northshire', 'reported'), retention },
      listed(SOUTH, 'Southshire'),
    ];
    state.pushOffline = true;
    await engine.sync();
    expect(await rowsOf(NORTH)).toBe(2);
    expect(await listNotices(db)).toEqual([]);

    state.pushOffline = false;
    await engine.sync();
    expect(state.pushes.flatMap((p) => p.ops.map((op) => op.inspectionId)).sort()).toEqual(
      [NORTH, NORTH, SOUTH].sort(),
    );
    expect(await rowsOf(NORTH)).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await listNotices(db)).toEqual([
      expect.objectContaining({ kind: 'reported', inspectionId: NORTH, refused: 0, retention }),
    ]);
  });

  it('[§4.3] an op the server refuses stays, shown as refused, when the reported inspection leaves', async () => {
    await seed();
    const { state, engine } = fakeServer();
    state.inspections = [listed(NORTH, 'Northshire', 'reported'), listed(SOUTH, 'Southshire')];
    state.answer = (op, i) =>
      op.entity === 'evidence'
        ? { opId: op.opId, status: 'rejected', reason: 'invalid' }
        : { opId: op.opId, status: 'applied', seq: 100 + i };
    await engine.sync();
    expect(await rowsOf(NORTH)).toBe(0);
    const kept = await db.outbox.toArray();
    expect(kept.map((op) => [op.entity, op.state, op.reason])).toEqual([
      ['evidence', 'rejected', 'invalid'],
    ]);
    expect((await listNotices(db))[0]).toMatchObject({ kind: 'reported', refused: 1 });
  });

  it('[§4.3] rows of a forgotten reported inspection that a later pull brings are dropped', async () => {
    await seed();
    const { state, engine } = fakeServer();
    state.inspections = [listed(NORTH, 'Northshire', 'reported'), listed(SOUTH, 'Southshire')];
    await engine.sync();
    const row = (id: string, inspectionId: string): SyncRow => ({
      entity: 'childCase',
      id,
      inspectionId,
      seq: 200,
      author: USER,
      createdAt: '2026-11-26T10:00:00.000Z',
      updatedAt: '2026-11-26T10:00:00.000Z',
      fields: { caseRef: 'X', selection: 'tracked' },
      versions: { caseRef: 200, selection: 200 },
      conflicts: {},
      deleted: false,
    });
    state.pages = [
      {
        rows: [
          row('0190a000-0000-7000-8000-0000000000f1', NORTH),
          row('0190a000-0000-7000-8000-0000000000f2', SOUTH),
        ],
        next: 'c2',
        hasMore: false,
        progress: null,
      },
    ];
    await engine.sync();
    expect(await rowsOf(NORTH)).toBe(0);
    expect(await db.childCases.get('0190a000-0000-7000-8000-0000000000f2')).toBeDefined();
    expect(await db.inspections.get(NORTH)).toBeUndefined();
  });

  it('[S6a] added to a team after the sync asked /me and taken off before the next: the rows its pull brought still leave, without a notice about an inspection never shown', async () => {
    await seed();
    const { state, engine } = fakeServer();
    state.inspections = [listed(SOUTH, 'Southshire')];
    await engine.sync(); // Northshire (with no unsent work on this device by now) is left.
    const before = (await listNotices(db)).length;
    const WEST = '0190a000-0000-7000-8000-000000000003';
    // Added to West after this sync's /me: its pull brings West's rows, which no /me has listed.
    state.pages = [
      {
        rows: [
          {
            entity: 'childCase',
            id: '0190a000-0000-7000-8000-0000000000f3',
            inspectionId: WEST,
            seq: 300,
            author: '0190a000-0000-7000-8000-0000000000b2',
            createdAt: '2026-11-26T10:00:00.000Z',
            updatedAt: '2026-11-26T10:00:00.000Z',
            fields: { caseRef: 'W-1', selection: 'tracked' },
            versions: { caseRef: 300, selection: 300 },
            conflicts: {},
            deleted: false,
          },
        ],
        next: 'c3',
        hasMore: false,
        progress: null,
      },
    ];
    await engine.sync();
    expect(await rowsOf(WEST)).toBe(1);
    // Taken off West before the next sync: its /me lists Southshire alone, as before.
    await engine.sync();
    expect(await rowsOf(WEST)).toBe(0);
    expect(await rowsOf(SOUTH)).toBe(1);
    expect(await listNotices(db)).toHaveLength(before);
  });

  it('[S6] an old numeric checkpoint is sent as it is; the opaque cursor is stored as received', async () => {
    await setMeta(db, checkpointKey(USER), 1234);
    const { state, engine } = fakeServer();
    state.pages = [
      { rows: [], next: 'AQGabc', hasMore: true, progress: { ahead: 100, left: 60 } },
      { rows: [], next: 'AQGdef', hasMore: false, progress: { ahead: 60, left: 0 } },
    ];
    const progress: number[] = [];
    engine.subscribe((s: SyncStatus) => {
      if (s.state === 'syncing' && s.progress.phase === 'pull' && s.progress.fraction !== null)
        progress.push(s.progress.fraction);
    });
    await engine.sync();
    expect(state.pulledFrom).toEqual([1234, 'AQGabc']);
    expect(await getMeta(db, checkpointKey(USER))).toBe('AQGdef');
    expect(progress).toEqual([0.4, 1]);
  });
});

describe('the lead role handed over while her words wait on the tablet (S8)', () => {
  it('a sync that learns she no longer leads keeps her unsent review comment as a refused change', async () => {
    const team = (role: 'lead' | 'inspector') => [
      { userId: USER, name: 'Ann', inspectorate: 'ofsted', role },
    ];
    await saveServerInspections(db, [{ ...listed(NORTH, 'Northshire'), team: team('lead') }]);
    const key = draftKeyOf(NORTH, 'review-comment', '0190a000-0000-7000-8000-0000000000e1');
    const r = repo();
    await r.setDeviceUser({ id: USER, name: 'Ann', inspectorate: 'ofsted' });
    await r.saveDraft(key, { comment: 'Ask whether the GP was invited' });
    const { state, engine } = fakeServer();
    state.inspections = [{ ...listed(NORTH, 'Northshire'), team: team('inspector') }];
    await engine.sync();

    expect(await getMeta(db, key)).toBeUndefined();
    const [op] = await db.outbox.where('state').equals('rejected').toArray();
    expect(op).toMatchObject({
      entity: 'review',
      reason: 'forbidden',
      fields: { comment: 'Ask whether the GP was invited', state: 'follow-up' },
    });
    expect(state.pushes.flatMap((p) => p.ops)).toEqual([]); // never sent
  });
});
