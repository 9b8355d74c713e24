import type { FieldbookDB } from './database';
import { deleteMeta, getMeta, META_FAMILIES, metaKeyOf, setMeta } from './meta';

/**
 * Words typed into a form that sends nothing until a button is pressed — the lead's "Return for
 * follow-up" comment, a safeguarding concern before "Save the concern", a journey stage before
 * "Add stage" — kept on this device as they are typed, so an idle lock, a reload or leaving the
 * screen never loses them. They are the device's alone: never an outbox op, never synced. They
 * live in `meta` under the `draft:` family, which the encryption middleware seals like every
 * record (DESIGN.md §5); the screen discards the draft once the button has saved what it held,
 * or when its fields are back to what the form opened with.
 */
export type DraftValue = Record<string, unknown>;
export type Draft<F extends DraftValue = DraftValue> = { fields: F; savedAt: string };

/**
 * The forms that keep drafts, each with what its `id` names. Every form is listed, so a draft
 * whose inspection or role leaves the device becomes a refused change named in words
 * (drafts-leaving.ts).
 */
export const DRAFT_FORMS = {
  /** The lead's "Return for follow-up" comment; id: the evidence. Lead-only (S8). */
  'review-comment': 'evidence',
  /** "Raise a safeguarding concern"; id: `new`. */
  'new-concern': 'new',
  /** A concern's referral step; id: the concern. */
  referral: 'safeguardingConcern',
  /** A journey stage; id: the stage, or `new:<case id>` for "Add a stage". */
  'journey-stage': 'journeyEvent',
  /** "Add a child case"; id: `new`. */
  'new-case': 'new',
  /** A shadowing observation's line before "Add line"; id: the evidence. */
  'shadowing-line': 'evidence',
} as const;
export type DraftForm = keyof typeof DRAFT_FORMS;

/** One draft per form and record: `form` names the screen's form, `id` what it is about. */
export const draftKeyOf = (inspectionId: string, form: DraftForm, id: string): string =>
  metaKeyOf('draft', `${inspectionId}:${form}:${id}`);

/** `draft:<inspection>:<form>:<id>` → its inspection, form and id; null for any other key. */
export const parseDraftKey = (
  key: string,
): { inspectionId: string; form: string; id: string } | null => {
  const [family, inspectionId, form, ...id] = key.split(':');
  if (`${family}:` !== META_FAMILIES.draft.prefix || !inspectionId || !form) return null;
  return { inspectionId, form, id: id.join(':') };
};

export const readDraft = async <F extends DraftValue>(
  db: FieldbookDB,
  key: string,
): Promise<Draft<F> | undefined> => getMeta<Draft<F>>(db, key);

export const writeDraft = (
  db: FieldbookDB,
  key: string,
  fields: DraftValue,
  savedAt: string,
): Promise<void> => setMeta(db, key, { fields, savedAt } satisfies Draft);

export const discardDraft = (db: FieldbookDB, key: string): Promise<void> => deleteMeta(db, key);

const DRAFTS = META_FAMILIES.draft.prefix;

/** How many drafts wait on this device (counted from their keys: nothing is opened). */
export const countDrafts = (db: FieldbookDB): Promise<number> =>
  db.meta.where('key').startsWith(DRAFTS).count();

/** Every draft on this device, opened (for the encrypted copy offered before sign-out). */
export const listDrafts = (db: FieldbookDB) => db.meta.where('key').startsWith(DRAFTS).toArray();
