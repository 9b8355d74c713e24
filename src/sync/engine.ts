import {
  countUnsent,
  preparePulledPage,
  type PreparedPage,
  deleteMeta,
  forgetInspection,
  META_KEYS,
  metaKeyOf,
  setMeta,
  getMeta,
  inspectionsLeft,
  isQuotaError,
  reconcileServerInspections,
  settleBatch,
  takeBatch,
  writePulledPage,
  toWireOp,
  type FieldbookDB,
  type ServerScope,
} from '../db';
import {
  BODY_MAX_BYTES,
  isoAt,
  PULL_MAX_LIMIT,
  PUSH_MAX_OPS,
  SCHEMA_VERSION,
  type Clock,
  type MeResponse,
  type PullCursor,
} from '../domain';
import { fitsRun, rowsInScope, signInScope, type HeadStart } from './head-start';
import type { SyncStatus } from './status';
import { realTimers, type Timers } from './timers';
import { TransportError, type PullPage, type Transport } from './transport';

/** Leaves room under the 1 MB body limit for the envelope and JSON escaping. */
const PUSH_MAX_BYTES = Math.floor(BODY_MAX_BYTES * 0.8);
/** The most S6 lets a page hold: every page costs a request, a transaction and a commit. */
const PULL_PAGE_ROWS = PULL_MAX_LIMIT;
/** The page being written, one sealed and waiting, one on its way: the pull's memory stays bounded. */
const PULL_AHEAD_PAGES = 3;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 5 * 60 * 1000;
/**
 * A full disk is tried again at least this often: space freed (photos deleted) should bring the
 * team's evidence within a minute, not after a backoff grown to five while the tablet was full.
 */
const STORAGE_FULL_RETRY_MAX_MS = 30_000;

export type { Timers } from './timers';

export type EngineDeps = {
  db: FieldbookDB;
  transport: Transport;
  clock: Clock;
  clientId: string;
  token: string;
  userId: string;
  schemaVersion?: number;
  random?: () => number;
  timers?: Timers;
  /** Runs `fn` only if no other tab is syncing (Web Locks); resolves to null when one is. */
  withLock?: <T>(fn: () => Promise<T>) => Promise<T | null>;
  /** Page one asked at sign-in (head-start.ts): the first run uses it if it still fits, or drops it. */
  headStart?: HeadStart;
};

/** The pull checkpoint's meta key (S6), as the meta registry names it: sign-in reads the same one. */
export const checkpointKey = (userId: string) => metaKeyOf('pullSince', userId);

/**
 * Push first, then pull (S6). One run at a time; a request during a run schedules one more run.
 * Failures back off exponentially with full jitter (S7) so a fleet of tablets regaining Wi-Fi
 * together does not stampede the server.
 */
