import Dexie, { type DBCore, type DBCoreTable, type Middleware } from 'dexie';
import { openText, sealText, type Sealed } from './cipher';
import { isClearMetaKey } from './meta';

/**
 * The encryption middleware: record content is sealed on the way into IndexedDB and opened on
 * the way out, so the rest of the app never sees ciphertext. Only ids, the inspection id,
 * timestamps and sync bookkeeping stay clear (they are the indexes). WebCrypto is asynchronous,
 * so each seal/open is awaited with `Dexie.waitFor`, which keeps the IndexedDB transaction alive.
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
 * `Dexie.waitFor` for one transaction, its waits settling in the order they began. Dexie 4's
 * waitFor stops keeping the transaction alive as soon as the newest wait settles: when an older one
 * (a bigger seal, started first) settles after it, its continuation is queued where nothing runs
 * it any more, and the transaction's promise never settles while IndexedDB commits whatever was
 * written so far (an autosave's op without its row). Two writes of one transaction (`update`:
 * the row and its op) seal side by side, so this happens whenever the second seal wins the race.
 * The crypto still runs side by side; only the settling is put in order.
 */
const lastWaitOf = new WeakMap<object, Promise<unknown>>();
const waitInOrder = <T>(trans: object, work: Promise<T>): Promise<T> => {
  const before = lastWaitOf.get(trans);
  if (before) work.catch(() => undefined); // its failure is reported in turn, not as unhandled
  const inOrder = before ? before.then(() => work) : work;
  lastWaitOf.set(
    trans,
    inOrder.catch(() => undefined),
  );
  return Dexie.waitFor(inOrder);
};

/**
 * Plaintext of blobs this page sealed or opened, keyed by context and nonce, held per key: an
 * autosave then reads back its own row and outbox op without decrypting them, and a live list
 * re-read after each change decrypts only what changed. It hangs off the key object, so
 * locking (dropping the key) drops it too.
 */
const OPENED_MAX = 20_000;
const openedByKey = new WeakMap<CryptoKey, Map<string, string>>();
const openedFor = (key: CryptoKey) => {
  let opened = openedByKey.get(key);
  if (!opened) openedByKey.set(key, (opened = new Map()));
  return opened;
};
const remember = (opened: Map<string, string>, id: string, json: string) => {
  if (opened.size >= OPENED_MAX) opened.delete(opened.keys().next().value!);
  opened.set(id, json);
};
const blobId = (context: string, sealed: Sealed) =>
  `${context}:${String.fromCharCode(...sealed.iv)}`;

/** How one table's rows are sealed: which props, under which authenticated context. */
const sealerOf = (name: string, holder: KeyHolder, extractKey: (row: Row) => unknown) => {
  const props = SEALED_PROPS[name] ?? [];
  // The outbox key is auto-incremented (unknown before the write), so its context is the op id.
  const contextOf = (row: Row) =>
    name === 'outbox' ? `outbox:${String(row.opId)}` : `${name}:${String(extractKey(row))}`;
  // Which meta entries stay clear is the registry's flag (db/meta.ts), never a list kept here.
  const exempt = (row: Row) => name === 'meta' && isClearMetaKey(String(row.key));
  const key = () => {
    if (!holder.current) throw new LockedError();
    return holder.current;
  };

  /** Clear by design, or already sealed (sealed ahead, or read back raw): stored as it is. */
  const asIs = (row: Row) => exempt(row) || !props.some((p) => p in row);
  const seal = async (row: Row): Promise<Row> => {
    if (asIs(row)) return row;
    const plain: Record<string, unknown> = {};
    const rest: Row = {};
    for (const [k, v] of Object.entries(row)) {
      if (props.includes(k)) plain[k] = v;
      else if (k !== 'sealed') rest[k] = v;
    }
    const current = key();
    const context = contextOf(row);
    const json = JSON.stringify(plain);
    const sealed = await sealText(current, json, context);
    remember(openedFor(current), blobId(context, sealed), json);
    return { ...rest, sealed };
  };
  return { seal, asIs, contextOf, key };
};

