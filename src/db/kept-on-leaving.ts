import { ENTITIES, REJECT_REASONS, type EntityName } from '../domain';
import { tableFor, type FieldbookDB } from './database';
import { hasLeftDevice } from './left-device';
import { countKeptChange } from './notices';
import type { OutboxOp } from './types';

/**
 * The record as the screen editing it shows it. An editor's last save can land after the record has
 * left the device with its inspection (S6a, DESIGN.md §4.3), and then only the screen still knows
 * which inspection it was in and what it was.
 */
export type Shown = { inspectionId: string; fields: Record<string, unknown> };

/**
 * Words the device keeps as a change refused (`forbidden`) from the start, because what they were
 * for can no longer be sent by this user (its inspection or the role it needs left the device):
 * a `put` never pushed, to be copied or discarded on the refused page. The one way such an op is
 * made, inside the caller's transaction (with `db.outbox`).
 */
export const addRefusedOp = async (
  db: FieldbookDB,
  op: Pick<OutboxOp, 'opId' | 'entity' | 'entityId' | 'inspectionId' | 'fields' | 'createdAt'>,
): Promise<void> => {
  await db.outbox.add({
    ...op,
    kind: 'put',
    base: {}, // never sent: it is refused from the start
    state: 'rejected',
    reason: REJECT_REASONS.forbidden,
  });
};

/** An op kept as refused because its inspection left the device with its user (forget.ts). */
const isRefusedOnLeaving = (op: OutboxOp): boolean =>
  op.state === 'rejected' && op.reason === REJECT_REASONS.forbidden && op.kind === 'put';

/**
 * Words saved by an editor still open as the device forgot the record's inspection, kept as a
 * refused (`forbidden`) change like the inspection's unsent ops, to be read, copied or discarded on
 * the refused page — never thrown into an editor that has closed. Resolves false, keeping nothing,
 * when the record is gone for another reason (deleted, never here) or is back: the caller's
 * not-found then stands.
 *
 * A record whose newest op was kept refused takes the words into that op. One with nothing unsent
 * when its inspection left gets a new op, only if the device recorded the inspection as gone (the
 * notice or the reported list, forget.ts); it carries the record's required fields as the screen
 * showed them with the words on top, so the refused page can name it and the copy says what it
 * was, with no row left to read them from.
 */
export const keepOnLeaving = (
  db: FieldbookDB,
  entity: EntityName,
  id: string,
  changes: Record<string, unknown>,
  shown: Shown | undefined,
  made: { opId: string; at: string },
): Promise<boolean> => {
  const table = tableFor(db, entity);
  return db.transaction('rw', [table, db.outbox, db.inspections, db.meta], async () => {
    const [row, last] = await Promise.all([
      table.get(id),
      db.outbox.where('entityId').equals(id).last(),
    ]);
    if (row) return false;
    if (last && isRefusedOnLeaving(last)) {
      await db.outbox.put({ ...last, fields: { ...last.fields, ...changes } });
      return true;
    }
    const inspectionId = last?.inspectionId ?? shown?.inspectionId;
    if (!inspectionId || !(await hasLeftDevice(db, inspectionId))) return false;
    const named = Object.fromEntries(
      ENTITIES[entity].required
        .filter((field) => shown?.fields[field] !== undefined)
        .map((field) => [field, shown?.fields[field]]),
    );
    await addRefusedOp(db, {
      opId: made.opId,
      entity,
      entityId: id,
      inspectionId,
      fields: { ...named, ...changes },
      createdAt: made.at,
    });
    await countKeptChange(db, inspectionId);
    return true;
  });
};
