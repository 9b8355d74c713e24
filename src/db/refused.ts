import { ROW_TABLES, tableFor, type FieldbookDB } from './database';
import type { LocalInspection, LocalRow, OutboxOp } from './types';

/**
 * Changes the server refused (S3 `rejected`). They stay in the outbox until the person who made
 * them has read why and chosen to discard them: never dropped, never silently resent.
 */
export type RefusedChange = {
  op: OutboxOp;
  /** The record as this device has it; absent when its inspection has left the device (S6a). */
  row: LocalRow | undefined;
  /** Absent likewise: the inspection was removed from this device. */
  inspection: LocalInspection | undefined;
};

/** From the index alone (op content is sealed), so the status bar can keep it live on every screen. */
export const countRefused = (db: FieldbookDB, inspectionId?: string): Promise<number> =>
  inspectionId === undefined
    ? db.outbox.where('state').equals('rejected').count()
    : db.outbox.where('[inspectionId+state]').equals([inspectionId, 'rejected']).count();

/** Every refused change, oldest first, with its record and inspection. */
export const listRefused = async (db: FieldbookDB): Promise<RefusedChange[]> => {
  const ops = await db.outbox.where('state').equals('rejected').sortBy('n');
  return Promise.all(
    ops.map(async (op) => ({
      op,
      row: await tableFor(db, op.entity).get(op.entityId),
      inspection: await db.inspections.get(op.inspectionId),
    })),
  );
};

/** The refused changes of one record, for the record's own screen. */
export const refusedOf = async (db: FieldbookDB, entityId: string): Promise<OutboxOp[]> =>
  (await db.outbox.where('entityId').equals(entityId).sortBy('n')).filter(
    (op) => op.state === 'rejected',
  );

/**
 * Only on the user's say-so. The op leaves the outbox, and the record goes back to what the server
 * holds as far as this device can tell: a record that exists here alone (the server never accepted
 * it and nothing else of it waits to be sent) leaves with it; a refused delete is undone; and the
 * fields the op changed take `serverValues` (the server's value at the version this device last
 * saw; `undefined` = not set) where the caller could learn them, unless another unsent op of the
 * record sets them too. One transaction, so a crash leaves all of it or none.
 */
export const discardRefused = (
  db: FieldbookDB,
  opId: string,
  serverValues?: ReadonlyMap<string, unknown>,
): Promise<void> =>
  db.transaction('rw', [db.outbox, ...ROW_TABLES.map((t) => db.table(t))], async () => {
    const op = await db.outbox.where('opId').equals(opId).first();
    if (!op || op.state !== 'rejected') return;
    await db.outbox.delete(op.n!);
    const table = tableFor(db, op.entity);
    const row = await table.get(op.entityId);
    if (!row) return;
    const others = await db.outbox.where('entityId').equals(op.entityId).toArray();
    if (row.seq === 0) {
      if (others.length === 0) await table.delete(op.entityId);
      return;
    }
    if (op.kind === 'delete') {
      if (!others.some((o) => o.kind === 'delete')) await table.put({ ...row, deleted: false });
      return;
    }
    if (!serverValues) return;
    const stillMine = new Set(others.flatMap((o) => Object.keys(o.fields)));
    const fields = { ...(row.fields as Record<string, unknown>) };
    for (const field of Object.keys(op.fields)) {
      if (stillMine.has(field) || !serverValues.has(field)) continue;
      const value = serverValues.get(field);
      if (value === undefined) delete fields[field];
      else fields[field] = value;
    }
    await table.put({ ...row, fields: fields as typeof row.fields });
  });
