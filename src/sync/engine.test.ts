import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRepository, getMeta, META_KEYS, openDatabase, type FieldbookDB } from '../db';
import { fixedClock, type PushRequest } from '../domain';
import { createSyncEngine } from './engine';
import { INSPECTION, me, USER } from './fixtures';
import type { SyncStatus } from './status';
import { TransportError, type Transport, type TransportFailure } from './transport';

let db: FieldbookDB;
let name: string;
let n = 0;
beforeEach(async () => {
  name = `engine-${++n}`;
  db = openDatabase(name);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

/** A scripted server: each push/pull answers with the next scripted outcome. */
const scripted = (outcomes: (TransportFailure | 'ok')[]) => {
  const pushes: PushRequest[] = [];
  const next = () => {
    const outcome = outcomes.shift() ?? 'ok';
    if (outcome !== 'ok') throw new TransportError(outcome);
  };
  const transport: Transport = {
    login: () => Promise.reject(new Error('unused')),
    logout: () => Promise.resolve(),
    me: async () => me,
    events: () => Promise.resolve(),
    history: () => Promise.reject(new Error('unused')),
    push: async (_t, request) => {
      next();
      pushes.push(request);
      return {
        results: request.ops.map((op, i) => ({
          opId: op.opId,
          status: 'applied' as const,
          seq: i + 1,
        })),
      };
    },
    pull: async (_t, since) => {
      next();
      return { rows: [], next: since, hasMore: false, progress: null };
    },
  };
  return { transport, pushes };
};

const setup = (outcomes: (TransportFailure | 'ok')[]) => {
  const timers: { fn: () => void; ms: number }[] = [];
  const { transport, pushes } = scripted(outcomes);
  const engine = createSyncEngine({
    db,
    transport,
    clock: fixedClock(Date.UTC(2026, 10, 26, 18), 1000),
    clientId: '0190a000-0000-7000-8000-0000000000c1',
    token: 't',
    userId: USER,
    random: () => 0.5,
    timers: { setTimeout: (fn, ms) => timers.push({ fn, ms }), clearTimeout: () => undefined },
  });
  const statuses: SyncStatus[] = [];
  engine.subscribe((s) => statuses.push(s));
  return { engine, pushes, timers, statuses };
};

const write = async () => {
  const repo = createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9)) });
  await repo.create('childCase', INSPECTION, { caseRef: 'LA-7', selection: 'sampled' });
};

