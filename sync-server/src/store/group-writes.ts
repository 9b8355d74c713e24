import type { Transaction } from 'kysely';
import type { MergeRow } from '../../../src/domain/merge';
import { auditRows } from './accounts-store';
import { fromRowRow, toOpRow, toRowRow } from './codec';
import { SEQ_COUNTER, type Database } from './schema';
import type { Membership, OpSeen, SyncHint, SyncTx } from './types';

type OpRow = Database['ops'];
type RowRow = Database['rows'];
type AuditRow = ReturnType<typeof auditRows>[number];

/**
 * The writes of a group of pushes, held in memory until the group ends and then written in a few
 * multi-row statements. On PostgreSQL every statement is a round trip to another process, and a
 * push that wrote as it went paid for five of them on top of its reads; now a whole group pays
 * for a handful. Reads look here before the tables, so a push sees the pushes before it in the
 * group exactly as if their writes were already stored: the buffer holds the encoded table rows,
 * decoded on read just as a row read back from the database would be.
 */
export type WriteBuffer = {
  /** In the order written: a repeated op id fails on flush, as its insert would have. */
  ops: OpRow[];
  opsById: Map<string, OpRow>;
  /** One entry per row id, the newest version: a later upsert of the same row replaces it. */
  rows: Map<string, RowRow>;
  /**
   * Ids of rows this group looked for in the table and did not find. Looked for under the seq
   * lock, which every writer of rows takes, so they are still not stored when the group ends and
   * can be inserted plainly, without ON CONFLICT (pg-writes.ts); every other row is upserted.
   */
  absent: Set<string>;
  audit: AuditRow[];
};

export const emptyBuffer = (): WriteBuffer => ({
  ops: [],
  opsById: new Map(),
  rows: new Map(),
  absent: new Set(),
  audit: [],
});

/** Keeps every batched statement far below both databases' bound-parameter limits. */
const CHUNK_ROWS = 500;
const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK_ROWS) out.push(items.slice(i, i + CHUNK_ROWS));
  return out;
};

/**
 * A dialect's way to write a group's ops and rows in bulk (the hot path: a push of 100 ops is 200
 * table rows). SQLite: statements prepared once (sqlite-fast.ts); PostgreSQL: one JSON parameter
 * per statement (pg-writes.ts). Both run inside the caller's transaction.
 */
export type BulkWrites = {
  insertOps(trx: Transaction<Database>, rows: readonly OpRow[]): Promise<void>;
  upsertRows(trx: Transaction<Database>, rows: readonly RowRow[]): Promise<void>;
};

/** Writes what the buffer holds; the caller's transaction (or savepoint) makes it all-or-nothing. */
export const flushWrites = async (
  trx: Transaction<Database>,
  buffer: WriteBuffer,
  bulk: BulkWrites,
): Promise<void> => {
  await bulk.insertOps(trx, buffer.ops);
  await bulk.upsertRows(trx, [...buffer.rows.values()]);
  await writeAudit(trx, buffer.audit);
};

/** The counter moves once per group, to the last seq its pushes assigned (S4). */
export const storeSeq = async (trx: Transaction<Database>, seq: number): Promise<void> => {
  await trx.updateTable('counters').set({ value: seq }).where('name', '=', SEQ_COUNTER).execute();
};

export const writeAudit = async (
  trx: Transaction<Database>,
  audit: readonly AuditRow[],
): Promise<void> => {
  for (const part of chunks(audit)) await trx.insertInto('audit_log').values(part).execute();
};

/**
 * What a commit group does last, before COMMIT: write its buffer (null when each write already
 * wrote its own, in its savepoint), move the seq counter to the last seq it assigned (null: none),
 * and pass on the hints of the writes that succeeded. The default writes each in turn
 * (endGroupInTurn); PostgreSQL does it all in one statement (pg-writes.ts).
 */
export type GroupEnd = (
  trx: Transaction<Database>,
  end: { buffer: WriteBuffer | null; seq: number | null; hints: readonly SyncHint[] },
) => Promise<void>;

export const endGroupInTurn =
  (bulk: BulkWrites): GroupEnd =>
  async (trx, { buffer, seq }) => {
    if (buffer) await flushWrites(trx, buffer, bulk);
    if (seq !== null) await storeSeq(trx, seq);
  };

/**
 * What a dialect may read in one statement: memberships, the stored ops and rows named, and which
 * of the named inspections are purged.
 */
export type StoredReads = (
  trx: Transaction<Database>,
  userIds: readonly string[],
  opIds: readonly string[],
  rowIds: readonly string[],
  inspectionIds: readonly string[],
) => Promise<{
  memberships: (Membership & { userId: string })[];
  ops: Pick<OpRow, 'op_id' | 'user_id' | 'body_hash' | 'status' | 'reason'>[];
  rows: RowRow[];
  purged: string[];
}>;

