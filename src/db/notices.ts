import type { Retention } from '../domain';
import type { FieldbookDB } from './database';
import { getMeta, META, setMeta } from './meta';

/**
 * Messages for the person about something the device did on its own: an inspection's rows left
 * it (S6a: removed from the team; DESIGN.md §4.3: the inspection was reported). They stay until
 * dismissed. Stored sealed in `meta` (the area names a local authority).
 */
export type DeviceNotice = {
  /** Unique per notice (the inspection id and the time do). */
  id: string;
  kind: 'removed-from-team' | 'reported';
  inspectionId: string;
  /** The inspection's area as it was, since the inspection itself is gone from the device. */
  area: string;
  /** When the device removed the rows (ISO 8601). */
  at: string;
  /** Unsent ops kept as refused (`forbidden`) for the user to copy or discard. */
  refused: number;
  /**
   * Reported: how long the server keeps its content (DESIGN.md §4.3), as `GET /api/me` last said.
   * Absent in notices from before it was recorded, and from a server that does not say.
   */
  retention?: Retention;
};

export const listNotices = async (db: FieldbookDB): Promise<DeviceNotice[]> =>
  (await getMeta<DeviceNotice[]>(db, META.notices.key)) ?? [];

/**
 * Adds a notice. Call it inside the transaction that removes the rows (include `db.meta` in its
 * tables), so the rows never leave without the message that says why.
 */
export const addNotice = async (db: FieldbookDB, notice: DeviceNotice): Promise<void> => {
  const notices = (await listNotices(db)).filter((n) => n.id !== notice.id);
  await setMeta(db, META.notices.key, [...notices, notice]);
};

/**
 * One more change of the inspection kept as refused after its notice was written (an editor's last
 * save, kept-on-leaving.ts): the newest notice naming it counts it, so it does not say everything
 * had reached the server. Call it inside that change's transaction (with `db.meta`).
 */
export const countKeptChange = async (db: FieldbookDB, inspectionId: string): Promise<void> => {
  const notices = await listNotices(db);
  const newest = notices.findLast((n) => n.inspectionId === inspectionId);
  if (!newest) return;
  await setMeta(
    db,
    META.notices.key,
    notices.map((n) => (n === newest ? { ...n, refused: n.refused + 1 } : n)),
  );
};

export const dismissNotice = (db: FieldbookDB, id: string): Promise<void> =>
  db.transaction('rw', db.meta, async () => {
    await setMeta(
      db,
      META.notices.key,
      (await listNotices(db)).filter((n) => n.id !== id),
    );
  });
