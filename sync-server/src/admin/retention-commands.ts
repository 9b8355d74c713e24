import type { Clock } from '../../../src/domain/clock';
import { isoAt } from '../../../src/domain/clock';
import { purgeIsDue } from '../../../src/domain/retention';
import type { Store } from '../store/types';
import { UsageError, auditBy, auditChange, type Actor } from './commands';
import { inspectionOf, isoDate } from './inspection-commands';

/**
 * DESIGN.md §4.3 for the coordinator (CLI and API alike): the retention date, the legal hold and
 * the purge. Every change is audited with who did it; a legal hold always has a reason.
 */

const REASON_MAX_CHARS = 500;

const reasonOf = (reasonIn: string): string => {
  const reason = reasonIn.trim();
  if (!reason) throw new UsageError('Give a reason (--reason)', 'reason');
  if (reason.length > REASON_MAX_CHARS)
    throw new UsageError(`Keep the reason under ${REASON_MAX_CHARS} characters`, 'reason');
  return reason;
};

/** `until`: a date (YYYY-MM-DD), or null to go back to 12 months after it became reported. */
export const setRetention = async (
  store: Store,
  clock: Clock,
  input: { inspection: string; until: string | null },
  actor?: Actor,
): Promise<void> => {
  const inspection = await inspectionOf(store, input.inspection);
  const until = input.until === null ? null : isoDate(input.until, '--until', 'retainUntil');
  await store.setRetainUntil(inspection.id, until);
  await auditChange(store, clock, actor, 'retention-set', {
    inspectionId: inspection.id,
    area: inspection.area,
    retainUntil: until,
    before: inspection.retention.retainUntil,
  });
};

export const setLegalHold = async (
  store: Store,
  clock: Clock,
  input: { inspection: string; reason: string },
  actor?: Actor,
): Promise<void> => {
  const inspection = await inspectionOf(store, input.inspection);
  const reason = reasonOf(input.reason);
  if (inspection.retention.purgedAt)
    throw new UsageError('This inspection has already been purged: there is nothing to hold');
  await store.setLegalHold(inspection.id, {
    reason,
    since: isoAt(clock),
    by: actor?.username ?? null,
  });
  await auditChange(store, clock, actor, 'legal-hold-set', {
    inspectionId: inspection.id,
    area: inspection.area,
    reason,
  });
};

export const liftLegalHold = async (
  store: Store,
  clock: Clock,
  input: { inspection: string; reason: string },
  actor?: Actor,
): Promise<void> => {
  const inspection = await inspectionOf(store, input.inspection);
  const reason = reasonOf(input.reason);
  const hold = inspection.retention.legalHold;
  if (!hold) throw new UsageError('This inspection has no legal hold to lift');
  await store.setLegalHold(inspection.id, null);
  await auditChange(store, clock, actor, 'legal-hold-lifted', {
    inspectionId: inspection.id,
    area: inspection.area,
    reason,
    heldSince: hold.since,
    heldFor: hold.reason,
  });
};

export type Purged = { inspectionId: string; area: string; rows: number; ops: number };

/**
 * Purges every inspection whose retention date has come and that has no legal hold. Run by the
 * schedule (no actor: the audit entry says so), the CLI and the coordinator's screen.
 */
export const purgeDue = async (
  store: Store,
  clock: Clock,
  actor?: Actor,
  by: 'schedule' | 'cli' | 'api' = actor ? 'api' : 'cli',
): Promise<Purged[]> => {
  const purged: Purged[] = [];
  for (const inspection of await store.listInspections()) {
    const { retention } = inspection;
    if (!purgeIsDue(retention, clock.now())) continue;
    const at = isoAt(clock);
    const counts = await store.purgeInspection(inspection.id, at, {
      at,
      kind: 'inspection-purged',
      ...auditBy(actor),
      detail: {
        inspectionId: inspection.id,
        area: inspection.area,
        // What was purged: every record's and change's content; what stays: ids, authors, times.
        purged: 'the content of every record and of every change in its history',
        reportedAt: retention.reportedAt,
        purgeOn: retention.purgeOn,
        via: by,
      },
    });
    if (counts) purged.push({ inspectionId: inspection.id, area: inspection.area, ...counts });
  }
  return purged;
};

/** Daily: often enough that a retention date is kept to the day. */
export const PURGE_EVERY_MS = 24 * 60 * 60 * 1000;

export type PurgeTimers = {
  setInterval: (run: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
};

/**
 * §4.3: purging runs when the server starts and then daily. The clock and timers are injected so
 * a test can run a year in a moment. Returns the first run (awaitable) and a stop function.
 */
export const startPurgeSchedule = ({
  store,
  clock,
  timers,
  onError,
  onPurged,
}: {
  store: Store;
  clock: Clock;
  timers: PurgeTimers;
  onError: (error: unknown) => void;
  onPurged?: (purged: Purged[]) => void;
}): { first: Promise<void>; stop: () => void } => {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running
      .then(() => purgeDue(store, clock, undefined, 'schedule'))
      .then((purged) => {
        if (purged.length > 0) onPurged?.(purged);
      })
      .catch(onError);
    return running;
  };
  const first = run();
  const handle = timers.setInterval(() => void run(), PURGE_EVERY_MS);
  return { first, stop: () => timers.clearInterval(handle) };
};