export const createSyncEngine = (deps: EngineDeps) => {
  const schemaVersion = deps.schemaVersion ?? SCHEMA_VERSION;
  const random = deps.random ?? Math.random;
  const timers = deps.timers ?? realTimers;
  const withLock = deps.withLock ?? (async <T>(fn: () => Promise<T>) => fn());
  const listeners = new Set<(status: SyncStatus) => void>();
  let status: SyncStatus = { state: 'idle', lastSyncedAt: null };
  let running: Promise<void> | null = null;
  let again = false;
  let failures = 0;
  let scheduled: unknown = null;
  let stopped = false;
  /** Set by a 426: nothing more is pushed until the app is updated, and the outbox is kept. */
  let tooOld = false;
  /** Taken by the first run, used or not: a later run asks for its own pages. */
  let headStart = deps.headStart ?? null;
  /** Ops sent by the run under way (a head start asked before them no longer fits). */
  let pushedThisRun = 0;

  const set = (next: SyncStatus) => {
    status = next;
    for (const listener of listeners) listener(status);
  };
  const lastSyncedAt = () => status.lastSyncedAt;
  // The time of the last good sync outlives the engine (a lock or a reload makes a new one):
  // without it the bar said "Not synced yet." offline on a device whose work had reached the
  // server hours before. A run that ends first knows better and is not overwritten.
  const syncedAtKey = metaKeyOf('lastSyncedAt', deps.userId);
  void getMeta<string>(deps.db, syncedAtKey).then(
    (at) => {
      if (at && status.lastSyncedAt === null) set({ ...status, lastSyncedAt: at });
    },
    () => undefined, // closed by a wipe or sign-out: there is no bar to tell
  );

  /**
   * S6a: each run starts from what `GET /api/me` says now (the first after a sign-in, from the
   * sign-in's own answer, seconds old: head-start.ts `signInScope`). The device forgets inspections the
   * user has left, and pushes only to inspections the server lists: one set up on the device alone
   * waits until it is joined to a server inspection. The coordinator's device policy (idle lock)
   * comes in the same answer and is kept for offline use.
   */
  const learnScope = async (given?: MeResponse): Promise<ServerScope> => {
    const me = given ?? (await deps.transport.me(deps.token));
    const [left] = await Promise.all([
      inspectionsLeft(deps.db, me.inspections, me.unavailable),
      me.settings ? setMeta(deps.db, META_KEYS.deviceSettings, me.settings) : undefined,
    ]);
    if (left.length > 0) await askAgain(new Set(left));
    const scope = await reconcileServerInspections(
      deps.db,
      me.inspections,
      left,
      () => isoAt(deps.clock),
      deps.userId,
    );
    // Rows of a reported inspection brought back into fieldwork were dropped: pull all again.
    if (scope.reopened.length > 0) await deleteMeta(deps.db, checkpointKey(deps.userId));
    return scope;
  };

  /** §4.3: a reported inspection leaves the device once none of its own ops wait to be sent. */
  const forgetReported = async (reported: readonly string[]) => {
    for (const inspectionId of reported) {
      if ((await countUnsent(deps.db, inspectionId)) > 0) continue;
      await forgetInspection(deps.db, inspectionId, 'reported', isoAt(deps.clock));
    }
  };

  /** Ops of these inspections waiting to be sent, counted from the outbox's index alone. */
  const unsentIn = async (inspections: ReadonlySet<string>) =>
    (await Promise.all([...inspections].map((id) => countUnsent(deps.db, id)))).reduce(
      (sum, n) => sum + n,
      0,
    );

  const push = async (inspections: ReadonlySet<string>, sentOnly = false) => {
    let done = 0;
    // After days offline the outbox holds thousands of ops and the push takes many batches: the
    // bar says how far it has got ("500 of 2,100") rather than only that something is moving.
    // Ops written during the push join it, so the total grows with them.
    let total: number | undefined;
    const progress = () => {
      if (total !== undefined) total = Math.max(total, done);
      set({
        state: 'syncing',
        progress: {
          phase: 'push',
          done,
          fraction: total ? Math.min(1, done / total) : null,
          ...(total === undefined ? {} : { total }),
        },
        lastSyncedAt: lastSyncedAt(),
      });
    };
    for (;;) {
      const batch = await takeBatch(deps.db, PUSH_MAX_OPS, PUSH_MAX_BYTES, inspections, sentOnly);
      if (batch.length === 0) return;
      if (!sentOnly) total = done + (await unsentIn(inspections));
      progress();
      const response = await deps.transport.push(deps.token, {
        clientId: deps.clientId,
        schemaVersion,
        ops: batch.map(toWireOp),
      });
      pushedThisRun += batch.length;
      const settled = await settleBatch(deps.db, batch, response.results);
      done += batch.length;
      progress();
      // A server that answered none of the ops would loop forever; the ops stay and go next run.
      if (settled.done + settled.rejected === 0) return;
    }
  };

  /**
   * Before a left inspection's unsent ops are shown as refused (S6a): those already sent whose
   * answer was lost are sent once more. The server answers one that landed as a `duplicate` of
   * what it applied (S3, before it checks the team), so only what truly did not land is shown as
   * refused. Ops never sent stay on the device. If this fails, the inspection is forgotten anyway
   * (its rows must leave at once) and the ops are kept as refused, as before.
   */
  const askAgain = async (left: ReadonlySet<string>) => {
    if (tooOld) return;
    try {
      await push(left, true);
    } catch {
      // forgotten next, with every op still unsent kept as refused for the user
    }
  };

  const pull = async (head: HeadStart | null, scope: ServerScope) => {
    const listed = scope.pushable;
    const key = checkpointKey(deps.userId);
    // A team just joined comes whole (S6a): hundreds of rows, whose first page can take a while on
    // hotel Wi-Fi. The bar says it is receiving from the moment it asks, not "Synced" meanwhile.
    if (scope.added.length > 0)
      set({
        state: 'syncing',
        progress: { phase: 'pull', done: 0, fraction: null },
        lastSyncedAt: lastSyncedAt(),
      });
    // The cursor is stored exactly as the server sent it: an old app's number works as well (S6).
    const start = (await getMeta<PullCursor>(deps.db, key)) ?? 0;
    const run = { token: deps.token, limit: PULL_PAGE_ROWS, schemaVersion, since: start };
    /** Page one from the sign-in (head-start.ts), taken by the first ask if it fits this run. */
    let early = head && fitsRun(head, { ...run, pushed: pushedThisRun }) ? head : null;
    const fetchPage = async (since: PullCursor) => {
      const taken = early;
      early = null;
      const page = taken ? await taken.page : null;
      // Asked before this run's GET /api/me: a row of an inspection it no longer lists (the user
      // left its team meanwhile) must not land, so the page is asked again now.
      if (taken && page && rowsInScope(page, listed))
        return { page, sealed: taken.prepared?.key === key ? taken.prepared.page : null };
      const asked = await deps.transport.pull(deps.token, since, PULL_PAGE_ROWS, schemaVersion);
      return { page: asked, sealed: null };
    };
    let done = 0;
    /** How far the server had to go when this run began (PULL_AHEAD_HEADER). */
    let ahead: number | null = null;
    // Pages are asked for one after another, each as soon as the one before has arrived (its
    // cursor is the next `since`), and sealed as they arrive, while earlier ones are written: on a
    // first sync of a large inspection the server, the encryption and the disk then overlap
    // instead of adding up. Pages still land in order, each with its checkpoint; at most
    // PULL_AHEAD_PAGES are held in memory.
    type Arrived = { page: PullPage; prepared: Promise<PreparedPage> };
    const queued: Promise<Arrived>[] = [];
    let deferred: PullCursor | null = null;
    let writing = true;
    const ask = (since: PullCursor) => {
      const arrived = fetchPage(since).then(({ page, sealed }) => {
        const seal = () => preparePulledPage(deps.db, page.rows, { key, value: page.next });
        const prepared = sealed ? sealed.then((done) => done ?? seal()) : seal();
        prepared.catch(() => undefined); // reported when its turn to be written comes
        if (page.hasMore && writing) {
          if (queued.length < PULL_AHEAD_PAGES) ask(page.next);
          else deferred = page.next;
        }
        return { page, prepared };
      });
      arrived.catch(() => undefined); // if writing a page before it fails first, that error is the one reported
      queued.push(arrived);
    };
    ask(start);
    try {
      for (;;) {
        const { page, prepared } = await queued[0]!;
        await writePulledPage(deps.db, await prepared);
        queued.shift();
        if (deferred !== null) {
          const since = deferred;
          deferred = null;
          ask(since);
        }
        done += page.rows.length;
        ahead ??= page.progress?.ahead ?? null;
        const fraction =
          page.progress && ahead ? Math.min(1, Math.max(0, 1 - page.progress.left / ahead)) : null;
        set({
          state: 'syncing',
          progress: { phase: 'pull', done, fraction: page.hasMore ? fraction : 1 },
          lastSyncedAt: lastSyncedAt(),
        });
        if (!page.hasMore) return;
      }
    } finally {
      writing = false;
    }
  };

  const retryLater = (ms: number): string => {
    if (scheduled !== null) timers.clearTimeout(scheduled);
    scheduled = timers.setTimeout(() => {
      scheduled = null;
      void sync();
    }, ms);
    return isoAt({ now: () => deps.clock.now() + ms });
  };

  const backoffMs = () =>
    Math.round(random() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** failures));

  /** Reports why a run failed as a code (the screens word it) and schedules the retry, if any. */
  const fail = (error: unknown) => {
    const failure = error instanceof TransportError ? error.failure : null;
    failures += 1;
    const waiting = { lastSyncedAt: lastSyncedAt(), retryAt: null };
    if (failure?.kind === 'offline') {
      set({ state: 'offline', lastSyncedAt: lastSyncedAt(), retryAt: retryLater(backoffMs()) });
    } else if (failure?.kind === 'unauthorized') {
      set({ state: 'error', kind: 'signed-out', ...waiting });
    } else if (failure?.kind === 'device-revoked') {
      stopped = true;
      set({ state: 'error', kind: 'device-revoked', ...waiting });
    } else if (failure?.kind === 'client-too-old') {
      tooOld = true;
      set({ state: 'error', kind: 'client-too-old', ...waiting });
    } else if (isQuotaError(error)) {
      // Not the server's fault, and not to be worded as one: the tablet must be told to free space.
      set({
        state: 'error',
        kind: 'storage-full',
        lastSyncedAt: lastSyncedAt(),
        retryAt: retryLater(Math.min(STORAGE_FULL_RETRY_MAX_MS, backoffMs())),
      });
    } else if (failure?.kind === 'rate-limited') {
      set({
        state: 'error',
        kind: 'rate-limited',
        lastSyncedAt: lastSyncedAt(),
        retryAt: retryLater(failure.retryAfterMs),
      });
    } else {
      set({
        state: 'error',
        kind: 'server',
        detail: error instanceof Error ? error.message : String(error),
        lastSyncedAt: lastSyncedAt(),
        retryAt: retryLater(backoffMs()),
      });
    }
  };

  const runOnce = async () => {
    const head = headStart;
    headStart = null;
    pushedThisRun = 0;
    try {
      const ran = await withLock(async () => {
        const scope = await learnScope(signInScope(head, deps.token, deps.clock));
        await push(scope.pushable);
        await forgetReported(scope.reported);
        await pull(head, scope);
        return true;
      });
      failures = 0;
      if (ran) {
        const at = isoAt(deps.clock);
        set({ state: 'idle', lastSyncedAt: at });
        // Kept for the next engine; a device that cannot write it (a full disk) has still synced,
        // so failing to keep the time must not turn this run into a failed one.
        await setMeta(deps.db, syncedAtKey, at).catch(() => undefined);
      }
    } catch (error) {
      fail(error);
    }
  };

  /** Runs a sync now (or after the current one). Resolves when the data is as fresh as this call asked. */
  const sync = (): Promise<void> => {
    if (stopped || tooOld) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again && !stopped && status.state === 'idle');
      running = null;
    })();
    return running;
  };

  return {
    sync,
    getStatus: () => status,
    subscribe: (listener: (status: SyncStatus) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => {
      stopped = true;
      if (scheduled !== null) timers.clearTimeout(scheduled);
    },
  };
};

export type SyncEngine = ReturnType<typeof createSyncEngine>;
