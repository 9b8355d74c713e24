import type { Op } from './protocol';
import { DELETED_CONFLICT_KEY, type ConflictValue, type SyncRow } from './rows';
import type { EntityName } from './entities';

/**
 * The merge rules of S4–S5 as one pure function: no I/O, no clock (the caller passes the time and
 * the seq it assigned inside its write transaction). The server applies every accepted op through
 * `applyOp`; nothing else decides what becomes current.
 */

/** Who last set a field, so a value it replaces can be kept with its author and time. */
export type FieldStamp = { seq: number; author: string; at: string; opId: string };

export type MergeRow = {
  entity: EntityName;
  id: string;
  inspectionId: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  /** The row's version: the seq of its last change. */
  seq: number;
  deleted: boolean;
  fields: Record<string, unknown>;
  stamps: Record<string, FieldStamp>;
  conflicts: Record<string, ConflictValue[]>;
  /** The op that deleted the row, kept so a later edit that revives it can show the delete. */
  deletedBy: FieldStamp | null;
};

export type MergeContext = { seq: number; author: string; at: string };

export type MergeOutcome =
  { status: 'applied' | 'conflict'; row: MergeRow } | { status: 'rejected'; reason: 'not-found' };

const keep = (
  conflicts: Record<string, ConflictValue[]>,
  field: string,
  entry: ConflictValue,
): Record<string, ConflictValue[]> => ({
  ...conflicts,
  [field]: [...(conflicts[field] ?? []), entry],
});

const stampOf = (op: Op, ctx: MergeContext): FieldStamp => ({
  seq: ctx.seq,
  author: ctx.author,
  at: ctx.at,
  opId: op.opId,
});

export const applyOp = (current: MergeRow | undefined, op: Op, ctx: MergeContext): MergeOutcome => {
  if (!current) {
    if (op.kind !== 'put') return { status: 'rejected', reason: 'not-found' };
    const stamp = stampOf(op, ctx);
    return {
      status: 'applied',
      row: {
        entity: op.entity as EntityName,
        id: op.entityId,
        inspectionId: op.inspectionId,
        author: ctx.author,
        createdAt: ctx.at,
        updatedAt: ctx.at,
        seq: ctx.seq,
        deleted: false,
        fields: { ...op.fields },
        stamps: Object.fromEntries(Object.keys(op.fields).map((f) => [f, stamp])),
        conflicts: {},
        deletedBy: null,
      },
    };
  }
  const stamp = stampOf(op, ctx);
  const touched = { ...current, seq: ctx.seq, updatedAt: ctx.at };

  if (op.kind === 'delete') {
    const seen = op.base._row ?? 0;
    // A delete made without seeing the latest change must not erase it: the row stays and the
    // attempt is kept visibly as a `_deleted` conflict for a person to decide.
    if (seen < current.seq) {
      return {
        status: 'conflict',
        row: {
          ...touched,
          conflicts: keep(current.conflicts, DELETED_CONFLICT_KEY, {
            value: true,
            author: ctx.author,
            at: ctx.at,
            opId: op.opId,
          }),
        },
      };
    }
    return { status: 'applied', row: { ...touched, deleted: true, deletedBy: stamp } };
  }

  let conflicts = current.conflicts;
  let raced = false;
  const fields = { ...current.fields };
  const stamps = { ...current.stamps };
  let deleted = current.deleted;
  let deletedBy = current.deletedBy;

  for (const [field, value] of Object.entries(op.fields)) {
    if (op.kind === 'resolve' && field === DELETED_CONFLICT_KEY) {
      // Choosing whether a contested row stays: `true` deletes it, `false` keeps it.
      const { [DELETED_CONFLICT_KEY]: _dropped, ...rest } = conflicts;
      conflicts = rest;
      if (value === true) {
        deleted = true;
        deletedBy = stamp;
      }
      continue;
    }
    const prior = stamps[field];
    const seenVersion = op.base[field] ?? 0;
    const stale = prior !== undefined && seenVersion < prior.seq;
    if (op.kind === 'resolve' && !stale) {
      const { [field]: _cleared, ...rest } = conflicts;
      conflicts = rest;
    }
    if (stale) {
      // Tie-break: the later-arriving value becomes current; the one it replaced is kept, with
      // its author, time and op, in conflicts[field] until someone resolves it. Nothing is lost.
      raced = true;
      conflicts = keep(conflicts, field, {
        value: fields[field] ?? null,
        author: prior.author,
        at: prior.at,
        opId: prior.opId,
      });
    }
    fields[field] = value;
    stamps[field] = stamp;
  }

  if (current.deleted && op.kind === 'put') {
    // An edit made offline to a row someone else deleted revives it rather than vanish; the
    // delete is kept as a `_deleted` conflict so the team can still choose to delete it.
    raced = true;
    deleted = false;
    if (current.deletedBy) {
      conflicts = keep(conflicts, DELETED_CONFLICT_KEY, {
        value: true,
        author: current.deletedBy.author,
        at: current.deletedBy.at,
        opId: current.deletedBy.opId,
      });
    }
    deletedBy = null;
  }

  return {
    status: raced ? 'conflict' : 'applied',
    row: { ...touched, fields, stamps, conflicts, deleted, deletedBy },
  };
};

/** The wire shape of a merged row (S6). */
export const toSyncRow = (row: MergeRow): SyncRow => ({
  entity: row.entity,
  id: row.id,
  inspectionId: row.inspectionId,
  seq: row.seq,
  author: row.author,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  fields: row.fields,
  versions: Object.fromEntries(Object.entries(row.stamps).map(([f, s]) => [f, s.seq])),
  conflicts: row.conflicts,
  deleted: row.deleted,
});
