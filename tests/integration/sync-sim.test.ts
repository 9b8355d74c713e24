import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import type { Inspection } from '../../src/domain/protocol';
import { openSqliteStore } from '../../sync-server/src/store/open';
import { pushOps } from '../../sync-server/src/sync/push';
import {
  expectConverged,
  expectEveryEditArrived,
  expectNothingLost,
  expectUnsentVisible,
} from './sim/check';
import { SimClient } from './sim/client';
import { SimNetwork, type Fault, type SimServer } from './sim/network';

/**
 * [S3][S5][S6] The deterministic simulation: three tablets edit the same inspection at random
 * while the network drops, duplicates, delays and reorders requests and answers, and tablets and
 * the server crash between steps. At the end every tablet holds the server's rows, every edit is
 * current or kept as a conflict, and nothing is duplicated. Seeded, so a failure replays exactly.
 */

const CLIENTS = 3;
const CASES = 3;
const RUNS = Number(process.env.SIM_RUNS ?? 2000);
const SEED = Number(process.env.SIM_SEED ?? 20261126);
const scratch = mkdtempSync(path.join(existsShm() ? '/dev/shm' : tmpdir(), 'fieldbook-sim-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function existsShm() {
  try {
    return mkdtempSync('/dev/shm/probe-') && true;
  } catch {
    return false;
  }
}

const uuid = (prefix: number, n: number) =>
  `0190a000-${String(prefix).padStart(4, '0')}-7000-8000-${String(n).padStart(12, '0')}`;
const INSPECTION_ID = uuid(1, 1);
const userId = (i: number) => uuid(2, i);
const caseId = (i: number) => uuid(3, i);

type Action =
  | {
      type: 'editCase';
      client: number;
      target: number;
      field: 'initials' | 'ageBand' | 'outOfArea';
      value: string | boolean;
    }
  | { type: 'deleteCase'; client: number; target: number }
  | { type: 'createEvidence'; client: number; text: string }
  | { type: 'editEvidence'; client: number; target: number; text: string }
  | { type: 'startSync'; client: number }
  | { type: 'deliver'; index: number; fault: Fault }
  | { type: 'crashClient'; client: number; reached: boolean }
  | { type: 'restartServer' };

const client = fc.integer({ min: 0, max: CLIENTS - 1 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('editCase' as const),
      client,
      target: fc.integer({ min: 0, max: CASES - 1 }),
      field: fc.constant('initials' as const),
      value: fc.constantFrom('AB', 'CD', 'EF', 'GH'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('editCase' as const),
      client,
      target: fc.integer({ min: 0, max: CASES - 1 }),
      field: fc.constant('ageBand' as const),
      value: fc.constantFrom('0-4', '5-9', '10-15'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('editCase' as const),
      client,
      target: fc.integer({ min: 0, max: CASES - 1 }),
      field: fc.constant('outOfArea' as const),
      value: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('deleteCase' as const),
      client,
      target: fc.integer({ min: 0, max: CASES - 1 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('createEvidence' as const),
      client,
      text: fc.string({ maxLength: 12 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('editEvidence' as const),
      client,
      target: fc.nat(),
      text: fc.string({ maxLength: 12 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('startSync' as const), client }) },
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('deliver' as const),
      index: fc.nat(),
      fault: fc.constantFrom<Fault>('ok', 'ok', 'ok', 'drop-request', 'drop-response', 'duplicate'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('crashClient' as const),
      client,
      reached: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('restartServer' as const) }) },
);

let runCounter = 0;

const runSchedule = async (actions: Action[]) => {
  const run = ++runCounter;
  const dataDir = path.join(scratch, `run-${run}`);
  const clock = fixedClock(Date.UTC(2026, 10, 26, 9), 1000);
  const server: SimServer = { store: await openSqliteStore(dataDir, { clock }), clock };
  const inspection: Inspection = {
    id: INSPECTION_ID,
    frameworkId: 'cp-joint-2012',
    area: 'Northshire',
    startsOn: '2026-11-23',
    endsOn: '2026-12-06',
    status: 'fieldwork',
    team: [],
  };
  for (let i = 0; i < CLIENTS; i++) {
    await server.store.insertUser({
      id: userId(i),
      username: `u${i}`,
      name: `Inspector ${i}`,
      inspectorate: 'ofsted',
      admin: false,
      passwordHash: 'x',
      createdAt: '2026-11-26T09:00:00.000Z',
    });
  }
  await server.store.insertInspection(
    {
      id: INSPECTION_ID,
      frameworkId: 'cp-joint-2012',
      area: 'Northshire',
      startsOn: '2026-11-23',
      endsOn: '2026-12-06',
      status: 'fieldwork',
    },
    Array.from({ length: CLIENTS }, (_, i) => ({
      inspectionId: INSPECTION_ID,
      userId: userId(i),
      role: i === 0 ? ('lead' as const) : ('inspector' as const),
    })),
  );
  // The children being tracked exist before the day starts.
  await pushOps(server.store, clock, {
    userId: userId(0),
    clientId: uuid(9, 0),
    ops: Array.from({ length: CASES }, (_, i) => ({
      opId: uuid(4, i),
      entity: 'childCase',
      entityId: caseId(i),
      inspectionId: INSPECTION_ID,
      kind: 'put',
      fields: { caseRef: `LA-${i}`, selection: 'tracked' },
      base: {},
    })),
  });
  const network = new SimNetwork(server);
  const clients = Array.from(
    { length: CLIENTS },
    (_, i) => new SimClient(i, userId(i), `sim-${run}-${i}`, clock, network, inspection),
  );
  try {
    for (const c of clients) await c.open();
    const syncAll = async () => {
      for (const c of clients) {
        c.startSync();
        await c.settle();
        while (c.syncing) {
          await network.deliver(
            network.inflight.findIndex((m) => m.client === c.index),
            'ok',
          );
          await c.settle();
        }
      }
    };
    await syncAll();

    for (const action of actions) {
      await step(action);
      for (const c of clients) await expectUnsentVisible(c);
    }

    async function step(action: Action) {
      if (action.type === 'deliver') {
        const target = await network.deliver(action.index, action.fault);
        if (target !== null) await clients[target]!.settle();
        return;
      }
      if (action.type === 'restartServer') {
        await server.store.close();
        server.store = await openSqliteStore(dataDir, { clock });
        return;
      }
      const c = clients[action.client]!;
      if (action.type === 'startSync') {
        c.startSync();
        await c.settle();
      } else if (action.type === 'crashClient') {
        await c.crash(action.reached);
      } else if (action.type === 'editCase' || action.type === 'deleteCase') {
        const id = caseId(action.target);
        const row = await c.db.childCases.get(id);
        if (!row || row.deleted) return;
        if (action.type === 'deleteCase') {
          await c.repo.remove('childCase', id);
        } else {
          await c.repo.update('childCase', id, { [action.field]: action.value });
          c.remember(id, { [action.field]: action.value });
        }
      } else if (action.type === 'createEvidence') {
        const id = await c.repo.create('evidence', INSPECTION_ID, {
          kind: 'practitioner-interview',
          occurredAt: '2026-11-26T09:00:00.000Z',
          status: 'draft',
          text: action.text,
        });
        c.createdEvidence.push(id);
        c.remember(id, { text: action.text });
      } else if (action.type === 'editEvidence' && c.createdEvidence.length > 0) {
        const id = c.createdEvidence[action.target % c.createdEvidence.length]!;
        await c.repo.update('evidence', id, { text: action.text });
        c.remember(id, { text: action.text });
      }
    }

    // The connection comes back for good: every tablet syncs until nothing moves.
    for (const c of clients) if (c.syncing) await c.crash(false);
    network.inflight = [];
    await syncAll();
    await syncAll();

    const rows = await expectConverged(server.store, INSPECTION_ID, clients);
    const merged = await Promise.all(rows.map((r) => server.store.rowById(r.id)));
    await expectNothingLost(
      server.store,
      merged.filter((r) => r !== undefined),
    );
    await expectEveryEditArrived(
      server.store,
      clients,
      rows.filter((r) => r.entity === 'evidence').length,
    );
  } finally {
    for (const c of clients) await c.destroy();
    await server.store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

describe('sync simulation (S3, S5, S6, S7)', () => {
  it('[S5] regression: two tablets edit the same field offline, one retries after a lost answer', async () => {
    await runSchedule([
      { type: 'editCase', client: 1, target: 0, field: 'initials', value: 'AB' },
      { type: 'editCase', client: 2, target: 0, field: 'initials', value: 'CD' },
      { type: 'startSync', client: 1 },
      { type: 'deliver', index: 0, fault: 'drop-response' },
      { type: 'startSync', client: 2 },
      { type: 'deliver', index: 0, fault: 'duplicate' },
      { type: 'startSync', client: 1 },
      { type: 'deliver', index: 0, fault: 'ok' },
    ]);
  });

  it('[S5] regression: a delete races an edit and a tablet crashes with its push in flight', async () => {
    await runSchedule([
      { type: 'deleteCase', client: 0, target: 1 },
      { type: 'editCase', client: 2, target: 1, field: 'ageBand', value: '5-9' },
      { type: 'startSync', client: 2 },
      { type: 'crashClient', client: 2, reached: true },
      { type: 'startSync', client: 0 },
      { type: 'deliver', index: 0, fault: 'ok' },
      { type: 'restartServer' },
    ]);
  });

  it('[S6] regression: a pulled page lands while the tablet is typing into the same record', async () => {
    await runSchedule([
      { type: 'editCase', client: 1, target: 0, field: 'ageBand', value: '5-9' },
      { type: 'startSync', client: 1 },
      { type: 'deliver', index: 0, fault: 'ok' },
      { type: 'deliver', index: 0, fault: 'ok' },
      { type: 'startSync', client: 2 },
      { type: 'editCase', client: 2, target: 0, field: 'initials', value: 'GH' },
      { type: 'deliver', index: 0, fault: 'ok' },
    ]);
  });

  it(
    `[S3][S5][S6] ${RUNS} seeded random schedules converge with nothing lost or duplicated`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 40 }), runSchedule),
        {
          numRuns: RUNS,
          seed: SEED,
          endOnFailure: true,
        },
      );
      expect(runCounter).toBeGreaterThanOrEqual(RUNS);
    },
    20 * 60_000,
  );
});
