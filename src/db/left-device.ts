import type { FieldbookDB } from './database';
import { getMeta, META_KEYS } from './meta';
import { listNotices, type DeviceNotice } from './notices';

/**
 * What the device recorded of inspections that left it (S6a, §4.3), read by whoever must not
 * bring their words back: forgetting them (forget.ts) and keeping what was typed for them
 * (kept-on-leaving.ts, drafts-leaving.ts). Apart from forget.ts so those never import it back.
 */

/** Reported inspections this device forgot (forget.ts writes the list). */
export const forgottenIds = async (db: FieldbookDB): Promise<string[]> =>
  (await getMeta<string[]>(db, META_KEYS.forgottenInspections)) ?? [];

/**
 * Whether this inspection's data has left the device (S6a or §4.3) as far as the device recorded:
 * it is not stored, and a notice names it or it is a forgotten reported one. An inspection that is
 * merely absent (never here, joined to a server one) does not count. A notice the user dismissed no
 * longer counts either; by then every editor of the inspection has long closed.
 */
export const hasLeftDevice = async (db: FieldbookDB, inspectionId: string): Promise<boolean> => {
  if (await db.inspections.get(inspectionId)) return false;
  if ((await forgottenIds(db)).includes(inspectionId)) return true;
  return (await listNotices(db)).some((n) => n.inspectionId === inspectionId && isLeaving(n));
};

/** A notice that an inspection left the device (not one that says it is back). */
export const isLeaving = (n: DeviceNotice): boolean =>
  n.kind === 'removed-from-team' || n.kind === 'reported';

/** Reported inspections this device has forgotten: rows of them that a pull brings are dropped. */
export const forgottenInspections = async (db: FieldbookDB): Promise<ReadonlySet<string>> =>
  new Set(await forgottenIds(db));
