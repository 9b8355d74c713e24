import { type DBCore, type DBCoreTable, type Middleware } from 'dexie';
import { openText, sealText, type Sealed } from './cipher';
import { isClearMetaKey } from './meta';
import { openOffThread, sealOffThread } from './seal-off-thread';
import { isSliceable, readInSlices } from './sliced-read';

/**
 * The encryption middleware: record content is sealed on the way into IndexedDB and opened on
 * the way out, so the rest of the app never sees ciphertext. Only ids, the inspection id,
 * timestamps and sync bookkeeping stay clear (they are the indexes). WebCrypto is asynchronous,
 * so each seal/open is awaited with `keepAlive`, which keeps the IndexedDB transaction alive.
 *
 * Cursor reads of values (Dexie `filter`, `each`, `modify`, multi-range `anyOf`) cannot open values
 * in step with the cursor, so they are refused loudly rather than handing out sealed rows; read
 * content with `get`, `bulkGet`, single-range `where(...).toArray()`. Upgrade transactions see raw
 * values: an upgrade touches only clear bookkeeping and must run before anyone has unlocked.
 */
export type KeyHolder = { current: CryptoKey | null };

/** What must forget plaintext when the key is dropped (the row store): called by `lock`. */
const lockListeners = new WeakMap<KeyHolder, Set<() => void>>();
export const onLock = (holder: KeyHolder, listener: () => void): (() => void) => {
  let listeners = lockListeners.get(holder);
  if (!listeners) lockListeners.set(holder, (listeners = new Set()));
  listeners.add(listener);
  return () => listeners.delete(listener);
};
export const tellLocked = (holder: KeyHolder): void => {
  for (const listener of lockListeners.get(holder) ?? []) listener();
};

export class LockedError extends Error {
  override name = 'LockedError';
  constructor() {
    super('Fieldbook is locked: unlock it with your password to read or write evidence.');
  }
}

const ROW_CONTENT = ['fields', 'conflicts'] as const;
export const SEALED_PROPS: Record<string, readonly string[]> = {
  evidence: ROW_CONTENT,
  childCases: ROW_CONTENT,
  journeyEvents: ROW_CONTENT,
  reviews: ROW_CONTENT,
  judgementDrafts: ROW_CONTENT,
  safeguardingConcerns: ROW_CONTENT,
  teamMeetings: ROW_CONTENT,
  outbox: ['fields'],
  inspections: ['area', 'team'],
  meta: ['value'],
};

type Row = Record<string, unknown> & { sealed?: Sealed };

/**
 * Keeps a transaction alive while WebCrypto works, and hands each result back inside it. IndexedDB
 * commits a transaction as soon as a task passes with nothing asked of it, so while any seal or
 * open of the transaction is out, a cheap read of nothing is kept in flight; each result is handed
 * over from that read's success callback, where the transaction is active, so the code after it
 * may go on writing. Results are handed over as they come, in any order.
 *
 * Dexie's own `Dexie.waitFor` was used before and lost track of waits that overlapped: when the
 * row and its op were both opened (another tab had written them) or sealed side by side and they
 * settled in one order rather than the other, a wait was queued where nothing ran it any more;
 * the transaction's promise never settled while IndexedDB committed whatever was written so far
 * (an autosave's op without its row). Ordering the waits fixed the seals but not two opens.
 */
type KeptAlive = { out: number; ready: (() => void)[]; ended: boolean };
const keptAlive = new WeakMap<IDBTransaction, KeptAlive>();
const keepAlive = <T>(trans: IDBTransaction, work: Promise<T>): Promise<T> => {
  let kept = keptAlive.get(trans);
  if (!kept) keptAlive.set(trans, (kept = { out: 0, ready: [], ended: false }));
  const state = kept;
  const result = new Promise<T>((resolve, reject) => {
    const handOver = (run: () => void) => (state.ended ? run() : state.ready.push(run));
    work.then(
      (value) => handOver(() => resolve(value)),
      (error: unknown) => handOver(() => reject(error)),
    );
  });
  if (state.out++ === 0) spin(trans, state);
  return result;
};
const spin = (trans: IDBTransaction, state: KeptAlive) => {
  const step = () => {
    const ready = state.ready.splice(0);
    state.out -= ready.length;
    for (const run of ready) run();
    if (state.out === 0) return;
    try {
      trans.objectStore(trans.objectStoreNames[0]!).get(-Infinity).onsuccess = step;
    } catch {
      // The transaction has ended (aborted, or failed): results are handed over as they come, and
      // whatever their callers ask of it next fails as it should.
      state.ended = true;
    }
  };
  step();
};

