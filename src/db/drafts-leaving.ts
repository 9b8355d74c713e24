import { v7 } from 'uuid';
import type { EntityName } from '../domain';
import { ROW_TABLES, tableFor, type FieldbookDB } from './database';
import { DRAFT_FORMS, parseDraftKey, type DraftForm, type Draft } from './drafts';
import { hasLeftDevice } from './left-device';
import { addRefusedOp } from './kept-on-leaving';
import { countKeptChange } from './notices';
import { META_FAMILIES } from './meta';
import type { LocalInspection, LocalRow } from './types';

/**
 * What a form showed about the record its draft was for, kept in a refused op made of a draft
 * under the field `_shown` (sealed like every op's fields, never sent: the op is refused from the
 * start), so the refused page can name it in words once the rows it came from have left the
 * device: "Your comment returning evidence “Home visit, 26 Nov 2026, 09:00” for follow-up".
 */
export type ShownDraft = {
  /** `unknown`: a form this version of the app does not know (an older app's draft). */
  form: DraftForm | 'unknown';
  /** The evidence a review comment or an observation line was about. */
  evidence?: Pick<LocalRow<'evidence'>['fields'], 'kind' | 'occurredAt'>;
  /** The child case a concern, a case's journey stage was linked to. */
  caseRef?: string;
  /** When the concern a referral was about was raised. */
  raisedAt?: string;
  /** Whether the draft was for a record not made yet (a new stage, case or concern). */
  isNew: boolean;
  /** The draft's key: its form's last words, saved after it was kept, go into the same change. */
  draftKey: string;
};
export const SHOWN_FIELD = '_shown';

type Parsed = { key: string; form: DraftForm | 'unknown'; id: string; draft: Draft };

const isDraftForm = (form: string): form is DraftForm => Object.hasOwn(DRAFT_FORMS, form);

/** The drafts of one inspection, opened, by their keys (`draft:<inspection>:<form>:<id>`). */
const draftsOf = async (db: FieldbookDB, inspectionId: string): Promise<Parsed[]> => {
  const prefix = `${META_FAMILIES.draft.prefix}${inspectionId}:`;
  const entries = await db.meta.where('key').startsWith(prefix).toArray();
  return entries.map(({ key, value }) => {
    const parsed = parseDraftKey(key);
    return {
      key,
      // A key of a form this app no longer knows still leaves as a change, named generically.
      form: parsed && isDraftForm(parsed.form) ? parsed.form : 'unknown',
      id: parsed?.id ?? '',
      draft: value as Draft,
    };
  });
};

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
/** The fields typed, without those left empty: the refused page lists what was written. */
const typed = (fields: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(fields).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : text(v) !== '')),
  );

type Change = {
  entity: EntityName;
  /** The record's id; undefined for a record not made yet (a new id is given). */
  entityId: string | undefined;
  fields: Record<string, unknown>;
  shown: Omit<ShownDraft, 'form' | 'isNew' | 'draftKey'>;
};

const get = <E extends EntityName>(db: FieldbookDB, entity: E, id: string | undefined) =>
  id ? (tableFor(db, entity).get(id) as Promise<LocalRow<E> | undefined>) : undefined;

const evidenceShown = async (db: FieldbookDB, id: string) => {
  const row = await get(db, 'evidence', id);
  return row ? { evidence: { kind: row.fields.kind, occurredAt: row.fields.occurredAt } } : {};
};
const caseShown = async (db: FieldbookDB, id: string | undefined) => {
  const row = await get(db, 'childCase', id);
  return row ? { caseRef: row.fields.caseRef } : {};
};

/**
 * Each form's draft as the change it would have made, with what the form showed about its record,
 * read from the rows while they are still on the device.
 */
const asChange = async (db: FieldbookDB, inspectionId: string, d: Parsed): Promise<Change> => {
  const f = d.draft.fields;
  switch (d.form) {
    case 'review-comment': {
      const reviews = await db.reviews.where('inspectionId').equals(inspectionId).toArray();
      const review = reviews.find((r) => !r.deleted && r.fields.evidenceId === d.id);
      return {
        entity: 'review',
        entityId: review?.id,
        fields: { evidenceId: d.id, state: 'follow-up', comment: f.comment },
        shown: await evidenceShown(db, d.id),
      };
    }
    case 'new-concern':
      return {
        entity: 'safeguardingConcern',
        entityId: undefined,
        fields: typed({ concern: f.concern }),
        shown: await caseShown(db, text(f.caseId) || undefined),
      };
    case 'referral': {
      const concern = await get(db, 'safeguardingConcern', d.id);
      return {
        entity: 'safeguardingConcern',
        entityId: d.id,
        fields: typed({
          referredTo: f.to,
          referralReference: f.reference,
          referralTakenBy: f.takenBy,
          referredOn: f.date,
          referredAtTime: f.time,
        }),
        shown: concern ? { raisedAt: concern.fields.raisedAt } : {},
      };
    }
    case 'journey-stage': {
      const fresh = d.id.startsWith('new:');
      const event = fresh ? undefined : await get(db, 'journeyEvent', d.id);
      const caseId = fresh ? d.id.slice('new:'.length) : event?.fields.caseId;
      return {
        entity: 'journeyEvent',
        entityId: fresh ? undefined : d.id,
        fields: typed(f),
        shown: await caseShown(db, caseId),
      };
    }
    case 'new-case':
      return { entity: 'childCase', entityId: undefined, fields: typed(f), shown: {} };
    case 'shadowing-line':
      return {
        entity: 'evidence',
        entityId: d.id,
        fields: typed({ line: f.text }),
        shown: await evidenceShown(db, d.id),
      };
    case 'unknown':
      return { entity: 'evidence', entityId: undefined, fields: typed(f), shown: {} };
  }
};

