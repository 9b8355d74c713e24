import { liveQuery } from 'dexie';
import { concernsFirst, rebase, type PushResult, type SyncRow } from '../domain';
import {
  ROW_TABLES,
  sealAhead,
  TABLE_OF,
  tableFor,
  type FieldbookDB,
  type MetaEntry,
} from './database';
import { REMEMBER_READS_UP_TO } from './encryption';
import { getMeta, META_KEYS } from './meta';
import type { LocalRow, OutboxOp } from './types';

/**
 * The outbox as the sync engine sees it: take a batch to push, settle it with the server's
 * answers, and write pulled pages with their checkpoint — each one transaction.
 */

/** Still for the engine to send: a rejected op waits for the user, not the engine. */
const forTheEngine = (op: OutboxOp | undefined): op is OutboxOp =>
  op !== undefined && op.state !== 'rejected';

/** Ops not yet accepted by the server, oldest first. */
const unsent = async (db: FieldbookDB): Promise<OutboxOp[]> =>
  (await db.outbox.orderBy('n').toArray()).filter(forTheEngine);

/**
 * The unsent ops of these records, oldest first: found by the `entityId` index's keys alone, so
 * only their own ops are read and opened (decrypted), not every op the device has yet to send.
 */
const unsentOf = async (db: FieldbookDB, entityIds: readonly string[]): Promise<OutboxOp[]> => {
  if (entityIds.length === 0) return [];
  const keys = (await db.outbox.where('entityId').anyOf(entityIds).primaryKeys())
    .filter((n) => n !== undefined)
    .sort((a, b) => a - b);
  if (keys.length === 0) return [];
  const ops = await db.outbox.bulkGet(keys);
  return ops.filter(forTheEngine);
};

/** Freezes up to `maxOps` ops as `sending` and returns them in push order; a crashed push resends the same bodies. */
export const takeBatch = (
  db: FieldbookDB,
  maxOps: number,
  maxBytes: number,
  /** Only ops of these inspections: one set up on the device alone has no server to go to. */
  inspectionIds?: ReadonlySet<string>,
  /** Only ops already sent whose answer never came: the server may hold them (S3). */
  sentOnly = false,
): Promise<OutboxOp[]> =>
  db.transaction('rw', db.outbox, async () => {
    const all = (await unsent(db)).filter(
      (op) =>
        (!inspectionIds || inspectionIds.has(op.inspectionId)) &&
        (!sentOnly || op.state === 'sending'),
    );
    const ops = concernsFirst(all).slice(0, maxOps);
    const batch: OutboxOp[] = [];
    let bytes = 0;
    for (const op of ops) {
      bytes += JSON.stringify(op).length;
      if (batch.length > 0 && bytes > maxBytes) break;
      batch.push(op);
    }
    const frozen = batch.map((op) => ({ ...op, state: 'sending' as const }));
    await db.outbox.bulkPut(frozen);
    return frozen;
  });

/** Strips device bookkeeping: the op exactly as S2 puts it on the wire. */
export const toWireOp = ({
  opId,
  entity,
  entityId,
  inspectionId,
  kind,
  fields,
  base,
}: OutboxOp) => ({
  opId,
  entity,
  entityId,
  inspectionId,
  kind,
  fields,
  base,
});

export type SettleSummary = { done: number; rejected: number };

/**
 * Applies the server's answers: accepted ops leave the outbox and the row learns the version its
 * fields now have (so the next edit does not race its own last push); rejected ops stay, marked.
 */
