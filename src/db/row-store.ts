import Dexie from 'dexie';
import type { EntityName } from '../domain';
import type { KeyHolder } from './encryption';
import type { ChangedRows, RowFeed } from './row-changes';
import type { LocalRow } from './types';

/**
 * The screens' rows, opened once per unlock and shared: an inspection's rows of one table are read
 * and decrypted the first time a screen asks for them, then kept current from the row feed (this
 * tab's commits, other tabs', pulled pages) by re-reading only the ids that changed. Locking
 * empties it, and so does a key it was not filled under. Everything is done one step at a time
 * in one queue, each read its own short transaction, so a re-read never races an older one and
 * no transaction is ever held open for the store.
 */
type Rows = readonly LocalRow[];
/** `maxId` tells whether a new row lands at the end, as new ids do, or needs a sort. */
type Partition = {
  byId: Map<string, LocalRow>;
  snapshot: Rows | null;
  unsorted: boolean;
  maxId: string;
};
type Step = () => Promise<void>;

export type RowStore = {
  /** The inspection's live (not deleted) rows of a table, in id order; `undefined` until read. */
  peek: <E extends EntityName>(table: string, inspectionId: string) => LocalRow<E>[] | undefined;
  /** The error the last read of them ended with, if it failed. */
  failure: (table: string, inspectionId: string) => unknown;
  /** Reads them once (later calls share the read); the listener hears each change of them. */
  watch: (table: string, inspectionId: string, listener: () => void) => () => void;
  /** A value made from the rows and kept until lock (a search index), made on first use. */
  keep: <T>(key: string, make: () => T) => T;
  /** Resolves once every change heard so far is in the store. */
  settled: () => Promise<void>;
  /** Forgets everything: what locking does. */
  clear: () => void;
};

