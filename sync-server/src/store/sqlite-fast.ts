import type { Database as SqliteHandle, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import type { BulkWrites, StoredReads } from './group-writes';
import { OP_COLUMNS, ROW_COLUMNS, ROW_UPDATED, type Database } from './schema';
import type { Membership } from './types';

/**
 * The push hot path on SQLite: the two inserts of every push as statements prepared once and run
 * row by row. Through Kysely each push would parse, compile and re-prepare a statement with over a
 * thousand parameters; here one row costs a few microseconds. Values are bound by position, each
 * passed as its own argument: an op row bound by parameter names took 5.96 µs, from an array
 * 5.19, as arguments 4.12 (medians of 16 transactions of 2,000 rows, inside the transaction);
 * one statement of 50 rows bound from an array was no quicker.
 *
 * These run on the raw handle of the write connection, so they are only ever called from inside
 * a Kysely transaction on that connection: Kysely's connection lock is held, so they take part in
 * that transaction and nothing else can run on the connection in between.
 */
type OpRow = Database['ops'];
type RowRow = Database['rows'];

const insertSql = (table: string, columns: readonly string[]) =>
  `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`;

export const sqliteBulkWrites = (handle: SqliteHandle): BulkWrites => {
  const insertOp = handle.prepare(insertSql('ops', OP_COLUMNS));
  const upsertRow = handle.prepare(
    `${insertSql('rows', ROW_COLUMNS)} on conflict (id) do update set ${ROW_UPDATED.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  );
  // In OP_COLUMNS and ROW_COLUMNS order. A slip stores a value in the wrong column: the store
  // tests read every column back, and stored-bytes.test.ts compares them with PostgreSQL's.
  const op = (r: OpRow) =>
    insertOp.run(
      r.op_id,
      r.seq,
      r.user_id,
      r.client_id,
      r.inspection_id,
      r.entity,
      r.entity_id,
      r.kind,
      r.body,
      r.body_hash,
      r.status,
      r.reason,
      r.at,
    );
  const row = (r: RowRow) =>
    upsertRow.run(
      r.entity,
      r.id,
      r.inspection_id,
      r.seq,
      r.author,
      r.created_at,
      r.updated_at,
      r.fields,
      r.stamps,
      r.conflicts,
      r.deleted,
      r.deleted_by,
    );
  return {
    async insertOps(_trx, rows) {
      for (const r of rows) op(r);
    },
    async upsertRows(_trx, rows) {
      for (const r of rows) row(r);
    },
  };
};

/**
 * A push's first reads (readForPush) as statements prepared once, the id lists passed as one JSON
 * array: through Kysely each push compiled and prepared three statements, two of them with a
 * parameter per id. Same rows, same columns as those queries; run on the write handle for the
 * same reason as the writes above.
 */
export const sqliteStoredReads = (handle: SqliteHandle): StoredReads => {
  const members = handle.prepare(
    `select m.user_id, m.inspection_id, m.role, i.framework_id from team_members m
       join inspections i on i.id = m.inspection_id
       where m.user_id in (select value from json_each(?))`,
  );
  const ops = handle.prepare(
    `select op_id, user_id, body_hash, status, reason from ops
       where op_id in (select value from json_each(?))`,
  );
  const rows = handle.prepare(`select * from rows where id in (select value from json_each(?))`);
  const purged = handle.prepare(
    `select id from inspections
       where id in (select value from json_each(?)) and purged_at is not null`,
  );
  type Member = { user_id: string; inspection_id: string; role: string; framework_id: string };
  type Seen = Pick<Database['ops'], 'op_id' | 'user_id' | 'body_hash' | 'status' | 'reason'>;
  return async (_trx, userIds, opIds, rowIds, inspectionIds) => ({
    memberships: (members.all(JSON.stringify(userIds)) as Member[]).map((m) => ({
      userId: m.user_id,
      inspectionId: m.inspection_id,
      role: m.role as Membership['role'],
      frameworkId: m.framework_id,
    })),
    ops: opIds.length > 0 ? (ops.all(JSON.stringify(opIds)) as Seen[]) : [],
    rows: rowIds.length > 0 ? (rows.all(JSON.stringify(rowIds)) as Database['rows'][]) : [],
    purged:
      inspectionIds.length > 0
        ? (purged.all(JSON.stringify(inspectionIds)) as { id: string }[]).map((r) => r.id)
        : [],
  });
};

/** Distinct statements kept; a query with a parameter per id has a text per list length. */
const STATEMENTS_KEPT = 256;

/**
 * The handle as Kysely's SQLite driver sees it, with each statement prepared once: the driver
 * prepares every query it runs again, and a push ran five through it (the session check, begin,
 * the seq lock, the new seq, commit), each parsed and planned by SQLite anew. A statement is only
 * ever run whole (`all`, `run`), one at a time on its connection; a schema change makes SQLite
 * prepare it again by itself. Past STATEMENTS_KEPT texts the cache starts over.
 */
export const preparedOnce = (handle: SqliteHandle): SqliteDatabase => {
  const statements = new Map<string, Statement>();
  return {
    close: () => handle.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= STATEMENTS_KEPT) statements.clear();
        statement = handle.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
};
