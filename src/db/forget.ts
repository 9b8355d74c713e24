import { sameValue, type MeResponse } from '../domain';
import { ROW_TABLES, type FieldbookDB } from './database';
import { deleteMeta, getMeta, META_KEYS, setMeta } from './meta';
import { isLead, keepDraftsAsRefused } from './drafts-leaving';
import { forgottenIds } from './left-device';
import { addNotice, settleRemovalNotices, type DeviceNotice } from './notices';
import type { OutboxOp } from './types';

/**
 * When an inspection's data leaves this device (S6a, DESIGN.md §4.3). Removed from its team, the
 * device deletes the inspection's rows at once and keeps its unsent ops as refused (`forbidden`)
 * for the user to copy or discard; once a `reported` inspection's own ops are all acknowledged,
 * the device deletes its rows. Either way a notice says why. An inspection set up on the device
 * alone was never on the server and is never forgotten.
 */
export type ForgetReason = Exclude<DeviceNotice['kind'], 'added-back' | 'reopened'>;

const tablesOf = (db: FieldbookDB) => [
  db.inspections,
  db.meta,
  db.outbox,
  ...ROW_TABLES.map((t) => db.table(t)),
];

const opsIn = (db: FieldbookDB, inspectionId: string, state: OutboxOp['state']) =>
  db.outbox.where('[inspectionId+state]').equals([inspectionId, state]);

/**
 * Deletes one inspection's rows from every row table, marks its unsent ops refused (`forbidden`),
 * turns its drafts into refused changes (deleting them), drops the inspection and records a notice — one transaction, so the rows never leave without
 * the message that says why, and no unsent op is ever dropped. Returns how many of its ops are
 * now refused (those just marked and any refused before).
 */
export const forgetInspection = (
  db: FieldbookDB,
  inspectionId: string,
  why: ForgetReason,
  atIso: string,
): Promise<{ refused: number }> =>
  db.transaction('rw', tablesOf(db), async () => {
    const inspection = await db.inspections.get(inspectionId);
    // Words typed into its forms and not sent leave as refused changes too, named while its rows
    // are still here to name them (drafts-leaving.ts); no draft of it stays sealed out of reach.
    await keepDraftsAsRefused(db, inspectionId, atIso);
    for (const table of ROW_TABLES)
      await db.table(table).where('inspectionId').equals(inspectionId).delete();
    const unsent = [
      ...(await opsIn(db, inspectionId, 'pending').toArray()),
      ...(await opsIn(db, inspectionId, 'sending').toArray()),
    ];
    await db.outbox.bulkPut(
      unsent.map((op) => ({ ...op, state: 'rejected' as const, reason: 'forbidden' })),
    );
    const refused = await opsIn(db, inspectionId, 'rejected').count();
    await db.inspections.delete(inspectionId);
    // Rows of an inspection never listed here (see inspectionsLeft) leave without a word: the user
    // never saw it on this device and nothing of theirs was in it.
    if (!inspection && refused === 0) return { refused };
    if (why === 'reported') {
      const forgotten = await forgottenIds(db);
      if (!forgotten.includes(inspectionId))
        await setMeta(db, META_KEYS.forgottenInspections, [...forgotten, inspectionId]);
    }
    if ((await getMeta<string>(db, META_KEYS.activeInspectionId)) === inspectionId)
      await deleteMeta(db, META_KEYS.activeInspectionId);
    await addNotice(db, {
      id: `${why}:${inspectionId}:${atIso}`,
      kind: why,
      inspectionId,
      area: inspection?.area ?? '',
      at: atIso,
      refused,
      ...(why === 'reported' && inspection?.retention ? { retention: inspection.retention } : {}),
    });
    return { refused };
  });

export type ServerScope = {
  /** Inspections the server lists for this user: their ops may be pushed. */
  pushable: ReadonlySet<string>;
  /** Reported inspections still on the device: forget each once its own ops are acknowledged. */
  reported: string[];
  /** Inspections this device has just forgotten because the user left their team. */
  removed: string[];
  /** Forgotten reported inspections the server lists as open again: their rows must be pulled anew. */
  reopened: string[];
  /** Inspections new to this device (the user has just joined their teams): all their rows come next. */
  added: string[];
};

/**
 * The inspections this device had from the server that `GET /api/me` no longer lists: the user has
 * left their teams (S6a). Those the server still counts as the user's but cannot describe now
 * (`unavailable`) are not left.
 *
 * "Had" counts rows as well as the inspections stored: a user added to a team after a sync asked
 * `/me` gets the inspection's rows in that sync's pull before any `/me` has listed it, and if they
 * are taken off again before the next sync, only its rows say it was ever here.
 */
