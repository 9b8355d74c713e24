import { sql, type RawBuilder, type Transaction } from 'kysely';
import { hintPayload } from './pg-notify';
import { writeAudit, type BulkWrites, type GroupEnd } from './group-writes';
import { OP_COLUMNS, ROW_COLUMNS, ROW_UPDATED, SEQ_COUNTER, type Database } from './schema';

/**
 * A group's ops and rows on PostgreSQL, each table in one statement: every column travels as one
 * text[] parameter in PostgreSQL's binary array format and `unnest` lays the columns side by side
 * into rows. Built by Kysely as a multi-row VALUES list, a push of 100 ops was 2,500 bound
 * parameters. Sent as one JSON parameter for `json_populate_recordset`, each JSON column (a body,
 * a row's fields and stamps) was escaped inside a JSON string here and unescaped there: a group of
 * 500 ops cost PostgreSQL ~47 ms of CPU and this process ~13 ms while the group held the seq lock.
 * In binary each text is its UTF-8 bytes behind a length, copied as they are: ~27 ms and ~5 ms.
 * The stored bytes are the same (test/stored-bytes.test.ts).
 */
const ROWS_PER_STATEMENT = 5_000; // a statement's parameters stay a few megabytes

/** The columns a push writes that are not text (migration 2), cast from text after unnest. */
const NOT_TEXT: Readonly<Record<string, string>> = { seq: 'bigint', deleted: 'integer' };
const TEXT_OID = 25; // pg_type.oid of text: array_recv checks the element type it is sent
const ARRAY_HEADER_BYTES = 20; // dimensions, has-nulls flag, element type, length, lower bound
const NULL_LENGTH = -1;

const NON_ASCII = /[\u0080-\uffff]/; // any code unit above 127, surrogates included
const int32Chars = (n: number): string =>
  String.fromCharCode((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
/** The array's header (ARRAY_HEADER_BYTES) as byte-valued characters, written as latin1. */
const arrayHeader = (count: number, hasNull: boolean): string =>
  int32Chars(1) +
  int32Chars(hasNull ? 1 : 0) +
  int32Chars(TEXT_OID) +
  int32Chars(count) +
  int32Chars(1);

/**
 * Most columns (ids, times, statuses, JSON of English text) are ASCII, one byte per character in
 * UTF-8, and hold no surrogate. Such an array is laid out as one string of byte-valued characters
 * and written in one call (latin1 writes each as its byte) instead of one write per element: for
 * a group of 500 evidence ops, 7.9 -> 5.3 ms of this process's time (medians of 6 interleaved
 * runs on a loaded machine), all of it spent while the group holds the seq lock.
 */
const asciiArray = (texts: readonly (string | null)[]): Buffer | null => {
  if (NON_ASCII.test(texts.join(''))) return null;
  let out = arrayHeader(texts.length, texts.includes(null));
  for (const text of texts)
    out += text === null ? int32Chars(NULL_LENGTH) : int32Chars(text.length) + text;
  return Buffer.from(out, 'latin1');
};

/**
 * A text[] in PostgreSQL's binary array format: each element its UTF-8 bytes after their length
 * (-1 for NULL). UTF-8 cannot hold a lone surrogate, which Buffer.write would silently replace; a
 * well-formed text is required instead (push.ts makes every text that reaches these columns so,
 * and JSON.stringify escapes them), so a slip fails the write as PostgreSQL would have.
 * PostgreSQL refuses U+0000 in text itself (S10 keeps it out before a push is judged).
 */
export const binaryTextArray = (values: readonly (string | number | null)[]): Buffer => {
  const texts = values.map((v) => (v === null ? null : String(v)));
  const ascii = asciiArray(texts);
  if (ascii) return ascii;
  const lengths = texts.map((t) => {
    if (t === null) return NULL_LENGTH;
    if (!t.isWellFormed()) throw new Error('a text for PostgreSQL holds a lone surrogate');
    return Buffer.byteLength(t);
  });
  const size = lengths.reduce((sum, n) => sum + 4 + Math.max(n, 0), ARRAY_HEADER_BYTES);
  const out = Buffer.allocUnsafe(size);
  let at = out.write(arrayHeader(texts.length, lengths.includes(NULL_LENGTH)), 0, 'latin1');
  texts.forEach((text, i) => {
    at = out.writeInt32BE(lengths[i] ?? NULL_LENGTH, at);
    if (text !== null) at += out.write(text, at, 'utf8');
  });
  return out;
};

const parts = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT)
    out.push(items.slice(i, i + ROWS_PER_STATEMENT));
  return out;
};

