import { sql, type Transaction } from 'kysely';
import type { Connections } from './accounts-store';
import { fromOpRow, fromRowRow } from './codec';
import {
  emptyBuffer,
  endGroupInTurn,
  flushWrites,
  makeTx,
  type BulkWrites,
  type GroupEnd,
  type StoredReads,
  type WriteBuffer,
} from './group-writes';
import { groupReads } from './group-reads';
import type { Hub } from './hub';
import { pullReads } from './pull-reads';
import { SEQ_COUNTER, type Database } from './schema';
import type { PushReadRequest, Store, SyncTx } from './types';

type SyncStore = Pick<
  Store,
  | 'write'
  | 'rowsSince'
  | 'rowsAfter'
  | 'wireRowsAfter'
  | 'headSeq'
  | 'headSeqs'
  | 'pullScope'
  | 'rowById'
  | 'history'
  | 'currentSeq'
>;

/** Hooks where the databases differ; everything else is the same SQL. */
export type DialectHooks = {
  /** A group's ops and rows in bulk: prepared statements on SQLite, JSON on PostgreSQL. */
  bulkWrites: BulkWrites;
  /**
   * The group's last statements before commit (see GroupEnd); PostgreSQL's also NOTIFYs, which is
   * delivered only on commit. Default: the buffer, then the counter, in turn.
   */
  groupEnd?: GroupEnd;
  /** A push's first reads: one statement on PostgreSQL (pg-reads.ts), prepared once on SQLite. */
  storedReads?: StoredReads;
  /** After each durable commit (SQLite: a checkpoint off this thread, sqlite-checkpoint.ts). */
  afterCommit?: () => void;
};

/** Pushes that arrive while a commit is in flight share the next one, up to this many. */
const GROUP_MAX_WRITES = 64;

type Pending = {
  work: (tx: SyncTx) => Promise<unknown>;
  reads: PushReadRequest | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};
type Outcome =
  { ok: true; value: unknown; hints: Map<string, number> } | { ok: false; error: unknown };

/** Thrown inside a group transaction to roll it back when one of its writes failed. */
class WriteFailed extends Error {}