describe('sync engine', () => {
  it('[S6] pushes first, then pulls, and ends idle with the time synced', async () => {
    await write();
    const { engine, pushes, statuses } = setup([]);
    await engine.sync();
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.ops[0]).not.toHaveProperty('state');
    // Sending, sent, receiving the inspection new to this device (said before its first page), a page.
    expect(statuses.map((s) => s.state)).toEqual([
      'syncing',
      'syncing',
      'syncing',
      'syncing',
      'idle',
    ]);
    expect(statuses[0]).toMatchObject({
      progress: { phase: 'push', done: 0, total: 1, fraction: 0 },
    });
    expect(statuses[1]).toMatchObject({
      progress: { phase: 'push', done: 1, total: 1, fraction: 1 },
    });
    expect(statuses[2]).toMatchObject({ progress: { phase: 'pull', done: 0 } });
    expect(engine.getStatus()).toEqual({ state: 'idle', lastSyncedAt: '2026-11-26T18:00:00.000Z' });
    expect(await db.outbox.count()).toBe(0);
    // Known now: a routine run says nothing until there is something to show.
    statuses.length = 0;
    await engine.sync();
    expect(statuses.map((s) => s.state)).toEqual(['syncing', 'idle']);
  });

  it('a new engine on the device (after a lock or a reload) still knows when it last synced', async () => {
    await setup([]).engine.sync();
    await write();
    const { engine } = setup([{ kind: 'offline' }]);
    await engine.sync();
    // Offline, the bar says "Last synced at 18:00.", not "Not synced yet."
    expect(engine.getStatus()).toMatchObject({
      state: 'offline',
      lastSyncedAt: '2026-11-26T18:00:00.000Z',
    });
  });

  it('a sync whose time cannot be kept (the disk fills as it ends) still ends idle, not failed', async () => {
    await write();
    const put = db.meta.put.bind(db.meta);
    vi.spyOn(db.meta, 'put').mockImplementation((row, key) =>
      String(row.key).startsWith('lastSyncedAt:')
        ? Dexie.Promise.reject(new DOMException('The disk is full', 'QuotaExceededError'))
        : put(row, key),
    );
    try {
      const { engine, pushes } = setup([]);
      await engine.sync();
      expect(pushes).toHaveLength(1);
      expect(engine.getStatus()).toEqual({
        state: 'idle',
        lastSyncedAt: '2026-11-26T18:00:00.000Z',
      });
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('a pull that cannot be written (the disk is full) says the tablet is full, and tries again within 30 s', async () => {
    const full = () =>
      Dexie.Promise.reject(new DOMException('The disk is full', 'QuotaExceededError'));
    vi.spyOn(db.meta, 'put').mockImplementation(full);
    vi.spyOn(db.meta, 'bulkPut').mockImplementation(full);
    try {
      const { engine, timers } = setup([]);
      await engine.sync();
      expect(engine.getStatus()).toMatchObject({ state: 'error', kind: 'storage-full' });
      expect(timers.at(-1)!.ms).toBeLessThanOrEqual(30_000);
      vi.restoreAllMocks(); // space freed
      timers.at(-1)!.fn();
      await vi.waitFor(() => expect(engine.getStatus().state).toBe('idle'));
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("keeps the coordinator's device policy that came with the user's inspections", async () => {
    const { engine } = setup([]);
    await engine.sync();
    expect(await getMeta(db, META_KEYS.deviceSettings)).toEqual({ idleLockMinutes: 5 });
  });

  it('[S9] a 426 keeps the outbox and pushes nothing more until the app is updated', async () => {
    await write();
    const { engine, pushes, timers } = setup([{ kind: 'client-too-old', accepted: [2] }]);
    await engine.sync();
    expect(engine.getStatus()).toMatchObject({ state: 'error', kind: 'client-too-old' });
    await engine.sync();
    expect(pushes).toHaveLength(0);
    expect(timers).toHaveLength(0);
    expect(await db.outbox.count()).toBe(1);
  });

  it('[S7] failures back off exponentially with jitter, and success resets the backoff', async () => {
    await write();
    const { engine, timers } = setup([
      { kind: 'offline' },
      { kind: 'offline' },
      { kind: 'offline' },
    ]);
    await engine.sync();
    await engine.sync();
    await engine.sync();
    // random() = 0.5: half of 2 s, 4 s, 8 s
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000, 4000]);
    expect(engine.getStatus().state).toBe('offline');
    await engine.sync();
    expect(engine.getStatus().state).toBe('idle');
    expect(await db.outbox.count()).toBe(0);
  });

  it('[S10] a 429 waits as long as the server asks', async () => {
    const { engine, timers } = setup([
      { kind: 'rate-limited', retryAfterMs: 30_000, message: 'slow down' },
    ]);
    await engine.sync();
    expect(timers.map((t) => t.ms)).toEqual([30_000]);
    expect(engine.getStatus()).toMatchObject({ state: 'error', kind: 'rate-limited' });
  });

  it('[S8] an expired session stops syncing and says to sign in, keeping the work', async () => {
    await write();
    const { engine, timers } = setup([{ kind: 'unauthorized', message: 'expired' }]);
    await engine.sync();
    expect(engine.getStatus()).toMatchObject({ state: 'error', kind: 'signed-out' });
    expect(timers).toHaveLength(0);
    expect(await db.outbox.count()).toBe(1);
  });

  it('[S7] a request during a run is served by one more run, not a parallel one', async () => {
    await write();
    const { engine, pushes } = setup([]);
    const first = engine.sync();
    const second = engine.sync();
    expect(second).toBe(first);
    await first;
    expect(pushes).toHaveLength(1);
  });
});
