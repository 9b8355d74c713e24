import type { ConflictValue } from './rows';

/**
 * S5c: what `conflicts[field]` may hold. Pure helpers for `applyOp`; no clock, no I/O.
 * Values are JSON, so equality is structural (key order ignored) and `null` equals absent.
 */

/** At most this many competing values per field; the oldest leave the row (never the history). */
export const CONFLICT_VALUES_MAX = 20;

const canonical = (value: unknown): string =>
  JSON.stringify(value ?? null, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as Record<string, unknown>)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );

export const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** Oldest first by the time the value was written; the op id breaks a tie the same way everywhere. */
const byAge = (a: ConflictValue, b: ConflictValue): number =>
  a.at === b.at ? a.opId.localeCompare(b.opId) : a.at < b.at ? -1 : 1;

/**
 * Keeps `entry` among a field's competing values. A value already kept is not added twice: the
 * newer of the two entries (by time, then op id) stands for it, so the result does not depend
 * on which arrived first.
 */
export const keepValue = (
  conflicts: Record<string, ConflictValue[]>,
  field: string,
  entry: ConflictValue,
): Record<string, ConflictValue[]> => {
  const list = conflicts[field] ?? [];
  const twin = list.find((kept) => sameValue(kept.value, entry.value));
  const newest = twin && byAge(twin, entry) > 0 ? twin : entry;
  const next = [...list.filter((kept) => kept !== twin), newest].sort(byAge);
  return { ...conflicts, [field]: next.slice(Math.max(0, next.length - CONFLICT_VALUES_MAX)) };
};
