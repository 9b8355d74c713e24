import type { ConflictValue } from '../../../src/domain/rows';
import type { EntityName } from '../../../src/domain/entities';
import type { FieldStamp, MergeRow } from '../../../src/domain/merge';
import type { Database } from './schema';
import type { OpRecord } from './types';

/** Translation between domain shapes and table rows; JSON is text in both databases. */

type RowRow = Database['rows'];
type OpRow = Database['ops'];

const parse = <T>(text: string): T => JSON.parse(text) as T;

/**
 * Stamps are stored shared: most fields of a row were last set by the same op, so the column
 * holds each distinct stamp once (under `~`, not a field name any entity has) and each field the
 * index of its stamp. An evidence row's stamps shrink from about 1.2 KB to 200 bytes, and every
 * push writes (and fsyncs) that much less. A column without `~` is read as a plain field → stamp
 * map, so both encodings can sit in one table.
 */
const SHARED_STAMPS_KEY = '~';
/**
 * The indexes (in the shared list) of the stamps of the row's last change, `changedBy`, and of the
 * newest change by another device, `changedElsewhere`. Kept in the same column so a row is still
 * one write; like `~`, no entity has a field of these names.
 */
const ROW_STAMP_KEY = '^';
const ELSEWHERE_STAMP_KEY = '^^';

/** A stamp written before v6 has no `clientId`: null, "some other device", until migrated. */
const normalStamp = (stamp: FieldStamp): FieldStamp =>
  stamp.clientId === undefined ? { ...stamp, clientId: null } : stamp;

/** Where each distinct stamp sits in a column's shared list (encodeStamps). */
type StampIndex = {
  shared: FieldStamp[];
  byObject: Map<FieldStamp, number>;
  byOp: Map<string, number>;
};

// The fields one op set share its stamp object, so most look-ups end at the first map; equal
// stamps that are distinct objects (read back from the column) meet in the second. A function of
// its own, not a closure made per row: every pushed op encodes a row.
const indexOfStamp = (index: StampIndex, stamp: FieldStamp): number => {
  let at = index.byObject.get(stamp);
  if (at !== undefined) return at;
  const key = `${stamp.opId}|${stamp.seq}`;
  at = index.byOp.get(key);
  if (at === undefined) {
    at = index.shared.push(stamp) - 1;
    index.byOp.set(key, at);
  }
  index.byObject.set(stamp, at);
  return at;
};

const encodeStamps = (
  stamps: Record<string, FieldStamp>,
  changedBy: FieldStamp | null,
  changedElsewhere: FieldStamp | null,
): string => {
  const index: StampIndex = { shared: [], byObject: new Map(), byOp: new Map() };
  const names = Object.keys(stamps);
  const indexes = names.map((field) => indexOfStamp(index, stamps[field] as FieldStamp));
  // Built in the order the column has always been written: `~`, `^`, `^^`, then the fields.
  const column: Record<string, unknown> = { [SHARED_STAMPS_KEY]: index.shared };
  if (changedBy) column[ROW_STAMP_KEY] = indexOfStamp(index, changedBy);
  if (changedElsewhere) column[ELSEWHERE_STAMP_KEY] = indexOfStamp(index, changedElsewhere);
  names.forEach((field, i) => (column[field] = indexes[i]));
  return JSON.stringify(column);
};

type DecodedStamps = Pick<MergeRow, 'stamps' | 'changedBy' | 'changedElsewhere'>;

export const decodeStamps = (text: string): DecodedStamps => {
  const {
    [SHARED_STAMPS_KEY]: shared,
    [ROW_STAMP_KEY]: rowIndex,
    [ELSEWHERE_STAMP_KEY]: elsewhereIndex,
    ...rest
  } = parse<Record<string, unknown>>(text);
  const stamps: Record<string, FieldStamp> = {};
  if (!Array.isArray(shared)) {
    for (const [field, stamp] of Object.entries(rest))
      stamps[field] = normalStamp(stamp as FieldStamp);
    return { stamps, changedBy: null, changedElsewhere: null };
  }
  const at = (index: unknown): FieldStamp | null => {
    const stamp = shared[index as number] as FieldStamp | undefined;
    return stamp ? normalStamp(stamp) : null;
  };
  for (const [field, index] of Object.entries(rest)) {
    const stamp = at(index);
    if (stamp) stamps[field] = stamp;
  }
  return {
    stamps,
    changedBy: rowIndex === undefined ? null : at(rowIndex),
    changedElsewhere: elsewhereIndex === undefined ? null : at(elsewhereIndex),
  };
};

