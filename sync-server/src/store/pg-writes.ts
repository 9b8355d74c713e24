import { sql } from 'kysely';
import type { BulkWrites } from './group-writes';
import { OP_COLUMNS, ROW_COLUMNS, ROW_UPDATED } from './schema';

/**
 * A group's ops and rows on PostgreSQL, each table in one statement whose rows travel as one JSON
 * parameter and are spread into columns by `json_populate_recordset`. Built by Kysely as a
 * multi-row VALUES list, a push of 100 ops was 2,500 bound parameters, each compiled, typed and
 * framed by this process while the group held the seq lock; one JSON.stringify now does that
 * work and the database parses it.
 *
 * Every text that reaches these columns is free of U+0000 (S10 refuses it before a push is
 * judged) and of lone surrogates (push.ts makes a refused op's copied text well formed), the two
 * things a JSON string may hold that PostgreSQL text cannot.
 */
const JSON_ROWS_MAX = 5_000; // a statement's JSON stays a few megabytes

const parts = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += JSON_ROWS_MAX) out.push(items.slice(i, i + JSON_ROWS_MAX));
  return out;
};

const list = (columns: readonly string[]) => sql.raw(columns.join(', '));

export const pgBulkWrites: BulkWrites = {
  async insertOps(trx, rows) {
    for (const part of parts(rows))
      await sql`insert into ops (${list(OP_COLUMNS)})
        select ${list(OP_COLUMNS)} from json_populate_recordset(null::ops, ${JSON.stringify(part)}::json)`.execute(
        trx,
      );
  },
  async upsertRows(trx, rows) {
    const updated = sql.raw(ROW_UPDATED.map((c) => `${c} = excluded.${c}`).join(', '));
    for (const part of parts(rows))
      await sql`insert into rows (${list(ROW_COLUMNS)})
        select ${list(ROW_COLUMNS)} from json_populate_recordset(null::rows, ${JSON.stringify(part)}::json)
        on conflict (id) do update set ${updated}`.execute(trx);
  },
};
