import type { Kysely, Transaction } from 'kysely';
import type { MergeRow } from '../../../src/domain/merge';
import { auditRows } from './accounts-store';
import { fromOpRow, fromRowRow, toOpRow, toRowRow } from './codec';
import type { Hub } from './hub';
import { SEQ_COUNTER, type Database } from './schema';
import type { Membership, OpSeen, Store, SyncHint, SyncTx } from './types';

type SyncStore = Pick<Store, 'write' | 'rowsSince' | 'rowById' | 'history' | 'currentSeq'>;

/** Hooks where the databases differ; everything else is the same SQL. */
export type DialectHooks = {
  /** Runs inside the transaction just before commit (PostgreSQL: NOTIFY, delivered on commit). */
  beforeCommit?: (trx: Transaction<Database>, hints: readonly SyncHint[]) => Promise<void>;
};

/** Keeps every batched statement far below both databases' bound-parameter limits. */
const CHUNK_ROWS = 500;
const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK_ROWS) out.push(items.slice(i, i + CHUNK_ROWS));
  return out;
};

export const syncStore = (db: Kysely<Database>, hub: Hub, hooks: DialectHooks): SyncStore => ({
  async write(work) {
    const hints = new Map<string, number>();
    const result = await db.transaction().execute(async (trx) => {
      // S4: lock the counter row first. On PostgreSQL a second writer (in this or another process)
      // waits here until we commit, so commit order is seq order; on SQLite this write takes the
      // database write lock at once, so the transaction never has to upgrade a read lock.
      const locked = await trx
        .updateTable('counters')
        .set((eb) => ({ value: eb.ref('value') }))
        .where('name', '=', SEQ_COUNTER)
        .returning('value')
        .executeTakeFirstOrThrow();
      const seqAtStart = Number(locked.value);
      const tx: SyncTx = {
        seqAtStart,
        async memberships(userId) {
          const rows = await trx
            .selectFrom('team_members')
            .innerJoin('inspections', 'inspections.id', 'team_members.inspection_id')
            .select(['team_members.inspection_id', 'team_members.role', 'inspections.framework_id'])
            .where('team_members.user_id', '=', userId)
            .execute();
          return new Map(
            rows.map((r): [string, Membership] => [
              r.inspection_id,
              { inspectionId: r.inspection_id, role: r.role as Membership['role'], frameworkId: r.framework_id },
            ]),
          );
        },
        async opsById(opIds) {
          const found = new Map<string, OpSeen>();
          for (const part of chunks([...new Set(opIds)])) {
            const rows = await trx
              .selectFrom('ops')
              .select(['op_id', 'user_id', 'body_hash', 'status', 'reason'])
              .where('op_id', 'in', part)
              .execute();
            for (const r of rows) {
              found.set(r.op_id, {
                opId: r.op_id,
                userId: r.user_id,
                bodyHash: r.body_hash,
                status: r.status as OpSeen['status'],
                reason: r.reason as OpSeen['reason'],
              });
            }
          }
          return found;
        },
        async rowsById(ids) {
          const found = new Map<string, MergeRow>();
          for (const part of chunks([...new Set(ids)])) {
            const rows = await trx.selectFrom('rows').selectAll().where('id', 'in', part).execute();
            for (const r of rows) found.set(r.id, fromRowRow(r));
          }
          return found;
        },
        async insertOps(ops) {
          for (const part of chunks(ops)) await trx.insertInto('ops').values(part.map(toOpRow)).execute();
        },
        async upsertRows(rows) {
          for (const part of chunks(rows)) {
            await trx
              .insertInto('rows')
              .values(part.map(toRowRow))
              .onConflict((oc) =>
                oc.column('id').doUpdateSet((eb) => ({
                  seq: eb.ref('excluded.seq'),
                  updated_at: eb.ref('excluded.updated_at'),
                  fields: eb.ref('excluded.fields'),
                  stamps: eb.ref('excluded.stamps'),
                  conflicts: eb.ref('excluded.conflicts'),
                  deleted: eb.ref('excluded.deleted'),
                  deleted_by: eb.ref('excluded.deleted_by'),
                })),
              )
              .execute();
          }
        },
        async setSeq(seq) {
          if (seq < seqAtStart) throw new Error(`seq must not go back (${seq} < ${seqAtStart})`);
          await trx.updateTable('counters').set({ value: seq }).where('name', '=', SEQ_COUNTER).execute();
        },
        async audit(entries) {
          for (const part of chunks(auditRows(entries))) await trx.insertInto('audit_log').values(part).execute();
        },
        hint({ inspectionId, seq }) {
          hints.set(inspectionId, Math.max(seq, hints.get(inspectionId) ?? 0));
        },
      };
      const out = await work(tx);
      const list = [...hints].map(([inspectionId, seq]) => ({ inspectionId, seq }));
      if (list.length > 0 && hooks.beforeCommit) await hooks.beforeCommit(trx, list);
      return out;
    });
    for (const [inspectionId, seq] of hints) hub.publish({ inspectionId, seq });
    return result;
  },

  async rowsSince(inspectionIds, since, limit) {
    // One indexed range scan per inspection, merged here: an `in (...)` over several inspections
    // can make a planner sort the whole log, which is what must stay flat at a million ops.
    const perInspection = await Promise.all(
      [...new Set(inspectionIds)].map((inspectionId) =>
        db
          .selectFrom('rows')
          .selectAll()
          .where('inspection_id', '=', inspectionId)
          .where('seq', '>', since)
          .orderBy('seq')
          .limit(limit)
          .execute(),
      ),
    );
    return perInspection
      .flat()
      .map(fromRowRow)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
  },

  async rowById(id) {
    const r = await db.selectFrom('rows').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? fromRowRow(r) : undefined;
  },

  async history(entityId) {
    const rows = await db
      .selectFrom('ops')
      .selectAll()
      .where('entity_id', '=', entityId)
      .where('seq', 'is not', null)
      .orderBy('seq')
      .execute();
    return rows.map(fromOpRow);
  },

  async currentSeq() {
    const r = await db
      .selectFrom('counters')
      .select('value')
      .where('name', '=', SEQ_COUNTER)
      .executeTakeFirstOrThrow();
    return Number(r.value);
  },
});