/**
 * Plaintext of blobs this page sealed, or opened in reads of a few rows, held per key: an autosave
 * then reads back its own row and outbox op without decrypting them, and a re-read of changed rows
 * decrypts only what this page did not write. It hangs off the key object, so locking (dropping the
 * key) drops it too.
 *
 * Filed by record, not by blob: a record's new blob takes the place of the one before it, so a day
 * of autosaves (each sealing the whole note twice, under fresh nonces) holds two versions of the
 * note, not one a save (2,000 saves of a 3,000-character note held ~18 MB). Two, because an autosave
 * seals its next version before it checks that the stored one is still the last it wrote
 * (db/direct-write.ts). An op is filed under the record it changes: a record's newest op is the
 * only one an autosave checks, and the op a push took is replaced by the record's next. A version
 * is replaced in place, never deleted and added again: the map's size stays the records it holds.
 */
const OPENED_MAX = 20_000;
/** Reads of more values than this are not remembered (see openAll), nor pulled pages of more rows (outbox.ts). */
export const REMEMBER_READS_UP_TO = 500;
const OPEN_SLICE = 2_000;
/**
 * A read of this many values or more is opened in the sealing worker even when it was read whole
 * (fewer than db/sliced-read.ts SLICED_FROM), in slices of OPEN_SLICE sent at once: the page's
 * thread parses one slice while the worker opens the next, instead of making each WebCrypto call.
 */
const IN_WORKER_FROM = 2_000;
/** A record's newest blob this page knows, and the one before it; blobs are named by `blobId`. */
type Remembered = { id: string; json: string; beforeId: string; beforeJson: string };
type Opened = Map<string, Remembered>;
const openedByKey = new WeakMap<CryptoKey, Opened>();
const openedFor = (key: CryptoKey) => {
  let opened = openedByKey.get(key);
  if (!opened) openedByKey.set(key, (opened = new Map()));
  return opened;
};
/** Where a blob is filed: its record, which for an op is the record the op changes. */
type Filed = { record: string; id: string };
const remember = (opened: Opened, { record, id }: Filed, json: string) => {
  const held = opened.get(record);
  if (!held) {
    if (opened.size >= OPENED_MAX) opened.delete(opened.keys().next().value!);
    opened.set(record, { id, json, beforeId: '', beforeJson: '' });
  } else if (held.id !== id && held.beforeId !== id) {
    held.beforeId = held.id;
    held.beforeJson = held.json;
    held.id = id;
    held.json = json;
  }
};
const recall = (opened: Opened, { record, id }: Filed): string | undefined => {
  const held = opened.get(record);
  if (held?.id === id) return held.json;
  return held?.beforeId === id ? held.beforeJson : undefined;
};
const blobId = (context: string, sealed: Sealed) =>
  `${context}:${String.fromCharCode(...sealed.iv)}`;
const filedAs = (table: string, row: Row, context: string, sealed: Sealed): Filed => ({
  record: table === 'outbox' ? `outbox:${String(row.entityId)}` : context,
  id: blobId(context, sealed),
});

/** The content of a row apart from what stays clear; `sealed` (an already sealed value's blob) is left out. */
const split = (row: Row, props: readonly string[]) => {
  const plain: Record<string, unknown> = {};
  const rest: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (props.includes(k)) plain[k] = v;
    else if (k !== 'sealed') rest[k] = v;
  }
  return { json: JSON.stringify(plain), rest };
};

/**
 * The context a blob is sealed under: its table and key. The outbox key is auto-incremented
 * (unknown before the write), so an op's context is its op id.
 */
const contextOf = (table: string, row: Row, keyOf: (row: Row) => unknown = (r) => r.id) =>
  table === 'outbox' ? `outbox:${String(row.opId)}` : `${table}:${String(keyOf(row))}`;

/** Whether a seal is still out (a promise, from WebCrypto) or was done at once. */
const isPending = (value: Row | Promise<Row>): value is Promise<Row> =>
  typeof (value as { then?: unknown }).then === 'function';

