import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRepository,
  getMeta,
  openDatabase,
  saveServerInspections,
  setMeta,
  type FieldbookDB,
} from '../db';
import {
  fixedClock,
  type Clock,
  PULL_MAX_LIMIT,
  SCHEMA_VERSION,
  type PullCursor,
  type SyncRow,
} from '../domain';
import { checkpointKey, createSyncEngine } from './engine';
import { INSPECTION as NORTH, listed, USER } from './fixtures';
import { SIGN_IN_SCOPE_MAX_AGE_MS, sealHeadStart, type HeadStart } from './head-start';
import { TransportError, type PullPage, type Transport } from './transport';

/** Page one asked at sign-in (head-start.ts): used by the first run only when it still fits. */
const SOUTH = '0190a000-0000-7000-8000-000000000002';
const TOKEN = 't';
const clock = fixedClock(Date.UTC(2026, 10, 26, 18), 1000);

const row = (n: number, inspectionId: string, caseRef: string): SyncRow => ({
  entity: 'childCase',
  id: `0190a000-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`,
  inspectionId,
  seq: n,
  author: USER,
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:00:00.000Z',
  fields: { caseRef, selection: 'tracked' },
  versions: { caseRef: n, selection: n },
  conflicts: {},
  deleted: false,
});
const page = (rows: SyncRow[], next: PullCursor, hasMore: boolean): PullPage => ({
  rows,
  next,
  hasMore,
  progress: null,
});

