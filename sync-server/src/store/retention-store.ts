import { sql } from 'kysely';
import type { Connections } from './accounts-store';
import { auditRows } from './accounts-store';
import { SEQ_COUNTER, type Dialect } from './schema';
import type { Store } from './types';

type RetentionStore = Pick<Store, 'setRetainUntil' | 'setLegalHold' | 'purgeInspection'>;

/** An op body with its content emptied: what it did, to which record, stays; what it said goes. */
const emptied = (body: string): string => {
  try {
    const op: unknown = JSON.parse(body);
    if (typeof op === 'object' && op !== null && !Array.isArray(op))
      return JSON.stringify({ ...op, fields: {} });
  } catch {
    // Not JSON (a refused op kept as sent): nothing of it can be kept safely.
  }
  return '{}';
};

/** Rewritten in slices, so a large inspection never holds every op body in memory at once. */
const OPS_PER_SLICE = 500;

/** DESIGN.md §4.3: retention dates, legal holds and the purge itself. */
export const retentionStore = ({ write }: Connections, dialect: Dialect): RetentionStore => ({
  async setRetainUntil(inspectionId, retainUntil) {
    const result = await write
      .updateTable('inspections')
      .set({ retain_until: retainUntil })
      .where('id', '=', inspectionId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
  async setLegalHold(inspectionId, hold) {
    const result = await write
      .updateTable('inspections')
      .set({
        legal_hold_reason: hold?.reason ?? null,
        legal_hold_since: hold?.since ?? null,
        legal_hold_by: hold?.by ?? null,
      })
      .where('id', '=', inspectionId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
  async purgeInspection(inspectionId, atIso, audit) {
    return write.transaction().execute(async (tx) => {
      // Pushes lock the seq counter first (S4): taking it too, the purge never interleaves with one.
      if (dialect === 'postgres')
        await sql`select value from counters where name = ${SEQ_COUNTER} for update`.execute(tx);
      // Checked again inside the lock: a hold set a moment ago, or another process's purge, wins.
      const inspection = await tx
        .selectFrom('inspections')
        .select(['legal_hold_reason', 'purged_at'])
        .where('id', '=', inspectionId)
        .executeTakeFirst();
      if (!inspection || inspection.legal_hold_reason !== null || inspection.purged_at !== null)
        return null;
      const rows = await tx
        .updateTable('rows')
        .set({ fields: '{}', conflicts: '{}' })
        .where('inspection_id', '=', inspectionId)
        .executeTakeFirst();
      let ops = 0;
      let after = '';
      for (;;) {
        const slice = await tx
          .selectFrom('ops')
          .select(['op_id', 'body'])
          .where('inspection_id', '=', inspectionId)
          .where('op_id', '>', after)
          .orderBy('op_id')
          .limit(OPS_PER_SLICE)
          .execute();
        for (const op of slice)
          await tx
            .updateTable('ops')
            .set({ body: emptied(op.body) })
            .where('op_id', '=', op.op_id)
            .execute();
        ops += slice.length;
        const last = slice.at(-1);
        if (!last || slice.length < OPS_PER_SLICE) break;
        after = last.op_id;
      }
      await tx
        .updateTable('inspections')
        .set({ purged_at: atIso })
        .where('id', '=', inspectionId)
        .execute();
      const counts = { rows: Number(rows.numUpdatedRows), ops };
      await tx
        .insertInto('audit_log')
        .values(auditRows([{ ...audit, detail: { ...audit.detail, ...counts } }]))
        .execute();
      return counts;
    });
  },
});