/** How one table's rows are sealed: which props, under which authenticated context. */
const sealerOf = (name: string, holder: KeyHolder, keyOf: (row: Row) => unknown) => {
  const props = SEALED_PROPS[name] ?? [];
  const contextIn = (row: Row) => contextOf(name, row, keyOf);
  // Which meta entries stay clear is the registry's flag (db/meta.ts), never a list kept here.
  const exempt = (row: Row) => name === 'meta' && isClearMetaKey(String(row.key));
  const key = () => {
    if (!holder.current) throw new LockedError();
    return holder.current;
  };
  /** Clear by design, or already sealed: stored as it is. */
  const staysAsIs = (row: Row) => exempt(row) || !props.some((p) => p in row);
  /** The row as stored, its content's JSON remembered (unless told not to) for the reads that come back to it. */
  const sealedRow = (
    current: CryptoKey,
    context: string,
    json: string,
    rest: Row,
    blob: Sealed,
    keep = true,
  ) => {
    if (keep) remember(openedFor(current), filedAs(name, rest, context, blob), json);
    return { ...rest, sealed: blob };
  };

  const seal = (row: Row, keep = true): Row | Promise<Row> => {
    if (staysAsIs(row)) return row;
    const { json, rest } = split(row, props);
    const current = key();
    const context = contextIn(row);
    return sealText(current, json, context).then((blob) =>
      sealedRow(current, context, json, rest, blob, keep),
    );
  };
  /**
   * Seals them all in the sealing worker (db/seal-off-thread.ts), the same way as `seal`; null when
   * there is no worker or it failed, for the caller to seal them here. `keep: false` remembers none
   * of their plaintext (a bulk write, see sealRowsAhead).
   */
  const sealInWorker = async (rows: readonly Row[], keep = true): Promise<Row[] | null> => {
    const plans = rows.map((row) =>
      staysAsIs(row) ? null : { ...split(row, props), context: contextIn(row) },
    );
    const items = plans.flatMap((plan): [string, string][] =>
      plan ? [[plan.context, plan.json]] : [],
    );
    if (items.length === 0) return [...rows];
    const current = key();
    const sealed = await sealOffThread(current, items)?.catch(() => null);
    // One blob an item, in order, or none of them: anything else is sealed here instead.
    if (!sealed || sealed.length !== items.length) return null;
    let next = 0;
    return rows.map((row, i) => {
      const plan = plans[i];
      return plan
        ? sealedRow(current, plan.context, plan.json, plan.rest, sealed[next++]!, keep)
        : row;
    });
  };
  return { seal, sealInWorker, contextIn, key };
};

/**
 * Seals rows ahead of their write, outside any transaction: the write then stores them as they
 * are (a row whose content props are gone counts as sealed), with no wait for the crypto inside
 * it. A pulled page is sealed this way while the page before it is being written. `keyOf` is the
 * table's primary key (the sealed blob is bound to it). Rows are returned in the same order; with
 * no key holder (a database kept in clear) they are returned unchanged. An autosave seals its row
 * and op this way too (db/direct-write.ts).
 */
export const sealRowsAhead = async <T extends Record<string, unknown>>(
  holder: KeyHolder | undefined,
  table: string,
  keyOf: (row: Record<string, unknown>) => unknown,
  rows: readonly T[],
  /** In the sealing worker where there is one (a pulled page): the screens' thread stays free. */
  inWorker = false,
  /**
   * Whether this page remembers their plaintext (for a later read of them without WebCrypto, and an
   * autosave's check). Not for a bulk write — a full pulled page of a first sync, part of tens of
   * thousands of rows, as a bulk read is not remembered (openAll): holding all of it (~15 MB for
   * 10,000 notes until lock) only cost the page the memory, the blob ids and the garbage
   * collector's time, and pushed out what autosaves and live re-reads come back to.
   */
  keep = true,
): Promise<Record<string, unknown>[]> => {
  if (!holder || !SEALED_PROPS[table]) return [...rows];
  const { seal, sealInWorker } = sealerOf(table, holder, keyOf);
  return (
    (inWorker && (await sealInWorker(rows, keep))) ||
    Promise.all(rows.map((row) => seal(row, keep)))
  );
};

/** Equal as JSON values, whatever the order of their keys. */
export const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ob = b as Record<string, unknown>;
  return (
    ka.length === kb.length &&
    ka.every((k) => k in ob && sameJson((a as Record<string, unknown>)[k], ob[k]))
  );
};

