import type { Transaction } from 'kysely';
import type { FieldStamp } from '../../../src/domain/merge';
import { decodeDeletedBy, decodeStamps, encodeRowStamps } from './codec';
import type { Database } from './schema';

/**
 * Migration 6's data step (S5a). Stamps written before it name the op that set a field but not
 * the device; the op log does (`ops.client_id`). So each stamp gets its op's `clientId`, and each
 * row the stamps of its last change and of the newest change before it by another device, read
 * from the row's accepted ops. A stamp whose op is not in the log keeps `clientId: null`, which
 * the merge reads as another device: at worst a conflict more, never a value lost. Rows are read
 * in seq order in bounded pages, so a large table never sits in memory at once.
 */
const PAGE_ROWS = 200;

type OpRow = Pick<Database['ops'], 'op_id' | 'seq' | 'client_id' | 'user_id' | 'entity_id' | 'at'>;

const stampOf = (op: OpRow): FieldStamp => ({
  seq: Number(op.seq),
  author: op.user_id,
  at: op.at,
  opId: op.op_id,
  clientId: op.client_id,
});

export const addDevicesToStamps = async (tx: Transaction<Database>): Promise<void> => {
  for (let after = -1; ;) {
    const rows = await tx
      .selectFrom('rows')
      .select(['id', 'seq', 'stamps', 'deleted_by'])
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE_ROWS)
      .execute();
    if (rows.length === 0) return;
    after = Number(rows.at(-1)?.seq);
    const ops = await tx
      .selectFrom('ops')
      .select(['op_id', 'seq', 'client_id', 'user_id', 'entity_id', 'at'])
      .where(
        'entity_id',
        'in',
        rows.map((r) => r.id),
      )
      .where('seq', 'is not', null)
      .orderBy('seq')
      .execute();
    const opsOf = new Map<string, OpRow[]>();
    for (const op of ops) opsOf.set(op.entity_id, [...(opsOf.get(op.entity_id) ?? []), op]);
    for (const row of rows) {
      const mine = opsOf.get(row.id) ?? [];
      const byId = new Map(mine.map((op) => [op.op_id, op]));
      const withDevice = (stamp: FieldStamp): FieldStamp =>
        stamp.clientId === null
          ? { ...stamp, clientId: byId.get(stamp.opId)?.client_id ?? null }
          : stamp;
      const seq = Number(row.seq);
      const last = mine.find((op) => Number(op.seq) === seq);
      const elsewhere = last
        ? mine.findLast(
            (op) =>
              Number(op.seq) < seq &&
              (op.client_id !== last.client_id || op.user_id !== last.user_id),
          )
        : undefined;
      const decoded = decodeStamps(row.stamps);
      const deletedBy = decodeDeletedBy(row.deleted_by);
      const stamps = Object.fromEntries(
        Object.entries(decoded.stamps).map(([field, stamp]) => [field, withDevice(stamp)]),
      );
      await tx
        .updateTable('rows')
        .set({
          stamps: encodeRowStamps({
            stamps,
            changedBy: last ? stampOf(last) : null,
            changedElsewhere: elsewhere ? stampOf(elsewhere) : null,
          }),
          deleted_by: deletedBy ? JSON.stringify(withDevice(deletedBy)) : null,
        })
        .where('id', '=', row.id)
        .execute();
    }
  }
};
