import type { ConflictValue } from '../../../src/domain/rows';
import type { EntityName } from '../../../src/domain/entities';
import type { FieldStamp, MergeRow } from '../../../src/domain/merge';
import type { Database } from './schema';
import type { OpRecord } from './types';

/** Translation between domain shapes and table rows; JSON is text in both databases. */

type RowRow = Database['rows'];
type OpRow = Database['ops'];

const parse = <T>(text: string): T => JSON.parse(text) as T;

export const toRowRow = (row: MergeRow): RowRow => ({
  entity: row.entity,
  id: row.id,
  inspection_id: row.inspectionId,
  seq: row.seq,
  author: row.author,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
  fields: JSON.stringify(row.fields),
  stamps: JSON.stringify(row.stamps),
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
  stamps: parse<Record<string, FieldStamp>>(r.stamps),
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
