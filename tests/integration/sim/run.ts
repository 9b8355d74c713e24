import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { fixedClock, type Clock } from '../../../src/domain/clock';
import type { Inspection } from '../../../src/domain/protocol';
import { openSqliteStore } from '../../../sync-server/src/store/open';
import type { Store } from '../../../sync-server/src/store/types';
import { pushOps } from '../../../sync-server/src/sync/push';
import {
  CASES,
  CLIENTS,
  INSPECTION_ID,
  TEAM_INSPECTION_ID,
  caseId,
  userId,
  uuid,
  type Action,
} from './actions';
import {
  expectConverged,
  expectEveryEditArrived,
  expectNothingLost,
  expectUnsentVisible,
} from './check';
import { SimClient } from './client';
import { SimNetwork, type SimServer } from './network';

/** One schedule of the simulated day, from a fresh server and fresh tablets to the final checks. */
const scratch = mkdtempSync(path.join(existsShm() ? '/dev/shm' : tmpdir(), 'fieldbook-sim-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function existsShm() {
  try {
    return mkdtempSync('/dev/shm/probe-') && true;
  } catch {
    return false;
  }
}

const inspectionRecord = (id: string, area: string) => ({
  id,
  frameworkId: 'cp-joint-2012',
  area,
  startsOn: '2026-11-23',
  endsOn: '2026-12-06',
  status: 'fieldwork' as const,
});

const seedServer = async (server: SimServer) => {
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
  const member = (inspectionId: string, i: number) => ({
    inspectionId,
    userId: userId(i),
    role: i === 0 ? ('lead' as const) : ('inspector' as const),
  });
  await server.store.insertInspection(
    inspectionRecord(INSPECTION_ID, 'Northshire'),
    Array.from({ length: CLIENTS }, (_, i) => member(INSPECTION_ID, i)),
  );
  // The second inspection starts with its lead and tablet 1's user; tablet 2's user joins later.
  await server.store.insertInspection(inspectionRecord(TEAM_INSPECTION_ID, 'Southshire'), [
    member(TEAM_INSPECTION_ID, 0),
    member(TEAM_INSPECTION_ID, 1),
  ]);
  // The children being tracked exist before the day starts, and the second inspection has notes.
  await pushOps(server.store, server.clock, {
    userId: userId(0),
    clientId: uuid(9, 0),
    ops: [
      ...Array.from({ length: CASES }, (_, i) => ({
        opId: uuid(4, i),
        entity: 'childCase',
        entityId: caseId(i),
        inspectionId: INSPECTION_ID,
        kind: 'put',
        fields: { caseRef: `LA-${i}`, selection: 'tracked' },
        base: {},
      })),
      ...Array.from({ length: 2 }, (_, i) => ({
        opId: uuid(5, i),
        entity: 'evidence',
        entityId: uuid(6, i),
        inspectionId: TEAM_INSPECTION_ID,
        kind: 'put',
        fields: {
          kind: 'leader-meeting',
          occurredAt: '2026-11-25T09:00:00.000Z',
          status: 'final',
          text: `Before the day ${i}`,
        },
        base: {},
      })),
    ],
  });
};

/** [S6a] The coordinator's two ways of changing a team: add one member, or save a whole team. */
const changeTeam = async (store: Store, client: number, join: boolean) => {
  if (join) {
    await store.setTeamMember({
      inspectionId: TEAM_INSPECTION_ID,
      userId: userId(client),
      role: 'inspector',
    });
    return;
  }
  const team = (await store.inspectionById(TEAM_INSPECTION_ID))!.team;
  await store.setTeam(
    TEAM_INSPECTION_ID,
    team
      .filter((m) => m.userId !== userId(client))
      .map((m) => ({ inspectionId: TEAM_INSPECTION_ID, userId: m.userId, role: m.role })),
  );
};

/**
 * The simulated server: the real SQLite store, without the checkpoint worker thread a running
 * server keeps (open.ts): starting one per schedule, and checkpointing after every commit, took
 * about a third of each schedule's CPU. Commits and restarts are what the properties test, and
 * they are the same either way.
 */
const openServerStore = (dataDir: string, clock: Clock) =>
  openSqliteStore(dataDir, { clock, checkpointWorker: false });

let runCounter = 0;
export const schedulesRun = () => runCounter;

export const runSchedule = async (actions: Action[]) => {
  const run = ++runCounter;
  const dataDir = path.join(scratch, `run-${run}`);
  const clock = fixedClock(Date.UTC(2026, 10, 26, 9), 1000);
  const server: SimServer = { store: await openServerStore(dataDir, clock), clock };
  await seedServer(server);
  const inspection: Inspection = { ...inspectionRecord(INSPECTION_ID, 'Northshire'), team: [] };
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
          await network.deliver(network.indexOf(c.index), 'ok');
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
        server.store = await openServerStore(dataDir, clock);
        return;
      }
      if (action.type === 'team') {
        await changeTeam(server.store, action.client, action.join);
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
        c.createdEvidence.push(await c.writeNote(INSPECTION_ID, action.text));
      } else if (action.type === 'editEvidence' && c.createdEvidence.length > 0) {
        await c.editNote(c.createdEvidence[action.target % c.createdEvidence.length]!, action.text);
      } else if (action.type === 'sittings') {
        if (c.createdEvidence.length === 0)
          c.createdEvidence.push(await c.writeNote(INSPECTION_ID, ''));
        const id = c.createdEvidence[action.target % c.createdEvidence.length]!;
        for (const [i, text] of action.texts.entries()) {
          await c.editNote(id, text);
          c.startSync();
          await c.settle();
          // Its check of the team goes through; the push then meets this sitting's fault.
          for (
            let at = network.indexOf(c.index, 'me');
            at >= 0;
            at = network.indexOf(c.index, 'me')
          ) {
            await network.deliver(at, 'ok');
            await c.settle();
          }
          const push = network.indexOf(c.index, 'push');
          if (push >= 0) {
            await network.deliver(push, action.faults[i % action.faults.length]!);
            await c.settle();
          }
        }
      } else if (action.type === 'teamEvidence') {
        // Only while the tablet believes its user is on the team (it has the inspection).
        if (!(await c.db.inspections.get(TEAM_INSPECTION_ID))) return;
        const existing = c.teamNotes[action.target];
        if (existing) await c.editNote(existing, action.text);
        else c.teamNotes.push(await c.writeNote(TEAM_INSPECTION_ID, action.text));
      }
    }

    // The connection comes back for good: every tablet syncs until nothing moves.
    for (const c of clients) if (c.syncing) await c.crash(false);
    network.inflight = [];
    await syncAll();
    await syncAll();

    const inspections = [INSPECTION_ID, TEAM_INSPECTION_ID];
    const rows = await expectConverged(server.store, inspections, clients);
    const merged = await Promise.all(rows.map((r) => server.store.rowById(r.id)));
    await expectNothingLost(
      server.store,
      merged.filter((r) => r !== undefined),
    );
    await expectEveryEditArrived(
      server.store,
      clients,
      rows.filter((r) => r.entity === 'evidence' && r.inspectionId === INSPECTION_ID).length,
    );
  } finally {
    for (const c of clients) await c.destroy();
    await server.store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