const list = (columns: readonly string[]) => sql.raw(columns.join(', '));
const updated = sql.raw(ROW_UPDATED.map((c) => `${c} = excluded.${c}`).join(', '));

/** `select <columns> from unnest(<one text[] per column>) as u(<columns>)`, typed back. */
const unnested = <C extends string>(
  columns: readonly C[],
  part: readonly Record<C, string | number | null>[],
) => {
  const typed = columns.map((c) => sql.raw(c in NOT_TEXT ? `${c}::${NOT_TEXT[c]}` : c));
  const arrays = columns.map((c) => sql`${binaryTextArray(part.map((row) => row[c]))}::text[]`);
  return sql`select ${sql.join(typed)} from unnest(${sql.join(arrays)}) as u(${list(columns)})`;
};

const insertOps = (part: readonly Database['ops'][]) =>
  sql`insert into ops (${list(OP_COLUMNS)}) ${unnested(OP_COLUMNS, part)}`;
const upsertRows = (part: readonly Database['rows'][]) =>
  sql`insert into rows (${list(ROW_COLUMNS)}) ${unnested(ROW_COLUMNS, part)}
    on conflict (id) do update set ${updated}`;
/**
 * Rows the group knows are new (WriteBuffer.absent): ON CONFLICT's speculative insertion probes
 * the key and then confirms each row, ~13% of the statement for 500 new rows (20.4 -> 17.7 ms
 * of PostgreSQL's time, medians of 12 EXPLAIN ANALYZE runs).
 */
const insertRows = (part: readonly Database['rows'][]) =>
  sql`insert into rows (${list(ROW_COLUMNS)}) ${unnested(ROW_COLUMNS, part)}`;

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
 * of more than ROWS_PER_STATEMENT ops, or with audit entries (refused ops), writes those first.
 */
export const pgGroupEnd =
  (channel: string, origin: string): GroupEnd =>
  async (trx: Transaction<Database>, { buffer, seq, hints }) => {
    const rows = [...(buffer?.rows.values() ?? [])];
    const opParts = parts(buffer?.ops ?? []);
    const newParts = parts(rows.filter((row) => buffer?.absent.has(row.id)));
    const storedParts = parts(rows.filter((row) => !buffer?.absent.has(row.id)));
    for (const part of opParts.slice(0, -1)) await insertOps(part).execute(trx);
    for (const part of newParts.slice(0, -1)) await insertRows(part).execute(trx);
    for (const part of storedParts.slice(0, -1)) await upsertRows(part).execute(trx);
    if (buffer) await writeAudit(trx, buffer.audit);
    const steps: RawBuilder<unknown>[] = [];
    const lastOps = opParts.at(-1);
    const lastNew = newParts.at(-1);
    const lastStored = storedParts.at(-1);
    if (lastOps) steps.push(sql`o as (${insertOps(lastOps)})`);
    if (lastNew) steps.push(sql`n as (${insertRows(lastNew)})`);
    if (lastStored) steps.push(sql`r as (${upsertRows(lastStored)})`);
    if (seq !== null)
      steps.push(sql`c as (update counters set value = ${seq} where name = ${SEQ_COUNTER})`);
    const notify =
      hints.length > 0
        ? sql`select pg_notify(${channel}, ${hintPayload(origin, hints)})`
        : sql`select 1`;
    if (steps.length === 0 && hints.length === 0) return;
    await (steps.length > 0 ? sql`with ${sql.join(steps)} ${notify}` : notify).execute(trx);
  };
