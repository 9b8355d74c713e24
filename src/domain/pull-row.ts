import { ENTITY_NAMES } from './entities';
import { SyncRowSchema, type ConflictValue, type SyncRow } from './rows';

/**
 * `SyncRowSchema.safeParse` for a pulled page's rows, on the client's hot path. SyncRowSchema stays
 * the one contract (STYLE.md 1): this answers alone only for a row that plainly passes it, with
 * the value zod would give (the same keys in the same order at every level), and says "ask zod"
 * (null) for anything else, so every refusal stays zod's. zod's general walk over a row, with a
 * copy of its fields, versions and conflicts, was ~10 µs a row of a new tablet's first sync on
 * the page's thread, 10,000 rows of it (issue 10); this is a few checks a key. `fields` and
 * `versions` are handed on as parsed (a caller's own, fresh from JSON.parse), not copied.
 * pull-row.test.ts holds the two equal.
 */

/**
 * The keys `plainSyncRow` builds a row from, in SyncRowSchema's order. Should the schema gain or
 * lose one, the quick path turns itself off (every row goes to zod) and a test fails until this
 * is taught the change.
 */
const BUILT = [
  'entity',
  'id',
  'inspectionId',
  'seq',
  'author',
  'createdAt',
  'updatedAt',
  'fields',
  'versions',
  'conflicts',
  'deleted',
];
const ROW_KEYS: ReadonlySet<string> = new Set(Object.keys(SyncRowSchema.shape));
export const quickPathKnowsSyncRow = BUILT.join() === [...ROW_KEYS].join();
const ENTITIES: ReadonlySet<unknown> = new Set(ENTITY_NAMES);

/**
 * An object zod's `z.record` surely takes as it is: made by JSON.parse (Object's own prototype),
 * with none of the keys zod's plain-object test or its copy treats apart (an own `constructor`
 * makes zod look at that value's prototype; `__proto__` would not be copied by assignment).
 */
const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  Object.getPrototypeOf(value) === Object.prototype &&
  !Object.hasOwn(value, 'constructor') &&
  !Object.hasOwn(value, '__proto__');

const isVersion = (value: unknown) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** `versions`: every value a safe non-negative integer (zod's `z.int()` and `nonnegative`). */
const plainVersions = (versions: Record<string, unknown>): boolean => {
  for (const key in versions) if (!isVersion(versions[key])) return false;
  return true;
};

const CONFLICT_KEYS = 4; // value, author, at, opId
/** One kept value, rebuilt in ConflictValueSchema's order, or null when it is not plainly one. */
const plainConflict = (entry: unknown): ConflictValue | null => {
  if (!isPlainRecord(entry) || Object.keys(entry).length !== CONFLICT_KEYS) return null;
  const { value, author, at, opId } = entry;
  if (!Object.hasOwn(entry, 'value')) return null;
  if (typeof author !== 'string' || typeof at !== 'string' || typeof opId !== 'string') return null;
  return { value, author, at, opId };
};

/** `conflicts` as zod gives it (a copy: conflicts are few), or null when it is not plainly one. */
const plainConflicts = (
  conflicts: Record<string, unknown>,
): Record<string, ConflictValue[]> | null => {
  const out: Record<string, ConflictValue[]> = {};
  for (const field in conflicts) {
    const entries = conflicts[field];
    if (!Array.isArray(entries)) return null;
    const kept: ConflictValue[] = new Array<ConflictValue>(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const entry = plainConflict(entries[i]);
      if (!entry) return null;
      kept[i] = entry;
    }
    out[field] = kept;
  }
  return out;
};

/** The row when it plainly passes SyncRowSchema, else null (ask zod). */
export const plainSyncRow = (raw: unknown): SyncRow | null => {
  if (!quickPathKnowsSyncRow || !isPlainRecord(raw)) return null;
  // zod strips a key it does not know: the quick path hands such a row to zod instead.
  for (const key in raw) if (!ROW_KEYS.has(key)) return null;
  const { entity, id, inspectionId, seq, author, createdAt, updatedAt } = raw;
  const { fields, versions, conflicts, deleted } = raw;
  if (!ENTITIES.has(entity) || !isVersion(seq) || typeof deleted !== 'boolean') return null;
  if (
    typeof id !== 'string' ||
    typeof inspectionId !== 'string' ||
    typeof author !== 'string' ||
    typeof createdAt !== 'string' ||
    typeof updatedAt !== 'string'
  )
    return null;
  if (!isPlainRecord(fields) || !isPlainRecord(versions) || !isPlainRecord(conflicts)) return null;
  if (!plainVersions(versions)) return null;
  const kept = plainConflicts(conflicts);
  if (!kept) return null;
  return {
    entity: entity as SyncRow['entity'],
    id,
    inspectionId,
    seq: seq as number,
    author,
    createdAt,
    updatedAt,
    fields,
    versions: versions as Record<string, number>,
    conflicts: kept,
    deleted,
  };
};
