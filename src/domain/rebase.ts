import type { OpKind } from './protocol';
import { DELETED_CONFLICT_KEY, type ConflictValue } from './rows';

/**
 * How a device orders and shows its own unsent edits: pure, so the outbox (src/db/outbox.ts) and
 * its tests share one definition, beside the server's merge (`applyOp`).
 */

/** An unsent op as far as ordering and rebasing need it. */
export type PendingEdit = {
  entity: string;
  entityId: string;
  kind: OpKind;
  fields: Record<string, unknown>;
};

/** A row as far as rebasing touches it. */
export type RebaseTarget = {
  fields: object;
  conflicts: Record<string, ConflictValue[]>;
  deleted: boolean;
};

/**
 * Re-applies this device's unsent edits, oldest first, on top of a row from the server: a pull
 * never overwrites an unpushed edit (S6). What the device then shows is what the server will hold
 * once they land, with a resolve already clearing the conflict it resolves.
 */
export const rebase = <R extends RebaseTarget>(
  row: R,
  ops: readonly Pick<PendingEdit, 'kind' | 'fields'>[],
): R => {
  let next = row;
  for (const op of ops) {
    if (op.kind === 'delete') {
      next = { ...next, deleted: true };
    } else if (op.kind === 'resolve' && DELETED_CONFLICT_KEY in op.fields) {
      const { [DELETED_CONFLICT_KEY]: _gone, ...conflicts } = next.conflicts;
      next = { ...next, conflicts, deleted: op.fields[DELETED_CONFLICT_KEY] === true };
    } else {
      const conflicts = { ...next.conflicts };
      if (op.kind === 'resolve')
        for (const field of Object.keys(op.fields)) delete conflicts[field];
      next = { ...next, conflicts, fields: { ...next.fields, ...op.fields } };
    }
  }
  return next;
};

/**
 * A safeguarding concern cannot wait behind a day of notes (DESIGN.md §2.2: it syncs first), so
 * its ops — and those of the child case it names, which the server must already have — go to the
 * front. Every record's own ops keep their order, so nothing is applied out of sequence.
 */
export const concernsFirst = <O extends Pick<PendingEdit, 'entity' | 'entityId' | 'fields'>>(
  ops: readonly O[],
): O[] => {
  const urgent = new Set<string>();
  for (const op of ops) {
    if (op.entity !== 'safeguardingConcern') continue;
    urgent.add(op.entityId);
    if (typeof op.fields.caseId === 'string') urgent.add(op.fields.caseId);
  }
  if (urgent.size === 0) return [...ops];
  return [
    ...ops.filter((op) => urgent.has(op.entityId)),
    ...ops.filter((op) => !urgent.has(op.entityId)),
  ];
};
