import Dexie, {
  RangeSet,
  type DBCore,
  type IntervalTree,
  type Middleware,
  type ObservabilitySet,
} from 'dexie';

/**
 * Which rows changed, by id, once their transaction has committed: in this tab (a DBCore
 * middleware sees every write) and in the app's other tabs (a BroadcastChannel carries the ids,
 * never content). Dexie's own `storagemutated` event names the whole table for any write of 50
 * rows or more, so a pulled page would look like "everything changed"; the row store needs the
 * ids to re-read only what changed. A write made around Dexie (db/direct-write.ts) names its ids
 * in a part of its own in the `storagemutated` set it fires anyway (`changedRowsPart`), which
 * Dexie carries to the other tabs: one message a save instead of two, and one a frame for saves
 * back to back (issue 10). It tells once its commit is asked for, which is as good as committed
 * for a re-read (direct-write.ts, `tellSoon`).
 */
export type ChangedRows = { table: string; ids: readonly string[] | 'all' };
export type RowChangeListener = (changes: readonly ChangedRows[]) => void;

export type RowFeed = {
  listen: (listener: RowChangeListener) => () => void;
  middleware: Middleware<DBCore>;
  /** The database closed: stop hearing other tabs until it opens again (`resume`). */
  close: () => void;
  resume: () => void;
};

const channelName = (dbName: string) => `fieldbook-rows:${dbName}`;

/**
 * The part of Dexie's `storagemutated` set that names, by their keys, the rows of `table` a write
 * made around Dexie changed. Dexie hands the set to this tab's subscribers and posts it to the
 * other tabs, whose Dexie hands it to theirs, so every row feed hears it without a post of its
 * own. Not an `idb://` part: no live query watches it (Dexie matches parts by name).
 */
export const changedRowsPart = (dbName: string, table: string) => `${channelName(dbName)}/${table}`;

/** The keys of a set of single keys, as strings; `'all'` should it hold a range. */
const idsIn = (tree: IntervalTree): ChangedRows['ids'] => {
  const ids: string[] = [];
  // Called, not constructed: a set that came from another tab is a plain tree (structured clone).
  for (const { from, to } of RangeSet(tree)) {
    if (from !== to) return 'all';
    ids.push(String(from));
  }
  return ids;
};

export const createRowFeed = (dbName: string, tables: readonly string[]): RowFeed => {
  const watched = new Set(tables);
  const listeners = new Set<RowChangeListener>();
  let channel: BroadcastChannel | null = null;

  const tell = (changes: readonly ChangedRows[]) => {
    for (const listener of listeners) listener(changes);
  };
  const committed = (changes: readonly ChangedRows[]) => {
    tell(changes);
    open()?.postMessage(changes);
  };
  const parts = tables.map((table) => [table, changedRowsPart(dbName, table)] as const);
  /** Rows written around Dexie, here or in another tab, named in Dexie's own event. */
  const heardFromDexie = (mutated: ObservabilitySet) => {
    let changes: ChangedRows[] | undefined;
    for (const [table, part] of parts) {
      const tree = mutated[part];
      if (tree) (changes ??= []).push({ table, ids: idsIn(tree) });
    }
    if (!changes) return;
    try {
      tell(changes);
    } catch (error) {
      // Thrown from here it would stop Dexie's own subscribers, and its post to the other tabs.
      queueMicrotask(() => {
        throw error;
      });
    }
  };
  let hearingDexie = false;
  /** Hears the other tabs (and this tab's writes around Dexie) while anything here listens. */
  const hear = () => {
    open();
    if (hearingDexie) return;
    hearingDexie = true;
    Dexie.on.storagemutated.subscribe(heardFromDexie);
  };
  const open = (): BroadcastChannel | null => {
    if (channel || typeof BroadcastChannel === 'undefined') return channel;
    channel = new BroadcastChannel(channelName(dbName));
    // Node (unit tests) would otherwise keep running for an idle channel.
    (channel as { unref?: () => void }).unref?.();
    channel.onmessage = (event: MessageEvent<ChangedRows[]>) => {
      if (Array.isArray(event.data)) tell(event.data);
    };
    return channel;
  };

  // Per IndexedDB transaction: the ids each row table's writes touched, told once it commits.
  const pending = new WeakMap<IDBTransaction, Map<string, Set<string> | 'all'>>();
  const record = (trans: IDBTransaction, table: string, ids: readonly unknown[] | 'all') => {
    let byTable = pending.get(trans);
    if (!byTable) {
      const created = new Map<string, Set<string> | 'all'>();
      pending.set(trans, (byTable = created));
      trans.addEventListener('complete', () => {
        const changes = [...created].map(([t, set]) => ({
          table: t,
          ids: set === 'all' ? ('all' as const) : [...set],
        }));
        committed(changes);
      });
    }
    const before = byTable.get(table);
    if (before === 'all') return;
    if (ids === 'all') return void byTable.set(table, 'all');
    const set = before ?? new Set<string>();
    for (const id of ids) set.add(String(id));
    byTable.set(table, set);
  };

  const middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'fieldbook-row-changes',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (!watched.has(name)) return table;
        const extractKey = table.schema.primaryKey.extractKey;
        return {
          ...table,
          mutate: async (req) => {
            const result = await table.mutate(req);
            const trans = req.trans as IDBTransaction;
            if (trans.mode === 'versionchange') return result;
            if (req.type === 'delete') record(trans, name, req.keys);
            else if (req.type === 'deleteRange') record(trans, name, 'all');
            else record(trans, name, req.keys ?? req.values.map((v) => extractKey?.(v)));
            return result;
          },
        };
      },
    }),
  };

  return {
    listen: (listener) => {
      hear();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    middleware,
    close: () => {
      channel?.close();
      channel = null;
      if (hearingDexie) Dexie.on.storagemutated.unsubscribe(heardFromDexie);
      hearingDexie = false;
    },
    resume: () => {
      if (listeners.size > 0) hear();
    },
  };
};
