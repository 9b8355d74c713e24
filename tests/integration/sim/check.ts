import { expect } from 'vitest';
import { ROW_TABLES, type LocalRow } from '../../../src/db';
import { toSyncRow, type MergeRow } from '../../../src/domain/merge';
import type { Store } from '../../../sync-server/src/store/types';
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

/** Every tablet holds exactly the server's rows, field for field, version for version. */
export const expectConverged = async (store: Store, inspectionId: string, clients: SimClient[]) => {
  const serverRows = (await store.rowsSince([inspectionId], 0, ALL_ROWS)).map(toSyncRow);
  const expected = serverRows.map(comparable).sort((a, b) => a.id.localeCompare(b.id));
  for (const client of clients) {
    const local: LocalRow[] = [];
    for (const table of ROW_TABLES)
      local.push(...(await client.db.table<LocalRow>(table).toArray()));
    expect(
      local.map(comparable).sort((a, b) => a.id.localeCompare(b.id)),
      `client ${client.index}`,
    ).toEqual(expected);
    expect(await client.db.outbox.count(), `client ${client.index} outbox`).toBe(0);
  }
  return serverRows;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Nothing lost, read from the operation log rather than from the merge code: a value may leave
 * the current state only by an overwrite that had seen it — its base at or above the value's
 * version — or that came from the device that wrote it (S5a), or that wrote an equal value
 * (S5c). Any other replaced value must still be among `conflicts[field]`; a delete that missed
 * another device's change must have left the row with a `_deleted` entry.
 */
export const expectNothingLost = async (store: Store, rows: MergeRow[]) => {
  for (const row of rows) {
    const history = await store.history(row.id);
    expect(new Set(history.map((op) => op.opId)).size, 'each op once in the log').toBe(
      history.length,
    );
    const current = new Map<string, { seq: number; device: string; value: unknown }>();
    const mustKeep = new Map<string, unknown[]>();
    let staleDelete = false;
    let deleted = false;
    const lastByDevice = new Map<string, number>();
    for (const op of history) {
      if (op.status === 'rejected' || op.seq === null) continue;
      const device = `${op.userId}|${op.clientId}`;
      const elsewhere = Math.max(
        0,
        ...[...lastByDevice].filter(([d]) => d !== device).map(([, seq]) => seq),
      );
      if (op.kind === 'delete') {
        // A delete of a row already deleted leaves it deleted, stale or not: both wanted it gone.
        staleDelete = !deleted && elsewhere > (op.base._row ?? 0);
        deleted ||= !staleDelete;
      } else if (op.kind === 'put') {
        staleDelete = false;
        deleted = false;
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
        }
        current.set(field, { seq: op.seq, device, value });
      }
      lastByDevice.set(device, op.seq);
    }
    for (const [field, values] of mustKeep) {
      const kept = [row.fields[field], ...(row.conflicts[field] ?? []).map((c) => c.value)];
      for (const value of values) {
        expect(
          kept.some((k) => same(k, value)),
          `${row.id}.${field} keeps ${JSON.stringify(value)}`,
        ).toBe(true);
      }
    }
    // The last delete, if it missed another device's change, left the row and said so.
    if (staleDelete) {
      expect(row.deleted, `${row.id} survives a stale delete`).toBe(false);
      expect(row.conflicts._deleted?.length, `${row.id} records the stale delete`).toBeGreaterThan(
        0,
      );
    }
  }
};

/** Each tablet's last word on every field it wrote reached the server's log; every create is one row. */
export const expectEveryEditArrived = async (
  store: Store,
  clients: SimClient[],
  evidenceRows: number,
) => {
  for (const client of clients) {
    for (const [key, value] of client.lastWritten) {
      const [entityId, field] = key.split('.') as [string, string];
      const history = await store.history(entityId);
      const arrived = history.some(
        (op) =>
          op.userId === client.userId && JSON.stringify(op.fields[field]) === JSON.stringify(value),
      );
      expect(arrived, `client ${client.index} ${key}=${JSON.stringify(value)}`).toBe(true);
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