/** The refused change a draft under `key` was kept as, if it still waits. */
const keptFrom = async (db: FieldbookDB, inspectionId: string, key: string) =>
  (
    await db.outbox.where('[inspectionId+state]').equals([inspectionId, 'rejected']).toArray()
  ).findLast((op) => (op.fields[SHOWN_FIELD] as ShownDraft | undefined)?.draftKey === key);

/**
 * Whether this draft is one only the lead may send (S8): a review's comment always; a referral of
 * a concern another member raised (changed only by its raiser or the lead).
 */
const leadOnly = async (db: FieldbookDB, d: Parsed, userId: string): Promise<boolean> => {
  if (d.form === 'review-comment') return true;
  if (d.form !== 'referral') return false;
  const concern = await get(db, 'safeguardingConcern', d.id);
  return concern !== undefined && concern.author !== userId;
};

/**
 * Turns drafts of an inspection into refused (`forbidden`) changes carrying their words and what
 * their form showed, then deletes the drafts: the form that held them can no longer be reached
 * (the inspection left the device, S6a, §4.3; or the user lost the role it needs, S8), and words
 * never vanish without a word (§4.3 "never silently") nor stay sealed where no screen reads them.
 * Run inside the caller's transaction over `db.meta`, `db.outbox` and the row tables, before its
 * rows go; `which` picks the drafts (all of them by default; `onlyLeadOnlyOf`: those only a lead
 * may send, for this user; `only`: the one under this key). A draft with nothing typed in it
 * just goes. Resolves how many new changes it made (a draft kept before goes into its change).
 */
export const keepDraftsAsRefused = async (
  db: FieldbookDB,
  inspectionId: string,
  atIso: string,
  which: { onlyLeadOnlyOf?: string; only?: string } = {},
): Promise<number> => {
  let kept = 0;
  for (const d of await draftsOf(db, inspectionId)) {
    if (which.only !== undefined && d.key !== which.only) continue;
    if (which.onlyLeadOnlyOf !== undefined && !(await leadOnly(db, d, which.onlyLeadOnlyOf)))
      continue;
    const change = await asChange(db, inspectionId, d);
    const hasWords = Object.keys(typed(d.draft.fields)).length > 0;
    const earlier = hasWords ? await keptFrom(db, inspectionId, d.key) : undefined;
    if (earlier) {
      // Kept once already (the form saved again as its screen closed): the newer words replace
      // the older, named as they were when the rows were still here.
      const { [SHOWN_FIELD]: shown } = earlier.fields;
      await db.outbox.put({ ...earlier, fields: { ...change.fields, [SHOWN_FIELD]: shown } });
    } else if (hasWords) {
      const at = Date.parse(atIso);
      const shown: ShownDraft = {
        form: d.form,
        isNew: !change.entityId,
        draftKey: d.key,
        ...change.shown,
      };
      await addRefusedOp(db, {
        opId: v7({ msecs: at }),
        entity: change.entity,
        entityId: change.entityId ?? v7({ msecs: at }),
        inspectionId,
        fields: { ...change.fields, [SHOWN_FIELD]: shown },
        createdAt: d.draft.savedAt || atIso,
      });
      kept += 1;
    }
    await db.meta.delete(d.key);
  }
  return kept;
};

/** Whether `userId` leads the inspection with this team (S8). */
export const isLead = (team: LocalInspection['team'], userId: string): boolean =>
  team.some((m) => m.userId === userId && m.role === 'lead');

/**
 * Whether the form saving under `key` can still send what it holds, for `userId`, as far as the
 * device has it: its inspection is here (or merely absent, not recorded as gone) and, for a
 * lead-only draft, `userId` still leads it.
 */
const outOfReach = async (db: FieldbookDB, key: string, userId: string): Promise<boolean> => {
  const parsed = parseDraftKey(key);
  if (!parsed) return false;
  const inspection = await db.inspections.get(parsed.inspectionId);
  if (!inspection) return hasLeftDevice(db, parsed.inspectionId);
  if (isLead(inspection.team, userId) || !isDraftForm(parsed.form)) return false;
  return leadOnly(
    db,
    { key, form: parsed.form, id: parsed.id, draft: { fields: {}, savedAt: '' } },
    userId,
  );
};

/**
 * A form's last save can land after its inspection or its lead role left the device (the words
 * typed in the moment before; the form still open as its screen closed). Then the draft just
 * written is kept as a refused change at once, like those the leaving turned (and counted in the
 * notice of a gone inspection), never left sealed where no screen reaches it. One read in the
 * usual case (the inspection is here and the user leads it, or the draft is anyone's).
 * Resolves whether it was kept.
 */
export const keepDraftIfOutOfReach = async (
  db: FieldbookDB,
  key: string,
  userId: string,
  atIso: string,
): Promise<boolean> => {
  if (!(await outOfReach(db, key, userId))) return false;
  const { inspectionId } = parseDraftKey(key)!;
  return db.transaction(
    'rw',
    [db.inspections, db.meta, db.outbox, ...ROW_TABLES.map((t) => db.table(t))],
    async () => {
      if (!(await outOfReach(db, key, userId))) return false;
      const gone = !(await db.inspections.get(inspectionId));
      const kept = await keepDraftsAsRefused(db, inspectionId, atIso, {
        only: key,
        ...(gone ? {} : { onlyLeadOnlyOf: userId }),
      });
      if (gone && kept > 0) await countKeptChange(db, inspectionId);
      return true;
    },
  );
};