/**
 * Whether `value`, as IndexedDB hands it over, is `expected` sealed under the current key: told
 * from the plaintext this page remembers of blobs it sealed or opened, never by WebCrypto, so a
 * write made around Dexie (db/direct-write.ts) can check inside its own transaction, without
 * waiting, that nothing changed a record since this page last wrote it. `false` whenever it cannot
 * tell (a blob it never saw, a value in clear, locked); both absent is `true`.
 */
export const storedAs = (
  holder: KeyHolder,
  table: string,
  value: unknown,
  expected: Record<string, unknown> | undefined,
): boolean => {
  if (value === undefined || expected === undefined) return value === expected;
  const props = SEALED_PROPS[table];
  const key = holder.current;
  if (!props || !key || typeof value !== 'object' || value === null || !('sealed' in value)) {
    return false;
  }
  const { sealed, ...rest } = value as Row & { sealed: Sealed };
  const json = recall(openedFor(key), filedAs(table, rest, contextOf(table, rest), sealed));
  const want = split(expected, props);
  return json === want.json && sameJson(rest, want.rest);
};

const sealedTable = (table: DBCoreTable, holder: KeyHolder): DBCoreTable => {
  const name = table.name;
  const primaryKey = table.schema.primaryKey;
  const { seal, contextIn, key } = sealerOf(name, holder, (r) => primaryKey.extractKey?.(r));

  const isSealed = (value: unknown): value is Row & { sealed: Sealed } =>
    typeof value === 'object' && value !== null && 'sealed' in value;
  const isObject = (value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  /** A stored row with its content in place of its blob. */
  const withContent = ({ sealed: _sealed, ...rest }: Row, content: Row) => ({
    ...rest,
    ...content,
  });
  const withPlain = (row: Row, json: string) => withContent(row, JSON.parse(json) as Row);

  /**
   * Opens what is needed; when every blob is already known, without leaving the transaction's
   * task. `partOfMore`: the values are one slice of a larger read (db/sliced-read.ts).
   */
  const openAll = (
    trans: object,
    values: readonly unknown[],
    partOfMore = false,
  ): unknown[] | Promise<unknown[]> => {
    if (!values.some(isSealed)) return [...values];
    const current = key();
    const openedBlobs = openedFor(current);
    // A bulk read (a screen's first read of an inspection) is kept by whoever asked for it; its
    // blobs would only push out the ones autosaves and live re-reads come back to.
    const keep = !partOfMore && values.length <= REMEMBER_READS_UP_TO;
    const bulk = partOfMore || values.length >= IN_WORKER_FROM;
    // Right after an unlock nothing is remembered: no blob ids to work out. Nor for a bulk read: the
    // few of its blobs this page may remember would spare the worker little, and working out
    // 50,000 ids cost the page's thread ~0.1 s of a first opening.
    const filed =
      keep || (!bulk && openedBlobs.size > 0)
        ? values.map((v) => (isSealed(v) ? filedAs(name, v, contextIn(v), v.sealed) : undefined))
        : [];
    const known = filed.map((f) => (f ? recall(openedBlobs, f) : undefined));
    if (values.every((v, i) => !isSealed(v) || known[i] !== undefined)) {
      return values.map((v, i) => (isSealed(v) ? withPlain(v, known[i]!) : v));
    }
    const openOne = (v: unknown, i: number): unknown => {
      if (!isSealed(v)) return v;
      const json = known[i];
      if (json !== undefined) return withPlain(v, json);
      return openText(current, v.sealed, contextIn(v)).then((opened) => {
        if (keep) remember(openedBlobs, filed[i]!, opened);
        return withPlain(v, opened);
      });
    };
    // In slices, so tens of thousands of rows are not all in flight (and in memory twice) at once.
    const result: unknown[] = [];
    const openFrom = (start: number): Promise<unknown[]> =>
      start >= values.length
        ? Promise.resolve(result)
        : Promise.all(
            values.slice(start, start + OPEN_SLICE).map((v, i) => openOne(v, start + i)),
          ).then((slice) => {
            for (const row of slice) result.push(row);
            return openFrom(start + OPEN_SLICE);
          });
    /**
     * A bulk read is opened in the sealing worker where there is one: a WebCrypto call costs the
     * thread that makes it ~50 µs, seconds of 50,000 rows on the screens' thread. This thread only
     * gets JSON back, one array a slice of OPEN_SLICE, all asked for at once and parsed as each
     * comes. Anything but one object a blob (no worker, it failed, a blob did not open, a short
     * answer, a content that is not one JSON object) is opened here instead, row by row, where a
     * blob that does not open fails the read.
     */
    const openInWorker = (): Promise<unknown[]> | null => {
      const asked = values.flatMap((v, i): [string, Sealed][] =>
        isSealed(v) && known[i] === undefined ? [[contextIn(v), v.sealed]] : [],
      );
      const slices: Promise<unknown[] | null>[] = [];
      for (let start = 0; start < asked.length; start += OPEN_SLICE) {
        const slice = asked.slice(start, start + OPEN_SLICE);
        const inWorker = openOffThread(current, slice)?.catch(() => null);
        if (!inWorker) return null;
        const parsed = inWorker.then((joined) => {
          const opened = joined === null ? null : (JSON.parse(joined) as unknown);
          return Array.isArray(opened) && opened.length === slice.length && opened.every(isObject)
            ? opened
            : null;
        });
        // Awaited all together below; a failure is seen there, not reported as unhandled meanwhile.
        parsed.catch(() => undefined);
        slices.push(parsed);
      }
      return Promise.all(slices).then((parts) => {
        if (parts.some((part) => part === null)) return openFrom(0);
        const opened = parts.length === 1 ? parts[0]! : parts.flat();
        let next = 0;
        return values.map((v, i) => {
          if (!isSealed(v)) return v;
          const json = known[i];
          return json !== undefined ? withPlain(v, json) : withContent(v, opened[next++] as Row);
        });
      });
    };
    const opening = (bulk && openInWorker()) || openFrom(0);
    // A read that is its transaction's only request (Dexie's implicit transaction for one
    // toArray or get; `_explicit` marks those opened by db.transaction) has nothing left to do in
    // it: the transaction may commit while the values are opened, instead of being spun alive.
    const alone =
      (trans as IDBTransaction).mode === 'readonly' &&
      !(trans as { _explicit?: boolean })._explicit;
    return alone ? opening : keepAlive(trans as IDBTransaction, opening);
  };
  const upgrading = (trans: unknown) => (trans as IDBTransaction).mode === 'versionchange';

  return {
    ...table,
    mutate: async (req) => {
      if ((req.type !== 'add' && req.type !== 'put') || upgrading(req.trans))
        return table.mutate(req);
      const rows = req.values as Row[];
      const sealing = rows.map((row) => seal(row));
      if (sealing.every((value) => !isPending(value))) {
        // Sealed ahead (a pulled page, an autosave's guess) or clear by design: down as they are,
        // without spinning the transaction. Locked, content is refused all the same.
        if (rows.some((row) => 'sealed' in row)) key();
        return table.mutate({ ...req, values: sealing });
      }
      const values = await keepAlive(req.trans as IDBTransaction, Promise.all(sealing));
      return table.mutate({ ...req, values });
    },
    get: async (req) =>
      upgrading(req.trans) ? table.get(req) : (await openAll(req.trans, [await table.get(req)]))[0],
    getMany: async (req) =>
      upgrading(req.trans) ? table.getMany(req) : openAll(req.trans, await table.getMany(req)),
    query: async (req) => {
      if (upgrading(req.trans) || !req.values) return table.query(req);
      if (isSliceable(req)) {
        return {
          result: await readInSlices(table, req, (rows, more) => openAll(req.trans, rows, more)),
        };
      }
      const response = await table.query(req);
      return { ...response, result: await openAll(req.trans, response.result) };
    },
    openCursor: (req) => {
      if (req.values && !upgrading(req.trans)) {
        throw new Error(
          `${name} is encrypted: read its rows with get() or toArray(), not a cursor`,
        );
      }
      return table.openCursor(req);
    },
  };
};

export const encryptionMiddleware = (holder: KeyHolder): Middleware<DBCore> => ({
  stack: 'dbcore',
  name: 'fieldbook-encryption',
  // Below Dexie's own caches (level -1 and up), so they only ever hold opened values.
  level: -2,
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      return SEALED_PROPS[name] ? sealedTable(table, holder) : table;
    },
  }),
});
