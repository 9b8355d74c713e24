import type { Database as SqliteHandle } from 'better-sqlite3';
import type { StoredReads } from './group-writes';
import type { Database } from './schema';
import type { Membership } from './types';

/**
 * The push hot path on SQLite: the two inserts of every push as statements prepared once and run
 * row by row. Through Kysely each push would parse, compile and re-prepare a statement with over a
 * thousand parameters; here one row costs a few microseconds.
 *
 * These run on the raw handle of the write connection, so they are only ever called from inside
 * a Kysely transaction on that connection: Kysely's connection lock is held, so they take part in
 * that transaction and nothing else can run on the connection in between.
 */
export type FastWrites = {
  insertOps(rows: readonly Database['ops'][]): void;
  upsertRows(rows: readonly Database['rows'][]): void;
};

const OP_COLUMNS = [
  'op_id',
  'seq',
  'user_id',
  'client_id',
  'inspection_id',
  'entity',
  'entity_id',
  'kind',
  'body',
  'body_hash',
  'status',
  'reason',
  'at',
] as const satisfies readonly (keyof Database['ops'])[];

const ROW_COLUMNS = [
  'entity',
  'id',
  'inspection_id',
  'seq',
  'author',
  'created_at',
  'updated_at',
  'fields',
  'stamps',
  'conflicts',
  'deleted',
  'deleted_by',
] as const satisfies readonly (keyof Database['rows'])[];

/** A row's entity, id, inspection, author and creation never change once written (S8). */
const ROW_UPDATED = ['seq', 'updated_at', 'fields', 'stamps', 'conflicts', 'deleted', 'deleted_by'];

const insertSql = (table: string, columns: readonly string[]) =>
  `insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`;

export const sqliteFastWrites = (handle: SqliteHandle): FastWrites => {
  const insertOp = handle.prepare(insertSql('ops', OP_COLUMNS));
  const upsertRow = handle.prepare(
    `${insertSql('rows', ROW_COLUMNS)} on conflict (id) do update set ${ROW_UPDATED.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  );
  return {
    insertOps(rows) {
      for (const row of rows) insertOp.run(row);
    },
    upsertRows(rows) {
      for (const row of rows) upsertRow.run(row);
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
    `select m.inspection_id, m.role, i.framework_id from team_members m
       join inspections i on i.id = m.inspection_id where m.user_id = ?`,
  );
  const ops = handle.prepare(
    `select op_id, user_id, body_hash, status, reason from ops
       where op_id in (select value from json_each(?))`,
  );
  const rows = handle.prepare(`select * from rows where id in (select value from json_each(?))`);
  type Member = { inspection_id: string; role: string; framework_id: string };
  type Seen = Pick<Database['ops'], 'op_id' | 'user_id' | 'body_hash' | 'status' | 'reason'>;
  return async (_trx, userId, opIds, rowIds) => ({
    memberships: (members.all(userId) as Member[]).map((m) => ({
      inspectionId: m.inspection_id,
      role: m.role as Membership['role'],
      frameworkId: m.framework_id,
    })),
    ops: opIds.length > 0 ? (ops.all(JSON.stringify(opIds)) as Seen[]) : [],
    rows: rowIds.length > 0 ? (rows.all(JSON.stringify(rowIds)) as Database['rows'][]) : [],
  });
};