export const syncStore = (
  { read, write }: Connections,
  hub: Hub,
  hooks: DialectHooks,
): SyncStore => {
  const queue: Pending[] = [];
  let draining = false;

  /**
   * Group commit: writes that queue up while a commit is in flight run together in the next
   * transaction, so a burst of pushes pays for one durable commit (one fsync) instead of one each
   * — the difference between ~40 and thousands of pushes a second on a slow disk. Each write is
   * still all-or-nothing and an error fails only that write. The group first runs its writes one
   * after another into one buffer (group-writes.ts), written at the end in a few statements; if
   * any of them fails, that transaction is rolled back and the group runs again with each write
   * in its own savepoint and its own buffer, where a failure rolls back that write alone.
   */
  const lockSeq = async (trx: Transaction<Database>): Promise<number> => {
    // S4: lock the counter row first. On PostgreSQL a writer in another process waits here
    // until we commit, so commit order is seq order; on SQLite this write takes the database
    // write lock at once, so the transaction never has to upgrade a read lock.
    const locked = await trx
      .updateTable('counters')
      .set((eb) => ({ value: eb.ref('value') }))
      .where('name', '=', SEQ_COUNTER)
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(locked.value);
  };

  const groupEnd = hooks.groupEnd ?? endGroupInTurn(hooks.bulkWrites);
  const finish = (
    trx: Transaction<Database>,
    buffer: WriteBuffer | null,
    seqAtStart: number,
    seq: number,
    outcomes: readonly Outcome[],
  ): Promise<void> =>
    groupEnd(trx, {
      buffer,
      seq: seq > seqAtStart ? seq : null,
      hints: outcomes.flatMap((o) =>
        o.ok ? [...o.hints].map(([inspectionId, hintSeq]) => ({ inspectionId, seq: hintSeq })) : [],
      ),
    });

  /**
   * One write of the group on its own view of the transaction (group-writes.ts): its reads and
   * writes go through `buffer`, and it reports the seq it reached and the hints it left.
   */
  const runWrite = async (
    trx: Transaction<Database>,
    item: Pending,
    seqAtStart: number,
    buffer: WriteBuffer,
    storedReads: StoredReads | undefined,
  ): Promise<{ value: unknown; hints: Map<string, number>; seq: number }> => {
    const hints = new Map<string, number>();
    let seq = seqAtStart;
    const tx = makeTx(trx, { seqAtStart, buffer, hints, onSeq: (s) => (seq = s), storedReads });
    const value = await item.work(tx);
    return { value, hints, seq };
  };

  /** Every write into one buffer; throws WriteFailed (rolling back) when any of them fails. */
  const runTogether = (group: readonly Pending[]): Promise<Outcome[]> =>
    write.transaction().execute(async (trx) => {
      const seqAtStart = await lockSeq(trx);
      const declared = group.flatMap((item) => (item.reads ? [item.reads] : []));
      // One read for the whole group (group-reads.ts); not in runAlone below, where each write
      // stores its changes before the next one reads.
      const storedReads =
        hooks.storedReads && declared.length > 0
          ? await groupReads(trx, hooks.storedReads, declared)
          : hooks.storedReads;
      const buffer = emptyBuffer();
      const outcomes: Outcome[] = [];
      let seq = seqAtStart;
      for (const item of group) {
        try {
          const ran = await runWrite(trx, item, seq, buffer, storedReads);
          outcomes.push({ ok: true, value: ran.value, hints: ran.hints });
          seq = ran.seq;
        } catch (error) {
          throw new WriteFailed('a write of the group failed', { cause: error });
        }
      }
      try {
        await finish(trx, buffer, seqAtStart, seq, outcomes);
      } catch (error) {
        throw new WriteFailed('the group could not be written', { cause: error });
      }
      return outcomes;
    });

  /** Each write in its own savepoint with its own buffer, written before the savepoint ends. */
  const runAlone = (group: readonly Pending[]): Promise<Outcome[]> =>
    write.transaction().execute(async (trx) => {
      const seqAtStart = await lockSeq(trx);
      const outcomes: Outcome[] = [];
      let seq = seqAtStart;
      for (const item of group) {
        const buffer = emptyBuffer();
        await sql`savepoint fb_write`.execute(trx);
        try {
          const ran = await runWrite(trx, item, seq, buffer, hooks.storedReads);
          await flushWrites(trx, buffer, hooks.bulkWrites);
          await sql`release savepoint fb_write`.execute(trx);
          seq = ran.seq;
          outcomes.push({ ok: true, value: ran.value, hints: ran.hints });
        } catch (error) {
          await sql`rollback to savepoint fb_write`.execute(trx);
          await sql`release savepoint fb_write`.execute(trx);
          outcomes.push({ ok: false, error });
        }
      }
      await finish(trx, null, seqAtStart, seq, outcomes);
      return outcomes;
    });

  const runGroup = async (group: Pending[]): Promise<void> => {
    let outcomes: Outcome[];
    try {
      try {
        outcomes = await runTogether(group);
      } catch (error) {
        if (!(error instanceof WriteFailed)) throw error;
        // A group of one has nothing else to save: its failure is its answer.
        outcomes = group.length === 1 ? [{ ok: false, error: error.cause }] : await runAlone(group);
      }
    } catch (error) {
      // The commit itself failed: nothing of this group is stored.
      for (const item of group) item.reject(error);
      return;
    }
    hooks.afterCommit?.();
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

  const { rowsAfter, wireRowsAfter, headSeqs, pullScope } = pullReads(read);

  return {
    write<T>(work: (tx: SyncTx) => Promise<T>, reads?: PushReadRequest): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, reads, resolve: (value) => resolve(value as T), reject });
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
    wireRowsAfter,
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
