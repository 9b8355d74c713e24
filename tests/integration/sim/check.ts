import { expect } from 'vitest';
import { ROW_TABLES, type LocalRow } from '../../../src/db';
import { toSyncRow, type MergeRow } from '../../../src/domain/merge';
import type { OpRecord, Store } from '../../../sync-server/src/store/types';
import type { SimClient } from './client';

const ALL_ROWS = 1_000_000;

type Comparable = {
  id: string;
  seq: number;
  fields: unknown;
  versions: unknown;
  conflicts: unknown;
  deleted: boolean;
};
const comparable = (row: Comparable): Comparable => ({
  id: row.id,
  seq: row.seq,
  fields: row.fields,
  versions: row.versions,
  conflicts: row.conflicts,
  deleted: row.deleted,
});
const byId = (a: Comparable, b: Comparable) => a.id.localeCompare(b.id);

const localRows = async (client: SimClient): Promise<LocalRow[]> => {
  const rows: LocalRow[] = [];
  for (const table of ROW_TABLES) rows.push(...(await client.db.table<LocalRow>(table).toArray()));
  return rows;
};

/**
 * [S6][S6a] Every tablet holds exactly the server's rows of each inspection its user is on now,
 * field for field, version for version, and none of any other: a member who joined has every
 * row, a removed one has none. Nothing waits to be sent; what the server can no longer take
 * (ops of an inspection the user left) is kept as refused `forbidden`, never dropped.
 */
