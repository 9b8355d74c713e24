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

const encodeStamps = (stamps: Record<string, FieldStamp>): string => {
  const shared: FieldStamp[] = [];
  const byOp = new Map<string, number>();
  const fields: Record<string, number> = {};
  for (const [field, stamp] of Object.entries(stamps)) {
    const key = `${stamp.opId}|${stamp.seq}`;
    let index = byOp.get(key);
    if (index === undefined) {
      index = shared.push(stamp) - 1;
      byOp.set(key, index);
    }
    fields[field] = index;
  }
  return JSON.stringify({ [SHARED_STAMPS_KEY]: shared, ...fields });
};

const decodeStamps = (text: string): Record<string, FieldStamp> => {
  const { [SHARED_STAMPS_KEY]: shared, ...rest } = parse<Record<string, unknown>>(text);
  if (!Array.isArray(shared)) return rest as Record<string, FieldStamp>;
  const stamps: Record<string, FieldStamp> = {};
  for (const [field, index] of Object.entries(rest)) {
    const stamp = shared[index as number] as FieldStamp | undefined;
    if (stamp) stamps[field] = stamp;
  }
  return stamps;
};

export const toRowRow = (row: MergeRow): RowRow => ({
  entity: row.entity,
  id: row.id,
  inspection_id: row.inspectionId,
  seq: row.seq,
  author: row.author,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
  fields: JSON.stringify(row.fields),
  stamps: encodeStamps(row.stamps),
  conflicts: JSON.stringify(row.conflicts),
  deleted: row.deleted ? 1 : 0,
  deleted_by: row.deletedBy ? JSON.stringify(row.deletedBy) : null,
});

export const fromRowRow = (r: RowRow): MergeRow => ({
  entity: r.entity as EntityName,
  id: r.id,
  inspectionId: r.inspection_id,
  seq: Number(r.seq),
  author: r.author,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  fields: parse<Record<string, unknown>>(r.fields),
  stamps: decodeStamps(r.stamps),
  conflicts: parse<Record<string, ConflictValue[]>>(r.conflicts),
  deleted: Boolean(r.deleted),
  deletedBy: r.deleted_by ? parse<FieldStamp>(r.deleted_by) : null,
});

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
