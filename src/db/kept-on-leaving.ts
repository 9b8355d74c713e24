import { ENTITIES, REJECT_REASONS, type EntityName } from '../domain';
import { tableFor, type FieldbookDB } from './database';
import { hasLeftDevice } from './forget';
import { countKeptChange } from './notices';
import type { OutboxOp } from './types';

/**
 * The record as the screen editing it shows it. An editor's last save can land after the record has
 * left the device with its inspection (S6a, DESIGN.md §4.3), and then only the screen still knows
 * which inspection it was in and what it was.
 */
export type Shown = { inspectionId: string; fields: Record<string, unknown> };

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
    await db.outbox.add({
      opId: made.opId,
      entity,
      entityId: id,
      inspectionId,
      kind: 'put',
      fields: { ...named, ...changes },
      base: {}, // never sent: it is refused from the start
      createdAt: made.at,
      state: 'rejected',
      reason: REJECT_REASONS.forbidden,
    });
    await countKeptChange(db, inspectionId);
    return true;
  });
};

/**
 * Words typed on a lead's screen that is not saved as you type (a review's follow-up comment is
 * sent only with "Return for follow-up") as the lead's role, or the whole inspection, leaves this
 * device (S8: the coordinator handed the lead over; S6a). The screen closes under the lead's
 * fingers: the words are kept as a refused (`forbidden`) change of the record, to be copied on the
 * refused page, as the server would refuse them anyway. Resolves false, keeping nothing, when
 * `userId` still leads the inspection here: the lead simply left the screen.
 */
export const keepOnLosingLead = (
  db: FieldbookDB,
  userId: string,
  change: { entity: EntityName; id: string; inspectionId: string; fields: Record<string, unknown> },
  made: { opId: string; at: string },
): Promise<boolean> =>
  db.transaction('rw', [db.outbox, db.inspections, db.meta], async () => {
    const inspection = await db.inspections.get(change.inspectionId);
    if (inspection) {
      if (inspection.team.some((m) => m.userId === userId && m.role === 'lead')) return false;
    } else if (!(await hasLeftDevice(db, change.inspectionId))) return false;
    await db.outbox.add({
      opId: made.opId,
      entity: change.entity,
      entityId: change.id,
      inspectionId: change.inspectionId,
      kind: 'put',
      fields: change.fields,
      base: {}, // never sent: it is refused from the start
      createdAt: made.at,
      state: 'rejected',
      reason: REJECT_REASONS.forbidden,
    });
    if (!inspection) await countKeptChange(db, change.inspectionId);
    return true;
  });
