import * as z from 'zod/mini';

/**
 * DESIGN.md §4.3, the life of an inspection's data on the server: its content is kept until the
 * retention date (the coordinator's, or by default 12 months after the inspection became
 * `reported`), then purged — every row's and op's fields emptied, ids, authors and times kept. A
 * legal hold, set and lifted by a coordinator with a reason, stops the purge. Pure: the server
 * decides with these functions and the screens show their answers.
 */
export const DEFAULT_RETENTION_MONTHS = 12;

export const LegalHoldSchema = z.object({
  reason: z.string(),
  /** When it was set, and by which coordinator (username; null if unknown). */
  since: z.string(),
  by: z.nullable(z.string()),
});
export type LegalHold = z.infer<typeof LegalHoldSchema>;

export const RetentionSchema = z.object({
  /** When it last became `reported`; null while it is not. */
  reportedAt: z.nullable(z.string()),
  /** The coordinator's retention date, if one was set. */
  retainUntil: z.nullable(z.iso.date()),
  /** The date its content is purged on (or after): null until it is reported. */
  purgeOn: z.nullable(z.iso.date()),
  legalHold: z.nullable(LegalHoldSchema),
  purgedAt: z.nullable(z.string()),
});
export type Retention = z.infer<typeof RetentionSchema>;

/** "2026-03-31" plus n months, clamped to the month's end (31 March + 11 months → 29 February). */
export const addMonths = (isoDate: string, months: number): string => {
  const [year = 0, month = 1, day = 1] = isoDate.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
};

/** The stored facts, and what follows from them. */
export const retentionOf = (stored: Omit<Retention, 'purgeOn'>): Retention => ({
  ...stored,
  purgeOn:
    stored.reportedAt === null
      ? null
      : (stored.retainUntil ?? addMonths(stored.reportedAt.slice(0, 10), DEFAULT_RETENTION_MONTHS)),
});

/**
 * Due: reported, its purge date reached (from the start of that day, UTC), no legal hold, not
 * purged already. `nowMs` comes from the caller's clock.
 */
export const purgeIsDue = (retention: Retention, nowMs: number): boolean =>
  retention.purgedAt === null &&
  retention.legalHold === null &&
  retention.purgeOn !== null &&
  Date.parse(`${retention.purgeOn}T00:00:00.000Z`) <= nowMs;