export const settleBatch = (
  db: FieldbookDB,
  batch: OutboxOp[],
  results: PushResult[],
): Promise<SettleSummary> =>
  db.transaction('rw', [db.outbox, ...ROW_TABLES.map((t) => db.table(t))], async () => {
    const byId = new Map(results.map((r) => [r.opId, r]));
    const summary: SettleSummary = { done: 0, rejected: 0 };
    for (const op of batch) {
      const result = byId.get(op.opId);
      if (!result) continue; // no answer for it: it stays `sending` and goes again next time
      const rejectedReason =
        result.status === 'rejected'
          ? result.reason
          : result.status === 'duplicate' && result.original === 'rejected'
            ? (result.reason ?? 'rejected')
            : undefined;
      if (rejectedReason) {
        await db.outbox.put({ ...op, state: 'rejected', reason: rejectedReason });
        summary.rejected += 1;
        continue;
      }
      await db.outbox.delete(op.n!);
      summary.done += 1;
      if (result.status === 'applied' || result.status === 'conflict') {
        const table = tableFor(db, op.entity);
        const row = await table.get(op.entityId);
        if (row && result.seq > row.seq) {
          const versions = { ...row.versions };
          for (const field of Object.keys(op.fields)) versions[field] = result.seq;
          await table.put({ ...row, versions, seq: result.seq });
        }
      }
    }
    return summary;
  });

const toLocal = ({ entity: _entity, ...wire }: SyncRow): LocalRow => ({
  id: wire.id,
  inspectionId: wire.inspectionId,
  fields: wire.fields as LocalRow['fields'],
  seq: wire.seq,
  versions: wire.versions,
  conflicts: wire.conflicts,
  author: wire.author,
  createdAt: wire.createdAt,
  updatedAt: wire.updatedAt,
  deleted: wire.deleted,
});

/**
 * A pulled page made ready to write: each row in its local form and its checkpoint, sealed ahead
 * (`sealed[i]` is `rows[i]`) outside any transaction, so the engine can do it while the page before
 * is being written and the page's own transaction never waits on the crypto. Only the sealing
 * moves: which rows are kept and the rebase onto unsent ops are decided inside that transaction.
 */
export type PreparedPage = {
  rows: readonly SyncRow[];
  sealed: readonly Record<string, unknown>[];
  checkpoint: Record<string, unknown>;
};

const SEAL_SLICE_ROWS = 250;
const PUT_SLICE_ROWS = 250;

export const preparePulledPage = async (
  db: FieldbookDB,
  rows: readonly SyncRow[],
  checkpoint: { key: string; value: unknown },
): Promise<PreparedPage> => {
  const byTable = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const table = TABLE_OF[row.entity];
    const at = byTable.get(table) ?? [];
    at.push(i);
    byTable.set(table, at);
  });
  const sealed: Record<string, unknown>[] = new Array(rows.length);
  // A full page of a first sync is a bulk write: its plaintext is not kept in the page's memory
  // (encryption.ts sealRowsAhead). A small page, a day's news, is: the screens re-read it at once.
  const keep = rows.length <= REMEMBER_READS_UP_TO;
  // A page arrives in the task that parsed and checked it: sealing starts in a task of its own,
  // so the two do not add up to one long task while the screens are in use.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const [entry] = await Promise.all([
    sealAhead(db, 'meta', [checkpoint]),
    ...[...byTable].map(async ([table, at]) => {
      // A slice at a time, sealed in the sealing worker (db/seal-off-thread.ts) where the page has
      // one: the page's thread still writes out each row's content, and a whole page at once
      // would be one long task while the screens are in use.
      for (let from = 0; from < at.length; from += SEAL_SLICE_ROWS) {
        const slice = at.slice(from, from + SEAL_SLICE_ROWS);
        const done = await sealAhead(
          db,
          table,
          slice.map((i) => toLocal(rows[i]!)),
          true,
          keep,
        );
        slice.forEach((i, k) => (sealed[i] = done[k]!));
      }
    }),
  ]);
  return { rows, sealed, checkpoint: entry![0]! };
};

/** Writes one pulled page and its checkpoint in one transaction (S6). */
export const applyPulledPage = async (
  db: FieldbookDB,
  rows: readonly SyncRow[],
  checkpoint: { key: string; value: unknown },
): Promise<void> => writePulledPage(db, await preparePulledPage(db, rows, checkpoint));

