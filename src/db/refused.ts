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
 * Only on the user's say-so. The op leaves the outbox; a record that exists on this device alone
 * (the server never accepted it and nothing else of it waits to be sent) leaves with it, since no
 * server copy will ever replace it. One transaction, so a crash leaves both or neither.
 */
export const discardRefused = (db: FieldbookDB, opId: string): Promise<void> =>
  db.transaction('rw', [db.outbox, ...ROW_TABLES.map((t) => db.table(t))], async () => {
    const op = await db.outbox.where('opId').equals(opId).first();
    if (!op || op.state !== 'rejected') return;
    await db.outbox.delete(op.n!);
    const table = tableFor(db, op.entity);
    const row = await table.get(op.entityId);
    const others = await db.outbox.where('entityId').equals(op.entityId).count();
    if (row && row.seq === 0 && others === 0) await table.delete(op.entityId);
  });