export const expectConverged = async (
  store: Store,
  inspectionIds: readonly string[],
  clients: SimClient[],
) => {
  const serverRows = (await store.rowsSince(inspectionIds, 0, ALL_ROWS)).map(toSyncRow);
  for (const client of clients) {
    const mine = new Set(await store.inspectionIdsFor(client.userId));
    const expected = serverRows.filter((r) => mine.has(r.inspectionId)).map(comparable);
    const left = await client.db.outbox.toArray();
    // A record whose create the server refused stays on the tablet beside its refused op, for
    // the user to copy or discard; every other row is the server's.
    const refusedCreate = new Set(
      left.filter((op) => op.state === 'rejected').map((op) => op.entityId),
    );
    const onServer = new Set(expected.map((r) => r.id));
    const local = (await localRows(client)).filter(
      (r) => onServer.has(r.id) || !refusedCreate.has(r.id),
    );
    expect(local.map(comparable).sort(byId), `client ${client.index}`).toEqual(expected.sort(byId));
    for (const id of inspectionIds) {
      expect(
        (await client.db.inspections.get(id)) !== undefined,
        `client ${client.index} keeps inspection ${id} only while on its team`,
      ).toBe(mine.has(id));
    }
    expect(
      left.filter((op) => op.state !== 'rejected' || op.reason !== 'forbidden'),
      `client ${client.index} outbox`,
    ).toEqual([]);
  }
  return serverRows;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const deviceOf = (op: OpRecord) => `${op.userId}|${op.clientId}`;

type Replayed = {
  /** Values replaced by an op that had not seen them, from another device: they must be kept. */
  mustKeep: Map<string, unknown[]>;
  /** The last delete missed another device's change on a row that was not deleted. */
  staleDelete: boolean;
  /** Ops the log says raced another device (field, delete or revival). */
  raced: Set<string>;
};

/**
 * The merge rules read again from the operation log, independently of the merge code: a value
 * may leave the current state only by an overwrite that had seen it (base at or above its
 * version), that came from the device that wrote it (S5a), or that wrote an equal value (S5c).
 */
const replay = (history: readonly OpRecord[]): Replayed => {
  const current = new Map<string, { seq: number; device: string; value: unknown }>();
  const mustKeep = new Map<string, unknown[]>();
  const lastByDevice = new Map<string, number>();
  const raced = new Set<string>();
  let staleDelete = false;
  let deletedBy: string | null = null;
  for (const op of history) {
    if (op.status === 'rejected' || op.seq === null) continue;
    const device = deviceOf(op);
    const elsewhere = Math.max(
      0,
      ...[...lastByDevice].filter(([d]) => d !== device).map(([, seq]) => seq),
    );
    if (op.kind === 'delete') {
      const stale = elsewhere > (op.base._row ?? 0);
      if (stale) raced.add(op.opId);
      // A delete of a row already deleted leaves it deleted, stale or not: both wanted it gone.
      staleDelete = deletedBy === null && stale;
      if (!stale) deletedBy = device;
    } else if (op.kind === 'put') {
      if (deletedBy !== null && deletedBy !== device) raced.add(op.opId);
      staleDelete = false;
      deletedBy = null;
    }
    for (const [field, value] of Object.entries(op.fields)) {
      const prior = current.get(field);
      if (
        prior &&
        prior.device !== device &&
        (op.base[field] ?? 0) < prior.seq &&
        !same(prior.value, value)
      ) {
        mustKeep.set(field, [...(mustKeep.get(field) ?? []), prior.value]);
        raced.add(op.opId);
      }
      current.set(field, { seq: op.seq, device, value });
    }
    lastByDevice.set(device, op.seq);
  }
  return { mustKeep, staleDelete, raced };
};

/**
 * [S5][S5a][S5c] Nothing lost, and no device ever in conflict with itself: every replaced value
 * that must be kept is current or among `conflicts[field]`, a stale delete left the row with a
 * `_deleted` entry, and every op the server answered `conflict` raced another device's op.
 */
export const expectNothingLost = async (store: Store, rows: MergeRow[]) => {
  for (const row of rows) {
    const history = await store.history(row.id);
    expect(new Set(history.map((op) => op.opId)).size, 'each op once in the log').toBe(
      history.length,
    );
    const { mustKeep, staleDelete, raced } = replay(history);
    for (const [field, values] of mustKeep) {
      const kept = [row.fields[field], ...(row.conflicts[field] ?? []).map((c) => c.value)];
      for (const value of values) {
        expect(
          kept.some((k) => same(k, value)),
          `${row.id}.${field} keeps ${JSON.stringify(value)}`,
        ).toBe(true);
      }
    }
    if (staleDelete) {
      expect(row.deleted, `${row.id} survives a stale delete`).toBe(false);
      expect(row.conflicts._deleted?.length, `${row.id} records the stale delete`).toBeGreaterThan(
        0,
      );
    }
    for (const op of history.filter((o) => o.status === 'conflict')) {
      expect(
        raced.has(op.opId),
        `${row.id}: op ${op.opId} conflicts only with its own device`,
      ).toBe(true);
    }
  }
};

/**
 * Each tablet's last word on every field it wrote reached the server's log, or (for an inspection
 * whose team it left) is kept on the tablet as a refused op; every create is one row.
 */
export const expectEveryEditArrived = async (
  store: Store,
  clients: SimClient[],
  evidenceRows: number,
) => {
  for (const client of clients) {
    const refused = (await client.db.outbox.toArray()).filter((op) => op.state === 'rejected');
    for (const [key, value] of client.lastWritten) {
      const [entityId, field] = key.split('.') as [string, string];
      const carries = (op: { fields: Record<string, unknown> }) =>
        JSON.stringify(op.fields[field]) === JSON.stringify(value);
      const history = await store.history(entityId);
      const arrived = history.some((op) => op.userId === client.userId && carries(op));
      const kept = refused.some((op) => op.entityId === entityId && carries(op));
      expect(arrived || kept, `client ${client.index} ${key}=${JSON.stringify(value)}`).toBe(true);
    }
  }
  expect(evidenceRows, 'one row per created evidence').toBe(
    clients.reduce((n, c) => n + c.createdEvidence.length, 0),
  );
};

/** [S6] At every step, what a tablet shows includes every edit it has not yet pushed. */
export const expectUnsentVisible = async (client: SimClient) => {
  const unsent = (await client.db.outbox.orderBy('n').toArray()).filter(
    (op) => op.state !== 'rejected',
  );
  const expected = new Map<string, Record<string, unknown>>();
  for (const op of unsent) {
    if (op.kind !== 'put') continue;
    expected.set(op.entityId, { ...expected.get(op.entityId), ...op.fields });
  }
  for (const [id, fields] of expected) {
    const row = (await client.db.childCases.get(id)) ?? (await client.db.evidence.get(id));
    expect(row, `client ${client.index} has ${id}`).toBeDefined();
    for (const [field, value] of Object.entries(fields)) {
      expect(
        (row!.fields as Record<string, unknown>)[field],
        `client ${client.index} shows its unsent ${id}.${field}`,
      ).toEqual(value);
    }
  }
};
