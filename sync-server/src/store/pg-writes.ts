import { sql, type RawBuilder, type Transaction } from 'kysely';
import { hintPayload } from './pg-notify';
import { writeAudit, type BulkWrites, type GroupEnd } from './group-writes';
import { OP_COLUMNS, ROW_COLUMNS, ROW_UPDATED, SEQ_COUNTER, type Database } from './schema';

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
const updated = sql.raw(ROW_UPDATED.map((c) => `${c} = excluded.${c}`).join(', '));

const insertOps = (part: readonly unknown[]) =>
  sql`insert into ops (${list(OP_COLUMNS)})
    select ${list(OP_COLUMNS)} from json_populate_recordset(null::ops, ${JSON.stringify(part)}::json)`;
const upsertRows = (part: readonly unknown[]) =>
  sql`insert into rows (${list(ROW_COLUMNS)})
    select ${list(ROW_COLUMNS)} from json_populate_recordset(null::rows, ${JSON.stringify(part)}::json)
    on conflict (id) do update set ${updated}`;

export const pgBulkWrites: BulkWrites = {
  async insertOps(trx, rows) {
    for (const part of parts(rows)) await insertOps(part).execute(trx);
  },
  async upsertRows(trx, rows) {
    for (const part of parts(rows)) await upsertRows(part).execute(trx);
  },
};

/**
 * The end of a commit group as one statement: its ops and rows (each a data-modifying WITH, which
 * PostgreSQL always runs to completion), the seq counter moved to the group's last seq (S4) and
 * the NOTIFY for other processes' streams (S7, delivered only on commit). They were four round
 * trips while the group held the counter lock, and every other group waited for them. A group
 * of more than JSON_ROWS_MAX ops, or with audit entries (refused ops), writes those first.
 */
export const pgGroupEnd =
  (channel: string, origin: string): GroupEnd =>
  async (trx: Transaction<Database>, { buffer, seq, hints }) => {
    const opParts = parts(buffer?.ops ?? []);
    const rowParts = parts([...(buffer?.rows.values() ?? [])]);
    for (const part of opParts.slice(0, -1)) await insertOps(part).execute(trx);
    for (const part of rowParts.slice(0, -1)) await upsertRows(part).execute(trx);
    if (buffer) await writeAudit(trx, buffer.audit);
    const steps: RawBuilder<unknown>[] = [];
    const lastOps = opParts.at(-1);
    const lastRows = rowParts.at(-1);
    if (lastOps) steps.push(sql`o as (${insertOps(lastOps)})`);
    if (lastRows) steps.push(sql`r as (${upsertRows(lastRows)})`);
    if (seq !== null)
      steps.push(sql`c as (update counters set value = ${seq} where name = ${SEQ_COUNTER})`);
    const notify =
      hints.length > 0
        ? sql`select pg_notify(${channel}, ${hintPayload(origin, hints)})`
        : sql`select 1`;
    if (steps.length === 0 && hints.length === 0) return;
    await (steps.length > 0 ? sql`with ${sql.join(steps)} ${notify}` : notify).execute(trx);
  };
