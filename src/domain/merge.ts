import type { Op } from './protocol';
import { DELETED_CONFLICT_KEY, type ConflictValue, type SyncRow } from './rows';
import type { EntityName } from './entities';
import { keepValue, sameValue } from './conflicts';

/**
 * The merge rules of S4–S5c as one pure function: no I/O, no clock (the caller passes the time and
 * the seq it assigned inside its write transaction). The server applies every accepted op through
 * `applyOp`; nothing else decides what becomes current.
 */

/**
 * Who last set a field (or changed the row), so a value it replaces can be kept with its author
 * and time, and so an op from the same device is never judged stale against it (S5a). `clientId`
 * is null only for a stamp written before the server recorded it and whose op is not in the log:
 * such a value counts as another device's, which can add a conflict but never lose a value.
 */
export type FieldStamp = {
  seq: number;
  author: string;
  at: string;
  opId: string;
  clientId: string | null;
};

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
  /**
   * The op of the row's last change (its `seq`), and the newest change before it by any other
   * device: between them they tell, for any device, the newest change it did not make itself,
   * which is what a delete has to have seen (S5a). Null: none (or, for `changedBy`, unknown).
   */
  changedBy: FieldStamp | null;
  changedElsewhere: FieldStamp | null;
};

/** The op's seq (assigned by the caller inside its write transaction), its user and device, the time. */
export type MergeContext = { seq: number; author: string; clientId: string; at: string };

export type MergeOutcome =
  | { status: 'applied' | 'conflict'; row: MergeRow }
  | { status: 'rejected'; reason: 'not-found' | 'invalid'; message: string };

/** Base keys that name the row's version rather than a field's. */
const ROW_BASE_KEYS: ReadonlySet<string> = new Set(['_row', DELETED_CONFLICT_KEY]);

const stampOf = (op: Op, ctx: MergeContext): FieldStamp => ({
  seq: ctx.seq,
  author: ctx.author,
  at: ctx.at,
  opId: op.opId,
  clientId: ctx.clientId,
});

/**
 * S5a: one device writes in order. A device is its `clientId` under one user: the same id under
 * another user (never sent by the app, which makes a new id per database) is not trusted to be it.
 */
const sameWriter = (stamp: FieldStamp | null | undefined, ctx: MergeContext): boolean =>
  !!stamp &&
  stamp.clientId !== null &&
  stamp.clientId === ctx.clientId &&
  stamp.author === ctx.author;

/** Set after `seen` by another device: the op's editor cannot have seen this value. */
const newerElsewhere = (
  stamp: FieldStamp | null | undefined,
  seen: number,
  ctx: MergeContext,
): stamp is FieldStamp => !!stamp && stamp.seq > seen && !sameWriter(stamp, ctx);

/** S5a for `_row`: another device changed the row after `seen`. */
const rowStale = (row: MergeRow, seen: number, ctx: MergeContext): boolean =>
  (sameWriter(row.changedBy, ctx) ? (row.changedElsewhere?.seq ?? 0) : row.seq) > seen;

/** The row's change bookkeeping after `stamp` changes it. */
const changed = (row: MergeRow, stamp: FieldStamp, ctx: MergeContext) => ({
  seq: stamp.seq,
  updatedAt: stamp.at,
  changedBy: stamp,
  changedElsewhere: sameWriter(row.changedBy, ctx)
    ? row.changedElsewhere
    : // An unknown last change (a row from before devices were recorded) counts as elsewhere.
      (row.changedBy ?? { seq: row.seq, author: '', at: '', opId: '', clientId: null }),
});

/** S5b: a base is a version the server gave, so it can never be above the current one. */
const baseBeyondCurrent = (row: MergeRow | undefined, op: Op): string | null => {
  for (const [key, seen] of Object.entries(op.base)) {
    const current = ROW_BASE_KEYS.has(key) ? (row?.seq ?? 0) : (row?.stamps[key]?.seq ?? 0);
    if (seen > current) return `base.${key} is ${seen}, but its version is ${current}`;
  }
  return null;
};

export const applyOp = (current: MergeRow | undefined, op: Op, ctx: MergeContext): MergeOutcome => {
  const beyond = baseBeyondCurrent(current, op);
  if (beyond) return { status: 'rejected', reason: 'invalid', message: beyond };
  const stamp = stampOf(op, ctx);
  if (!current) {
    if (op.kind !== 'put')
      return { status: 'rejected', reason: 'not-found', message: 'No such record' };
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
        changedBy: stamp,
        changedElsewhere: null,
      },
    };
  }
  const touched = { ...current, ...changed(current, stamp, ctx) };
  const attempt = (by: FieldStamp) => ({
    value: true,
    author: by.author,
    at: by.at,
    opId: by.opId,
  });

  if (op.kind === 'delete') {
    // A delete made without seeing another device's latest change must not erase it: the row
    // stays and the attempt is kept visibly as a `_deleted` conflict for a person to decide.
    if (rowStale(current, op.base._row ?? 0, ctx)) {
      return {
        status: 'conflict',
        row: {
          ...touched,
          conflicts: keepValue(current.conflicts, DELETED_CONFLICT_KEY, attempt(stamp)),
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
    const stale = newerElsewhere(prior, op.base[field] ?? 0, ctx);
    if (op.kind === 'resolve' && !stale) {
      const { [field]: _cleared, ...rest } = conflicts;
      conflicts = rest;
    }
    if (stale && !sameValue(fields[field], value)) {
      // Tie-break: the later-arriving value becomes current; the one it replaced is kept, with
      // its author, time and op, in conflicts[field] until someone resolves it. Nothing is lost.
      // (Replacing a value with an equal one loses nothing, so it is no conflict: S5c.)
      raced = true;
      conflicts = keepValue(conflicts, field, {
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
    // An edit made offline to a row another device deleted revives it rather than vanish; the
    // delete is kept as a `_deleted` conflict so the team can still choose to delete it. After
    // its own delete, a device's edit is a deliberate revival, not a race (S5a).
    deleted = false;
    if (current.deletedBy && !sameWriter(current.deletedBy, ctx)) {
      raced = true;
      conflicts = keepValue(conflicts, DELETED_CONFLICT_KEY, attempt(current.deletedBy));
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