const partKey = (table: string, inspectionId: string) => `${table}\u0000${inspectionId}`;
const byIdOrder = (a: LocalRow, b: LocalRow) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const createRowStore = (
  db: Dexie,
  feed: RowFeed,
  holder: KeyHolder | undefined,
): RowStore => {
  const parts = new Map<string, Partition>();
  const failures = new Map<string, unknown>();
  const loading = new Set<string>();
  const listeners = new Map<string, Set<() => void>>();
  const kept = new Map<string, unknown>();
  // Where each loaded row lives, so a re-read that finds it gone knows which list to take it from.
  const inspectionOf = new Map<string, Map<string, string>>();
  let filledUnder: CryptoKey | null = holder?.current ?? null;
  let generation = 0;

  const notify = (key: string) => {
    for (const listener of listeners.get(key) ?? []) listener();
  };

  const clear = (reopen: boolean) => {
    generation += 1;
    parts.clear();
    failures.clear();
    loading.clear();
    toLoad.clear();
    inspectionOf.clear();
    kept.clear();
    dirty.clear();
    filledUnder = holder?.current ?? null;
    // Told after the caller's turn: `peek` may clear while React renders, which must not set state.
    queueMicrotask(() => {
      for (const key of [...listeners.keys()]) {
        notify(key);
        if (reopen && (!holder || holder.current)) {
          const [table, inspectionId] = key.split('\u0000') as [string, string];
          load(table, inspectionId);
        }
      }
    });
  };
  /** A different key (or none) than the rows were opened with: they belong to another unlock. */
  const checkKey = () => {
    if (holder && holder.current !== filledUnder) clear(true);
  };

  // One queue: reads of whole partitions and re-reads of changed ids, strictly one after another.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (step: Step): Promise<void> => {
    const run = queue.then(() => Dexie.ignoreTransaction(step));
    queue = run.catch(() => undefined);
    return run;
  };

  const place = (table: string, row: LocalRow, changed: Set<string>) => {
    const where = inspectionOf.get(table) ?? new Map<string, string>();
    inspectionOf.set(table, where);
    const before = where.get(row.id);
    if (before !== undefined && before !== row.inspectionId) {
      const old = parts.get(partKey(table, before));
      if (old?.byId.delete(row.id)) {
        old.snapshot = null;
        changed.add(partKey(table, before));
      }
      where.delete(row.id);
    }
    const key = partKey(table, row.inspectionId);
    const part = parts.get(key);
    if (!part) return; // no screen has asked for this inspection's rows of this table
    if (row.deleted) {
      if (part.byId.delete(row.id)) changed.add(key);
      where.delete(row.id);
    } else {
      if (!part.byId.has(row.id)) {
        if (row.id < part.maxId) part.unsorted = true;
        else part.maxId = row.id;
      }
      part.byId.set(row.id, row);
      where.set(row.id, row.inspectionId);
      changed.add(key);
    }
    part.snapshot = null;
  };

  const readPartition = async (table: string, inspectionId: string, started: number) => {
    const key = partKey(table, inspectionId);
    try {
      const rows = (await db
        .table(table)
        .where('inspectionId')
        .equals(inspectionId)
        .toArray()) as LocalRow[];
      if (started !== generation) return;
      const byId = new Map<string, LocalRow>();
      let maxId = '';
      const where = inspectionOf.get(table) ?? new Map<string, string>();
      inspectionOf.set(table, where);
      for (const row of rows) {
        where.set(row.id, inspectionId);
        if (row.deleted) continue;
        byId.set(row.id, row);
        if (row.id > maxId) maxId = row.id;
      }
      // The index hands them over in id order; `unsorted` only guards against one that does not.
      const unsorted = rows.some((row, i) => i > 0 && row.id < rows[i - 1]!.id);
      parts.set(key, { byId, snapshot: null, unsorted, maxId });
    } catch (error) {
      if (started !== generation) return;
      failures.set(key, error);
    } finally {
      if (started === generation) loading.delete(key);
    }
    if (started === generation) notify(key);
  };

  // Partitions asked for together (a screen's evidence and reviews) are read side by side, each in
  // its own transaction, as one step of the queue: re-reads still never overtake them.
  const toLoad = new Map<string, [table: string, inspectionId: string]>();
  const load = (table: string, inspectionId: string) => {
    const key = partKey(table, inspectionId);
    if (parts.has(key) || loading.has(key)) return;
    loading.add(key);
    failures.delete(key);
    toLoad.set(key, [table, inspectionId]);
    if (toLoad.size > 1) return; // the step already queued reads it too
    const started = generation;
    void enqueue(async () => {
      if (started !== generation) return;
      const batch = [...toLoad.values()];
      toLoad.clear();
      await Promise.all(batch.map(([t, i]) => readPartition(t, i, started)));
    });
  };

  // Changed ids heard while the queue was busy: re-read together, one read per table.
  const dirty = new Map<string, Set<string> | 'all'>();
  let draining = false;
  const drain = async () => {
    const started = generation;
    const batch = [...dirty];
    dirty.clear();
    draining = false;
    const changed = new Set<string>();
    for (const [table, ids] of batch) {
      if (started !== generation) return;
      if (ids === 'all') {
        // A range was deleted or cleared: read each loaded inspection of the table again.
        for (const key of [...parts.keys()].filter((k) => k.startsWith(`${table}\u0000`))) {
          parts.delete(key);
          changed.add(key);
          load(table, key.slice(table.length + 1));
        }
        continue;
      }
      const keys = [...ids];
      const rows = (await db.table(table).bulkGet(keys)) as (LocalRow | undefined)[];
      if (started !== generation) return;
      rows.forEach((row, i) => {
        if (row) return place(table, row, changed);
        const id = keys[i]!;
        const at = inspectionOf.get(table)?.get(id);
        if (at === undefined) return;
        inspectionOf.get(table)?.delete(id);
        const part = parts.get(partKey(table, at));
        if (part?.byId.delete(id)) {
          part.snapshot = null;
          changed.add(partKey(table, at));
        }
      });
    }
    for (const key of changed) notify(key);
  };

  const hear = (changes: readonly ChangedRows[]) => {
    if (!db.isOpen()) return; // closed for a wipe: reading would open it again
    checkKey();
    if (parts.size === 0 && loading.size === 0) return; // nothing read yet: nothing to keep current
    if (holder && !holder.current) return;
    for (const { table, ids } of changes) {
      const before = dirty.get(table);
      if (before === 'all') continue;
      if (ids === 'all') dirty.set(table, 'all');
      else dirty.set(table, new Set([...(before ?? []), ...ids]));
    }
    if (!draining) {
      draining = true;
      void enqueue(drain);
    }
  };
  feed.listen(hear);

  const snapshotOf = (part: Partition): Rows => {
    if (part.snapshot) return part.snapshot;
    if (part.unsorted) {
      const sorted = [...part.byId.values()].sort(byIdOrder);
      part.byId = new Map(sorted.map((row) => [row.id, row]));
      part.unsorted = false;
    }
    // Shared by every screen: frozen, so a sort in place fails loudly instead of reordering them all.
    return (part.snapshot = Object.freeze([...part.byId.values()]));
  };

  return {
    peek: <E extends EntityName>(table: string, inspectionId: string) => {
      checkKey();
      const part = parts.get(partKey(table, inspectionId));
      return part ? (snapshotOf(part) as LocalRow<E>[]) : undefined;
    },
    failure: (table, inspectionId) => failures.get(partKey(table, inspectionId)),
    watch: (table, inspectionId, listener) => {
      checkKey();
      const key = partKey(table, inspectionId);
      const set = listeners.get(key) ?? new Set();
      listeners.set(key, set);
      set.add(listener);
      if (!holder || holder.current) load(table, inspectionId);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(key);
      };
    },
    keep: <T>(key: string, make: () => T): T => {
      checkKey();
      if (!kept.has(key)) kept.set(key, make());
      return kept.get(key) as T;
    },
    settled: async () => {
      // A step may queue another (a deleted range reads its partitions again): wait for all.
      let seen: Promise<void> | undefined;
      while (seen !== queue) {
        seen = queue;
        await seen;
      }
    },
    clear: () => clear(false),
  };
};
