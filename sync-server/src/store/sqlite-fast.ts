import type { Database as SqliteHandle } from 'better-sqlite3';
import type { Database } from './schema';

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
