import type { Inspection, Retention } from '../domain';
import type { FieldbookDB } from './database';
import { getMeta, META, setMeta } from './meta';

/**
 * Messages for the person about something the device did on its own: an inspection's rows left
 * it (S6a: removed from the team; DESIGN.md §4.3: the inspection was reported), or came back
 * (`added-back`: put on the team again, `reopened`: a coordinator took it out of `reported`, while
 * changes kept when it left still wait). They stay
 * until dismissed, or until they are no longer true. Stored sealed in `meta` (the area names a
 * local authority).
 */
export type DeviceNotice = {
  /** Unique per notice (the inspection id and the time do). */
  id: string;
  kind: 'removed-from-team' | 'reported' | 'added-back' | 'reopened';
  inspectionId: string;
  /** The inspection's area as it was, since the inspection itself is gone from the device. */
  area: string;
  /** When the device removed the rows (ISO 8601). */
  at: string;
  /** Unsent ops kept as refused (`forbidden`) for the user to copy or discard (`added-back`, `reopened`: still kept). */
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

/** What a notice that an inspection left says once it is back: why it is back. */
const RETURNS = { 'removed-from-team': 'added-back', reported: 'reopened' } as const;

/**
 * An inspection that left the device is back (S6a: the user is put back on its team; §4.3: a
 * coordinator reopened a reported one): the notice that it left is out of date. `listed` is what
 * `GET /api/me` lists now, by id, with its status. If changes kept when it left still wait as
 * refused (they are never sent by themselves), a notice says it is back and where those changes
 * are, for them to be entered again; otherwise the notice just goes, as the inspection is back in
 * the list. Reads one meta entry in the usual case (no notice of a listed inspection).
 */
export const settleRemovalNotices = async (
  db: FieldbookDB,
  listed: ReadonlyMap<string, Inspection['status']>,
  now: () => string,
): Promise<void> => {
  const stale = (n: DeviceNotice) =>
    (n.kind === 'removed-from-team' && listed.has(n.inspectionId)) ||
    (n.kind === 'reported' && (listed.get(n.inspectionId) ?? 'reported') !== 'reported');
  if (!(await listNotices(db)).some(stale)) return;
  await db.transaction('rw', [db.meta, db.outbox], async () => {
    const notices = await listNotices(db);
    const back = new Map(notices.filter(stale).map((n) => [n.inspectionId, n]));
    const kept: DeviceNotice[] = [];
    const atIso = now();
    for (const [inspectionId, { area, kind }] of back) {
      const refused = await db.outbox
        .where('[inspectionId+state]')
        .equals([inspectionId, 'rejected'])
        .count();
      if (refused > 0 && (kind === 'removed-from-team' || kind === 'reported')) {
        const returned = RETURNS[kind];
        kept.push({
          id: `${returned}:${inspectionId}:${atIso}`,
          kind: returned,
          inspectionId,
          area,
          at: atIso,
          refused,
        });
      }
    }
    // An earlier "back" notice of the same inspection is replaced too: one message per return.
    const replaced = (n: DeviceNotice) =>
      back.has(n.inspectionId) && (stale(n) || n.kind === 'added-back' || n.kind === 'reopened');
    await setMeta(db, META.notices.key, [...notices.filter((n) => !replaced(n)), ...kept]);
  });
};

export const dismissNotice = (db: FieldbookDB, id: string): Promise<void> =>
  db.transaction('rw', db.meta, async () => {
    await setMeta(
      db,
      META.notices.key,
      (await listNotices(db)).filter((n) => n.id !== id),
    );
  });