/** The stamps column for a row: field stamps and the row's last change (see above). */
export const encodeRowStamps = (row: DecodedStamps): string =>
  encodeStamps(row.stamps, row.changedBy, row.changedElsewhere);

export const decodeDeletedBy = (text: string | null): FieldStamp | null =>
  text ? normalStamp(parse<FieldStamp>(text)) : null;

export const toRowRow = (row: MergeRow): RowRow => ({
  entity: row.entity,
  id: row.id,
  inspection_id: row.inspectionId,
  seq: row.seq,
  author: row.author,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
  fields: JSON.stringify(row.fields),
  stamps: encodeRowStamps(row),
  conflicts: JSON.stringify(row.conflicts),
  deleted: row.deleted ? 1 : 0,
  deleted_by: row.deletedBy ? JSON.stringify(row.deletedBy) : null,
});

export const fromRowRow = (r: RowRow): MergeRow => ({
  ...decodeStamps(r.stamps),
  entity: r.entity as EntityName,
  id: r.id,
  inspectionId: r.inspection_id,
  seq: Number(r.seq),
  author: r.author,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  fields: parse<Record<string, unknown>>(r.fields),
  conflicts: parse<Record<string, ConflictValue[]>>(r.conflicts),
  deleted: Boolean(r.deleted),
  deletedBy: decodeDeletedBy(r.deleted_by),
});

/**
 * A stored row as S6 sends it (`toSyncRow` of `fromRowRow`), as JSON text made from the columns:
 * `fields` and `conflicts` are JSON text already (written by `JSON.stringify`, `toRowRow`) and go
 * into the answer as they are, not parsed and written out again. On a first sync of 10,000 notes
 * that parse and its re-serialisation were about half of the server's CPU for a pull page, on the
 * same two cores as the tablet's browser in the bench (issue 10).
 */
export const toWireRowJson = (r: RowRow): string => {
  const { stamps } = decodeStamps(r.stamps);
  const versions: Record<string, number> = {};
  for (const field of Object.keys(stamps)) versions[field] = stamps[field]!.seq;
  return (
    `{"entity":${JSON.stringify(r.entity)},"id":${JSON.stringify(r.id)},` +
    `"inspectionId":${JSON.stringify(r.inspection_id)},"seq":${Number(r.seq)},` +
    `"author":${JSON.stringify(r.author)},"createdAt":${JSON.stringify(r.created_at)},` +
    `"updatedAt":${JSON.stringify(r.updated_at)},"fields":${r.fields},` +
    `"versions":${JSON.stringify(versions)},"conflicts":${r.conflicts},` +
    `"deleted":${Boolean(r.deleted)}}`
  );
};

export const toOpRow = (op: OpRecord): OpRow => ({
  op_id: op.opId,
  seq: op.seq,
  user_id: op.userId,
  client_id: op.clientId,
  inspection_id: op.inspectionId,
  entity: op.entity,
  entity_id: op.entityId,
  kind: op.kind,
  body: JSON.stringify({ fields: op.fields, base: op.base }),
  body_hash: op.bodyHash,
  status: op.status,
  reason: op.reason,
  at: op.at,
});

export const fromOpRow = (r: OpRow): OpRecord => {
  const body = parse<{ fields: Record<string, unknown>; base: Record<string, number> }>(r.body);
  return {
    opId: r.op_id,
    seq: r.seq === null ? null : Number(r.seq),
    userId: r.user_id,
    clientId: r.client_id,
    inspectionId: r.inspection_id,
    entity: r.entity,
    entityId: r.entity_id,
    kind: r.kind,
    fields: body.fields,
    base: body.base,
    bodyHash: r.body_hash,
    status: r.status as OpRecord['status'],
    reason: r.reason as OpRecord['reason'],
    at: r.at,
  };
};