/** Writes a page sealed ahead (`preparePulledPage`) and its checkpoint in one transaction (S6). */
export const writePulledPage = (db: FieldbookDB, page: PreparedPage): Promise<void> =>
  db.transaction('rw', [db.outbox, db.meta, ...ROW_TABLES.map((t) => db.table(t))], async () => {
    // A reported inspection this device has forgotten (§4.3) does not come back with a pull.
    // Both asked for at once: each read is a round trip to IndexedDB on the page's critical path.
    // An empty outbox (a new tablet's first sync) is told by one count, not by looking up each of
    // the page's ids in its index; anything in it, and the page's ids are looked up as before.
    const [forgottenIds, outbox] = await Promise.all([
      getMeta<string[]>(db, META_KEYS.forgottenInspections),
      db.outbox.count().then((inOutbox) =>
        inOutbox === 0
          ? []
          : unsentOf(
              db,
              page.rows.map((r) => r.id),
            ),
      ),
    ]);
    const forgotten = new Set(forgottenIds ?? []);
    const ids = new Set(page.rows.filter((r) => !forgotten.has(r.inspectionId)).map((r) => r.id));
    const pendingById = new Map<string, OutboxOp[]>();
    const pending = outbox.filter((op) => ids.has(op.entityId));
    for (const op of pending)
      pendingById.set(op.entityId, [...(pendingById.get(op.entityId) ?? []), op]);
    const byTable = new Map<string, Record<string, unknown>[]>();
    page.rows.forEach((wire, i) => {
      if (forgotten.has(wire.inspectionId)) return;
      const mine = pendingById.get(wire.id) ?? [];
      const table = TABLE_OF[wire.entity];
      const list = byTable.get(table) ?? [];
      // A pull never overwrites an unpushed edit: those rows are rebased here, in the transaction
      // that read the outbox, and sealed on their way in.
      list.push(mine.length ? rebase(toLocal(wire), mine) : page.sealed[i]!);
      byTable.set(table, list);
    });
    // In slices, each put once the one before is stored: a page's puts in one go would be one long
    // task on the page's thread (the clone of every row), blocking the screens.
    for (const [table, tableRows] of byTable) {
      for (let from = 0; from < tableRows.length; from += PUT_SLICE_ROWS)
        await db.table(table).bulkPut(tableRows.slice(from, from + PUT_SLICE_ROWS));
    }
    await db.meta.put(page.checkpoint as MetaEntry);
  });

/**
 * Counted from indexes alone (one single-range count per state: a multi-range `anyOf` would walk a
 * cursor over sealed values), so it is cheap to keep live on every screen.
 */
export const countUnsent = async (db: FieldbookDB, inspectionId?: string): Promise<number> => {
  const count = (state: OutboxOp['state']) =>
    inspectionId === undefined
      ? db.outbox.where('state').equals(state).count()
      : db.outbox.where('[inspectionId+state]').equals([inspectionId, state]).count();
  const [pending, sending] = await Promise.all([count('pending'), count('sending')]);
  return pending + sending;
};

export const listRejected = (db: FieldbookDB): Promise<OutboxOp[]> =>
  db.outbox.where('state').equals('rejected').sortBy('n');

/** Only on the user's explicit say-so: a rejected op is discarded, its record left as the server has it. */
export const discardRejected = async (db: FieldbookDB, opId: string): Promise<void> => {
  await db.outbox.where('opId').equals(opId).delete();
};

/** Calls `listener` with the count of unsent ops now and whenever it changes (in this tab or another). */
export const watchUnsentCount = (
  db: FieldbookDB,
  listener: (count: number) => void,
): (() => void) => {
  const subscription = liveQuery(() => countUnsent(db)).subscribe({
    next: listener,
    error: () => undefined,
  });
  return () => subscription.unsubscribe();
};