export const inspectionsLeft = async (
  db: FieldbookDB,
  listed: MeResponse['inspections'],
  unavailable: readonly string[] = [],
): Promise<string[]> => {
  const stay = new Set([...listed.map((i) => i.id), ...unavailable]);
  const stored = await db.inspections.toArray();
  const recorded = new Set(stored.map((i) => i.id));
  const had = new Set(stored.filter((i) => i.source === 'server').map((i) => i.id));
  for (const id of await inspectionsWithRows(db)) if (!recorded.has(id)) had.add(id);
  return [...had].filter((id) => !stay.has(id));
};

/** Every inspection some row on the device belongs to: index keys only, one per inspection. */
const inspectionsWithRows = async (db: FieldbookDB): Promise<Set<string>> => {
  const ids = new Set<string>();
  for (const table of ROW_TABLES)
    for (const id of await db.table(table).orderBy('inspectionId').uniqueKeys())
      ids.add(String(id));
  return ids;
};

/**
 * Brings the device's inspections in line with `GET /api/me`: stores the listed ones that changed,
 * forgets `left` (the caller's `inspectionsLeft` of the same answer: removed from the team), and
 * tells the engine which ones it may push and which are reported. It runs at the start of every
 * sync, so in the usual case (nothing changed) it only reads; the transaction over every row
 * table, which would hold up autosaves, is taken only to forget an inspection.
 */
export const reconcileServerInspections = async (
  db: FieldbookDB,
  listed: MeResponse['inspections'],
  /**
   * `inspectionsLeft` of the same answer, found once by the caller (it reads every row table's
   * index), who first asks about their ops sent without an answer.
   */
  left: readonly string[],
  /** The time of a forget, asked only when one happens. */
  now: () => string,
  /**
   * This device's user: a lead role the answer no longer gives them takes its drafts away, and
   * only their id can tell that the role was theirs.
   */
  userId: string,
): Promise<ServerScope> => {
  const listedIds = new Set(listed.map((i) => i.id));
  for (const id of left) await forgetInspection(db, id, 'removed-from-team', now());
  for (const inspection of listed) await loseLeadIfTaken(db, inspection, userId, now);
  await settleRemovalNotices(db, new Map(listed.map((i) => [i.id, i.status])), now);

  return db.transaction('rw', [db.inspections, db.meta], async () => {
    const forgotten = new Set(await forgottenIds(db));
    const gone = (i: (typeof listed)[number]) => i.status === 'reported' && forgotten.has(i.id);
    const stored = new Map((await db.inspections.toArray()).map((i) => [i.id, i]));
    const changed = listed.filter((i) => {
      if (gone(i)) return false;
      const local = stored.get(i.id);
      return (
        !local ||
        local.source !== 'server' ||
        !sameValue({ ...local, source: 'server' }, { ...i, source: 'server' })
      );
    });
    if (changed.length > 0)
      await db.inspections.bulkPut(changed.map((i) => ({ ...i, source: 'server' as const })));
    // A copy stored by a sign-in or refresh since it was forgotten stays gone.
    const back = listed.filter((i) => gone(i) && stored.has(i.id)).map((i) => i.id);
    if (back.length > 0) await db.inspections.bulkDelete(back);
    const reopened = [...forgotten].filter((id) =>
      listed.some((i) => i.id === id && i.status !== 'reported'),
    );
    if (reopened.length > 0) {
      const stillForgotten = [...forgotten].filter((id) => !reopened.includes(id));
      await setMeta(db, META_KEYS.forgottenInspections, stillForgotten);
    }
    return {
      pushable: listedIds,
      reported: listed.filter((i) => i.status === 'reported' && !gone(i)).map((i) => i.id),
      removed: [...left],
      reopened,
      added: changed.filter((i) => !stored.has(i.id)).map((i) => i.id),
    };
  });
};

/**
 * The coordinator handed the lead over (S8): `listed` no longer makes `userId` the lead of an
 * inspection stored with them as its lead. Stores the new team and turns the drafts only a lead
 * may send (the review comment, a referral of a concern someone else raised) into refused
 * changes, in one transaction, so the role never leaves with words kept where no screen of hers
 * reaches them. Reads one inspection in the usual case (nothing changed).
 */
const loseLeadIfTaken = async (
  db: FieldbookDB,
  listed: MeResponse['inspections'][number],
  userId: string,
  now: () => string,
): Promise<void> => {
  const stored = await db.inspections.get(listed.id);
  if (!stored || !isLead(stored.team, userId) || isLead(listed.team, userId)) return;
  await db.transaction('rw', tablesOf(db), async () => {
    const current = await db.inspections.get(listed.id);
    if (!current || !isLead(current.team, userId)) return;
    await keepDraftsAsRefused(db, listed.id, now(), { onlyLeadOnlyOf: userId });
    await db.inspections.put({ ...listed, source: 'server' });
  });
};