let db: FieldbookDB;
let name: string;
let n = 0;
beforeEach(async () => {
  name = `engine-head-start-${++n}`;
  db = openDatabase(name);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

/** What the server holds now: page one (c1) and the page after it, answered from any `since`. */
const fakeServer = (headStart?: HeadStart, engineClock: Clock = clock) => {
  const state = {
    inspections: [listed(NORTH, 'Northshire'), listed(SOUTH, 'Southshire')],
    meOffline: false,
    meAsked: 0,
    pulledFrom: [] as PullCursor[],
    pushes: 0,
    pages: new Map<PullCursor, PullPage>([
      [0, page([row(1, NORTH, 'N-now'), row(2, SOUTH, 'S-now')], 'c1', true)],
      ['c1', page([row(3, SOUTH, 'S-3')], 'c2', false)],
    ]),
  };
  const transport: Transport = {
    login: () => Promise.reject(new Error('unused')),
    logout: () => Promise.resolve(),
    events: () => Promise.resolve(),
    history: () => Promise.reject(new Error('unused')),
    me: async () => {
      state.meAsked += 1;
      if (state.meOffline) throw new TransportError({ kind: 'offline' });
      return {
        user: { id: USER, username: 'ann', name: 'Ann', inspectorate: 'ofsted', admin: false },
        inspections: state.inspections,
      };
    },
    push: async (_t, request) => {
      state.pushes += 1;
      return {
        results: request.ops.map((op, i) => ({ opId: op.opId, status: 'applied', seq: 50 + i })),
      };
    },
    pull: async (_t, since) => {
      state.pulledFrom.push(since);
      return state.pages.get(since) ?? page([], since, false);
    },
  };
  const engine = createSyncEngine({
    db,
    transport,
    clock: engineClock,
    clientId: '0190a000-0000-7000-8000-0000000000c1',
    token: TOKEN,
    userId: USER,
    random: () => 0.5,
    timers: { setTimeout: () => 0, clearTimeout: () => undefined },
    headStart,
  });
  return { state, engine };
};

/** Page one as the server answered it at sign-in, before this run's GET /api/me. */
const headStart = (rows: SyncRow[], over: Partial<HeadStart> = {}): HeadStart => ({
  token: TOKEN,
  limit: PULL_MAX_LIMIT,
  schemaVersion: SCHEMA_VERSION,
  page: Promise.resolve(page(rows, 'c1', true)),
  ...over,
});
const caseRef = async (id: string) => (await db.childCases.get(id))?.fields.caseRef;
const ID = (k: number) => row(k, NORTH, '').id;

describe('a head start: page one asked at sign-in (issue 10)', () => {
  it('[S6] the first run writes it instead of asking for page one, then pulls on from its cursor', async () => {
    const { state, engine } = fakeServer(
      headStart([row(1, NORTH, 'N-early'), row(2, SOUTH, 'S-early')]),
    );
    await engine.sync();
    expect(state.pulledFrom).toEqual(['c1']);
    expect(await caseRef(ID(1))).toBe('N-early');
    expect(await caseRef(ID(3))).toBe('S-3');
    expect(await getMeta(db, checkpointKey(USER))).toBe('c2');
    expect(engine.getStatus().state).toBe('idle');
  });

  it('[S6] sealed at sign-in for this user’s checkpoint, it is written as sealed; for another key it is sealed again for this one', async () => {
    const mine = sealHeadStart(headStart([row(1, NORTH, 'N-early')]), db, checkpointKey(USER));
    const first = fakeServer(mine);
    await first.engine.sync();
    expect(first.state.pulledFrom).toEqual(['c1']);
    expect(await caseRef(ID(1))).toBe('N-early');

    await db.childCases.clear();
    await db.meta.delete(checkpointKey(USER));
    const other = sealHeadStart(headStart([row(1, NORTH, 'N-other')]), db, 'pullSince:someone');
    const second = fakeServer(other);
    await second.engine.sync();
    expect(await caseRef(ID(1))).toBe('N-other');
    expect(await getMeta(db, checkpointKey(USER))).toBe('c2');
    expect(await getMeta(db, 'pullSince:someone')).toBeUndefined();
  });

  it('[S6a] holding a row of an inspection this run’s /api/me no longer lists (taken off its team since), it is dropped: page one is asked again and none of its rows land', async () => {
    const { state, engine } = fakeServer(
      headStart([row(1, NORTH, 'N-early'), row(2, SOUTH, 'S-early')]),
    );
    state.inspections = [listed(SOUTH, 'Southshire')];
    state.pages.set(0, page([row(2, SOUTH, 'S-now')], 'c1', true));
    await engine.sync();
    expect(state.pulledFrom).toEqual([0, 'c1']);
    expect(await db.childCases.get(ID(1))).toBeUndefined();
    expect(await caseRef(ID(2))).toBe('S-now');
  });

  it('[S6] the device’s checkpoint is no longer the start (another tab pulled): dropped, the pull goes on from the checkpoint', async () => {
    await setMeta(db, checkpointKey(USER), 'c1');
    const { state, engine } = fakeServer(headStart([row(1, NORTH, 'N-early')]));
    await engine.sync();
    expect(state.pulledFrom).toEqual(['c1']);
    expect(await db.childCases.get(ID(1))).toBeUndefined();
  });

  it('[S6] this run pushed first: dropped, page one is asked after the push so the pushed values are not put back by an older page', async () => {
    await saveServerInspections(db, [listed(NORTH, 'Northshire')]);
    await createRepository({ db, clock }).create('childCase', NORTH, {
      caseRef: 'N-offline',
      selection: 'tracked',
    });
    const { state, engine } = fakeServer(headStart([row(1, NORTH, 'N-early')]));
    await engine.sync();
    expect(state.pushes).toBe(1);
    expect(state.pulledFrom).toEqual([0, 'c1']);
    expect(await caseRef(ID(1))).toBe('N-now');
  });

  it('[S6] another token, page size or schema version: dropped', async () => {
    for (const over of [{ token: 'other' }, { limit: 500 }, { schemaVersion: 0 }]) {
      await db.childCases.clear();
      await db.meta.delete(checkpointKey(USER));
      const { state, engine } = fakeServer(headStart([row(1, NORTH, 'N-early')], over));
      await engine.sync();
      expect(state.pulledFrom).toEqual([0, 'c1']);
      expect(await caseRef(ID(1))).toBe('N-now');
    }
  });

  it('[S6] one that failed (null) is asked again; one not used by the first run is never used by a later one', async () => {
    const failed = fakeServer(headStart([], { page: Promise.resolve(null) }));
    await failed.engine.sync();
    expect(failed.state.pulledFrom).toEqual([0, 'c1']);

    await db.childCases.clear();
    await db.meta.delete(checkpointKey(USER));
    const { state, engine } = fakeServer(headStart([row(1, NORTH, 'N-early')]));
    state.meOffline = true;
    await engine.sync();
    expect(engine.getStatus().state).toBe('offline');
    state.meOffline = false;
    await engine.sync();
    expect(state.pulledFrom).toEqual([0, 'c1']);
    expect(await caseRef(ID(1))).toBe('N-now');
  });
});

describe('a head start: the sign-in’s own GET /api/me as the first run’s scope (S6a)', () => {
  const T = Date.UTC(2026, 10, 26, 18);
  const stopped = (ms: number): Clock => ({ now: () => ms });
  const signedIn = (inspections: ReturnType<typeof listed>[], at: number, over = {}) =>
    headStart([row(2, SOUTH, 'S-early')], {
      scope: {
        me: {
          user: { id: USER, username: 'ann', name: 'Ann', inspectorate: 'ofsted', admin: false },
          inspections,
        },
        at,
      },
      ...over,
    });

  it('[S6a] the first run acts on the sign-in’s answer, seconds old, and does not ask again: a team the answer no longer lists leaves the device', async () => {
    await saveServerInspections(db, [listed(NORTH, 'Northshire'), listed(SOUTH, 'Southshire')]);
    const head = signedIn([listed(SOUTH, 'Southshire')], T);
    const { state, engine } = fakeServer(head, stopped(T + SIGN_IN_SCOPE_MAX_AGE_MS));
    await engine.sync();
    expect(state.meAsked).toBe(0);
    expect(await db.inspections.get(NORTH)).toBeUndefined();
    expect(await caseRef(ID(2))).toBe('S-early');
    expect(state.pulledFrom).toEqual(['c1']);

    await engine.sync(); // a later run asks, whatever it was given
    expect(state.meAsked).toBe(1);
  });

  it('[S6a] older than SIGN_IN_SCOPE_MAX_AGE_MS, or another session’s: asked afresh', async () => {
    for (const [head, now] of [
      [signedIn([listed(SOUTH, 'Southshire')], T), T + SIGN_IN_SCOPE_MAX_AGE_MS + 1],
      [signedIn([listed(SOUTH, 'Southshire')], T, { token: 'other' }), T],
    ] as const) {
      await saveServerInspections(db, [listed(NORTH, 'Northshire'), listed(SOUTH, 'Southshire')]);
      const { state, engine } = fakeServer(head, stopped(now));
      await engine.sync();
      expect(state.meAsked).toBe(1);
      expect(await db.inspections.get(NORTH)).toBeDefined(); // the server's answer lists it
    }
  });
});