/**
 * Seals rows ahead of their write, outside any transaction: the write then stores them as they
 * are (a row whose content props are gone counts as sealed), with no wait for the crypto inside
 * it. A pulled page is sealed this way while the page before it is being written. `keyOf` is the
 * table's primary key (the sealed blob is bound to it). Rows are returned in the same order; with
 * no key holder (a database kept in clear) they are returned unchanged.
 */
export const sealRowsAhead = async <T extends Record<string, unknown>>(
  holder: KeyHolder | undefined,
  table: string,
  keyOf: (row: Record<string, unknown>) => unknown,
  rows: readonly T[],
): Promise<Record<string, unknown>[]> => {
  if (!holder || !SEALED_PROPS[table]) return [...rows];
  const { seal } = sealerOf(table, holder, keyOf);
  return Promise.all(rows.map(seal));
};

const sealedTable = (table: DBCoreTable, holder: KeyHolder): DBCoreTable => {
  const name = table.name;
  const primaryKey = table.schema.primaryKey;
  const { seal, asIs, contextOf, key } = sealerOf(name, holder, (row) =>
    primaryKey.extractKey?.(row),
  );

  const isSealed = (value: unknown): value is Row & { sealed: Sealed } =>
    typeof value === 'object' && value !== null && 'sealed' in value;
  const withPlain = ({ sealed: _sealed, ...rest }: Row, json: string) => ({
    ...rest,
    ...(JSON.parse(json) as Row),
  });

  /** Opens what is needed; when every blob is already known, without leaving the transaction's task. */
  const openAll = (trans: object, values: readonly unknown[]): unknown[] | Promise<unknown[]> => {
    if (!values.some(isSealed)) return [...values];
    const current = key();
    const opened = openedFor(current);
    const known = values.map((v) =>
      isSealed(v) ? opened.get(blobId(contextOf(v), v.sealed)) : undefined,
    );
    if (values.every((v, i) => !isSealed(v) || known[i] !== undefined)) {
      return values.map((v, i) => (isSealed(v) ? withPlain(v, known[i]!) : v));
    }
    const opening = Promise.all(
      values.map(async (v, i) => {
        if (!isSealed(v)) return v;
        const context = contextOf(v);
        const json = known[i] ?? (await openText(current, v.sealed, context));
        remember(opened, blobId(context, v.sealed), json);
        return withPlain(v, json);
      }),
    );
    // A read that is its transaction's only request (Dexie's implicit transaction for one
    // toArray or get; `_explicit` marks those opened by db.transaction) has nothing left to do in
    // it: the transaction may commit while the values are opened, instead of being spun alive.
    const alone =
      (trans as IDBTransaction).mode === 'readonly' &&
      !(trans as { _explicit?: boolean })._explicit;
    return alone ? opening : waitInOrder(trans, opening);
  };
  const upgrading = (trans: unknown) => (trans as IDBTransaction).mode === 'versionchange';

  return {
    ...table,
    mutate: async (req) => {
      if ((req.type !== 'add' && req.type !== 'put') || upgrading(req.trans))
        return table.mutate(req);
      const rows = req.values as Row[];
      // Nothing to seal (rows sealed ahead: a pulled page): down as they are, without spinning
      // the transaction alive for a wait that has nothing to wait for. Locked, content is refused
      // all the same, sealed ahead or not.
      if (rows.every(asIs)) {
        if (rows.some((row) => 'sealed' in row)) key();
        return table.mutate(req);
      }
      const values = await waitInOrder(req.trans, Promise.all(rows.map(seal)));
      return table.mutate({ ...req, values });
    },
    get: async (req) =>
      upgrading(req.trans) ? table.get(req) : (await openAll(req.trans, [await table.get(req)]))[0],
    getMany: async (req) =>
      upgrading(req.trans) ? table.getMany(req) : openAll(req.trans, await table.getMany(req)),
    query: async (req) => {
      const response = await table.query(req);
      return upgrading(req.trans) || !req.values
        ? response
        : { ...response, result: await openAll(req.trans, response.result) };
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