export type TxState = {
  seqAtStart: number;
  buffer: WriteBuffer;
  hints: Map<string, number>;
  onSeq: (seq: number) => void;
  /**
   * readForPush in one go: one statement on PostgreSQL, prepared ones on SQLite (sqlite-fast.ts),
   * answered from the group's own read when it covers the request (group-reads.ts).
   */
  storedReads?: StoredReads | undefined;
};

const toSeen = (
  r: Pick<OpRow, 'op_id' | 'user_id' | 'body_hash' | 'status' | 'reason'>,
): OpSeen => ({
  opId: r.op_id,
  userId: r.user_id,
  bodyHash: r.body_hash,
  status: r.status as OpSeen['status'],
  reason: r.reason as OpSeen['reason'],
});

/** Splits ids into those the buffer answers (added to `found`) and those left to read. */
const fromBuffer = <B, T>(
  ids: readonly string[],
  buffered: Map<string, B>,
  decode: (b: B) => T,
  found: Map<string, T>,
): string[] => {
  const stored: string[] = [];
  for (const id of new Set(ids)) {
    const hit = buffered.get(id);
    if (hit) found.set(id, decode(hit));
    else stored.push(id);
  }
  return stored;
};

/** One push's view of the group transaction: reads through the buffer, writes into it. */
export const makeTx = (
  trx: Transaction<Database>,
  { seqAtStart, buffer, hints, onSeq, storedReads }: TxState,
): SyncTx => {
  const memberships = async (userId: string) => {
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
  };
  const opsById = async (opIds: readonly string[]) => {
    const found = new Map<string, OpSeen>();
    for (const part of chunks(fromBuffer(opIds, buffer.opsById, toSeen, found))) {
      const rows = await trx
        .selectFrom('ops')
        .select(['op_id', 'user_id', 'body_hash', 'status', 'reason'])
        .where('op_id', 'in', part)
        .execute();
      for (const r of rows) found.set(r.op_id, toSeen(r));
    }
    return found;
  };
  const rowsById = async (ids: readonly string[]) => {
    const found = new Map<string, MergeRow>();
    for (const part of chunks(fromBuffer(ids, buffer.rows, fromRowRow, found))) {
      const rows = await trx.selectFrom('rows').selectAll().where('id', 'in', part).execute();
      for (const r of rows) found.set(r.id, fromRowRow(r));
      for (const id of part) if (!found.has(id)) buffer.absent.add(id);
    }
    return found;
  };
  const purgedAmong = async (inspectionIds: readonly string[]) => {
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
  };
  return {
    seqAtStart,
    memberships,
    purgedAmong,
    opsById,
    rowsById,
    async readForPush(userId, opIds, rowIds, inspectionIds) {
      if (!storedReads) {
        const [m, seen, rows, purged] = await Promise.all([
          memberships(userId),
          opsById(opIds),
          rowsById(rowIds),
          purgedAmong(inspectionIds),
        ]);
        return { memberships: m, seen, rows, purged };
      }
      const seen = new Map<string, OpSeen>();
      const rows = new Map<string, MergeRow>();
      const rowsToRead = fromBuffer(rowIds, buffer.rows, fromRowRow, rows);
      const stored = await storedReads(
        trx,
        [userId],
        fromBuffer(opIds, buffer.opsById, toSeen, seen),
        rowsToRead,
        [...new Set(inspectionIds)],
      );
      for (const r of stored.ops) seen.set(r.op_id, toSeen(r));
      for (const r of stored.rows) rows.set(r.id, fromRowRow(r));
      for (const id of rowsToRead) if (!rows.has(id)) buffer.absent.add(id);
      return {
        memberships: new Map(
          stored.memberships.flatMap(({ userId: of, ...m }) =>
            of === userId ? [[m.inspectionId, m] as const] : [],
          ),
        ),
        seen,
        rows,
        purged: new Set(stored.purged),
      };
    },
    async insertOps(ops) {
      for (const op of ops) {
        const row = toOpRow(op);
        buffer.ops.push(row);
        buffer.opsById.set(row.op_id, row);
      }
    },
    async upsertRows(rows) {
      for (const row of rows) buffer.rows.set(row.id, toRowRow(row));
    },
    async setSeq(seq) {
      if (seq < seqAtStart) throw new Error(`seq must not go back (${seq} < ${seqAtStart})`);
      onSeq(seq);
    },
    async audit(entries) {
      buffer.audit.push(...auditRows(entries));
    },
    hint({ inspectionId, seq }) {
      hints.set(inspectionId, Math.max(seq, hints.get(inspectionId) ?? 0));
    },
  };
};
