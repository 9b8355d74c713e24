import { sql, type Transaction } from 'kysely';
import type { MergeRow } from '../../../src/domain/merge';
import { auditRows, type Connections } from './accounts-store';
import { fromOpRow, fromRowRow, toOpRow, toRowRow } from './codec';
import type { Hub } from './hub';
import type { FastWrites } from './sqlite-fast';
import { pullReads } from './pull-reads';
import { SEQ_COUNTER, type Database } from './schema';
import type { Membership, OpSeen, Store, SyncHint, SyncTx } from './types';

type SyncStore = Pick<
  Store,
  | 'write'
  | 'rowsSince'
  | 'rowsAfter'
  | 'headSeq'
  | 'headSeqs'
  | 'pullScope'
  | 'rowById'
  | 'history'
  | 'currentSeq'
>;

/** Hooks where the databases differ; everything else is the same SQL. */
export type DialectHooks = {
  /** Runs inside the transaction just before commit (PostgreSQL: NOTIFY, delivered on commit). */
  beforeCommit?: (trx: Transaction<Database>, hints: readonly SyncHint[]) => Promise<void>;
  /** SQLite: the push's inserts as statements prepared once (see sqlite-fast.ts). */
  fastWrites?: FastWrites;
};

/** Keeps every batched statement far below both databases' bound-parameter limits. */
const CHUNK_ROWS = 500;
const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK_ROWS) out.push(items.slice(i, i + CHUNK_ROWS));
  return out;
};

/** Pushes that arrive while a commit is in flight share the next one, up to this many. */
const GROUP_MAX_WRITES = 64;

type Pending = {
  work: (tx: SyncTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};
type Outcome =
  { ok: true; value: unknown; hints: Map<string, number> } | { ok: false; error: unknown };

const makeTx = (
  trx: Transaction<Database>,
  seqAtStart: number,
  hints: Map<string, number>,
  onSeq: (seq: number) => void,
  fast: FastWrites | undefined,
): SyncTx => ({
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
        {
          inspectionId: r.inspection_id,
          role: r.role as Membership['role'],
          frameworkId: r.framework_id,
        },
      ]),
    );
  },
  async purgedAmong(inspectionIds) {
    const purged = new Set<string>();
    for (const part of chunks([...new Set(inspectionIds)])) {
      const rows = await trx
        .selectFrom('inspections')
        .select('id')
        .where('id', 'in', part)
        .where('purged_at', 'is not', null)
        .execute();
      for (const r of rows) purged.add(r.id);
    }
    return purged;
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
    if (fast) return fast.insertOps(ops.map(toOpRow));
    for (const part of chunks(ops)) await trx.insertInto('ops').values(part.map(toOpRow)).execute();
  },
  async upsertRows(rows) {
    if (fast) return fast.upsertRows(rows.map(toRowRow));
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
    onSeq(seq);
  },
  async audit(entries) {
    for (const part of chunks(auditRows(entries)))
      await trx.insertInto('audit_log').values(part).execute();
  },
  hint({ inspectionId, seq }) {
    hints.set(inspectionId, Math.max(seq, hints.get(inspectionId) ?? 0));
  },
});

export const syncStore = (
  { read, write }: Connections,
  hub: Hub,
  hooks: DialectHooks,
): SyncStore => {
  const queue: Pending[] = [];
  let draining = false;

  /**
   * Group commit: writes that queue up while a commit is in flight run together in the next
   * transaction, each inside its own savepoint. Each write is still all-or-nothing (an error rolls
   * back to its savepoint and fails only that write), but a burst of pushes pays for one durable
   * commit (one fsync) instead of one each — the difference between ~40 and thousands of pushes
   * a second on a slow disk.
   */
  const runGroup = async (group: Pending[]): Promise<void> => {
    const outcomes: Outcome[] = [];
    try {
      await write.transaction().execute(async (trx) => {
        // S4: lock the counter row first. On PostgreSQL a writer in another process waits here
        // until we commit, so commit order is seq order; on SQLite this write takes the database
        // write lock at once, so the transaction never has to upgrade a read lock.
        const locked = await trx
          .updateTable('counters')
          .set((eb) => ({ value: eb.ref('value') }))
          .where('name', '=', SEQ_COUNTER)
          .returning('value')
          .executeTakeFirstOrThrow();
        let seq = Number(locked.value);
        for (const item of group) {
          const hints = new Map<string, number>();
          let seqAfter = seq;
          await sql`savepoint fb_write`.execute(trx);
          try {
            const value = await item.work(
              makeTx(trx, seq, hints, (s) => (seqAfter = s), hooks.fastWrites),
            );
            await sql`release savepoint fb_write`.execute(trx);
            seq = seqAfter;
            outcomes.push({ ok: true, value, hints });
          } catch (error) {
            await sql`rollback to savepoint fb_write`.execute(trx);
            await sql`release savepoint fb_write`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
        const all = outcomes.flatMap((o) =>
          o.ok
            ? [...o.hints].map(([inspectionId, hintSeq]) => ({ inspectionId, seq: hintSeq }))
            : [],
        );
        if (all.length > 0 && hooks.beforeCommit) await hooks.beforeCommit(trx, all);
      });
    } catch (error) {
      // The commit itself failed: nothing of this group is stored.
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, i) => {
      const outcome = outcomes[i];
      if (!outcome) return item.reject(new Error('write was not run'));
      if (!outcome.ok) return item.reject(outcome.error);
      item.resolve(outcome.value);
      for (const [inspectionId, hintSeq] of outcome.hints)
        hub.publish({ inspectionId, seq: hintSeq });
    });
  };

  const drain = async (): Promise<void> => {
    draining = true;
    try {
      while (queue.length > 0) {
        // better-sqlite3 runs each statement synchronously, so a whole transaction passes without
        // the event loop reading a socket. One turn of the loop first lets requests that have
        // already arrived reach this queue and join the group.
        await new Promise((resolve) => setImmediate(resolve));
        await runGroup(queue.splice(0, GROUP_MAX_WRITES));
      }
    } finally {
      draining = false;
    }
  };

  const { rowsAfter, headSeqs, pullScope } = pullReads(read);

  return {
    write<T>(work: (tx: SyncTx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: (value) => resolve(value as T), reject });
        if (!draining) void drain();
      });
    },

    rowsSince(inspectionIds, since, limit) {
      return rowsAfter(
        [...new Set(inspectionIds)].map((inspectionId) => ({ inspectionId, since })),
        limit,
      );
    },

    async headSeq(inspectionIds) {
      return Math.max(0, ...(await headSeqs(inspectionIds)).values());
    },

    rowsAfter,
    headSeqs,

    pullScope,

    async rowById(id) {
      const r = await read.selectFrom('rows').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? fromRowRow(r) : undefined;
    },

    async history(entityId) {
      const rows = await read
        .selectFrom('ops')
        .selectAll()
        .where('entity_id', '=', entityId)
        .where('seq', 'is not', null)
        .orderBy('seq')
        .execute();
      return rows.map(fromOpRow);
    },

    async currentSeq() {
      const r = await read
        .selectFrom('counters')
        .select('value')
        .where('name', '=', SEQ_COUNTER)
        .executeTakeFirstOrThrow();
      return Number(r.value);
    },
  };
};
