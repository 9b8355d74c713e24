import type { DBCore, DBCoreTransaction, Middleware } from 'dexie';

/**
 * The write token: who wrote the records last, so a steady autosave can write without reading them
 * first (db/direct-write.ts; issue 10: the two checking reads' round trip was ~0.4× of the floor).
 *
 * One store that holds exactly one record once anything has been written: `{ k, c: 0 }`, under a
 * unique index on the constant `c`, so no second record can ever be stored beside it. Every
 * transaction that may write a record's row or ops (any read/write transaction on a row table or
 * the outbox, in any tab) replaces it in the same transaction:
 * - through Dexie, this middleware replaces it with `{ k: 0 }`, nobody's;
 * - a direct write that read and checked the record replaces it with a fresh token of its own.
 * A direct write that holds the token writes blind: it puts its own `{ k: token, c: 0 }` again.
 * If any other transaction wrote since, the store holds another record, the put breaks the unique
 * index, and IndexedDB aborts the transaction itself (ConstraintError, never prevented): nothing
 * of it is stored, and the save is made again with reads. So a blind save stores only when the
 * last writer of the data stores was this very page's direct write, whose values it remembers.
 */
export const WRITE_TOKEN_STORE = 'writeToken';
/** The store's Dexie declaration (version 5): `k` the token, `c` the constant under the unique index. */
export const WRITE_TOKEN_SCHEMA = 'k, &c';
/** What every writer that is not the token's holder leaves: nobody's token. */
const NOBODY = 0;

/**
 * Replaces the token in `tx` (which must have the store in its scope) with `token`: first the old
 * one goes (so the new one cannot clash with it), then the new one is put. Asked before anything
 * else of the transaction's, so even a transaction that fails later has taken it: a failed write
 * costs the holder one save with reads, never a blind one over a change.
 */
export const replaceWriteToken = (tx: IDBTransaction, token: string | number = NOBODY): void => {
  const store = tx.objectStore(WRITE_TOKEN_STORE);
  store.clear();
  store.put({ k: token, c: 0 });
};

/**
 * Puts the holder's token again: fails (ConstraintError, which aborts `tx` as it is not prevented)
 * unless the token is still the store's one record.
 */
export const putHeldToken = (tx: IDBTransaction, token: string): void => {
  tx.objectStore(WRITE_TOKEN_STORE).put({ k: token, c: 0 });
};

/** A token no other page or tab will ever hold. */
export const freshToken = (): string => crypto.randomUUID();

/**
 * Every Dexie read/write transaction on one of `dataStores` takes the token: the store joins its
 * scope and the token is replaced as the transaction is created, before any of its requests, so
 * the order IndexedDB runs transactions in is the order tokens are taken in. Created in the same
 * task as the decision to write (Dexie creates its IDBTransaction when the transaction starts),
 * this holds for writes from this tab and every other, from the repository, a pull, a push, a
 * restore, forgetting an inspection: none of them can be made through Dexie without it. Dexie's
 * own writes to the store are refused: only this module writes it.
 */
export const writeTokenMiddleware = (dataStores: readonly string[]): Middleware<DBCore> => {
  const watched = new Set(dataStores);
  return {
    stack: 'dbcore',
    name: 'WriteToken',
    create: (down) => ({
      ...down,
      transaction: (stores, mode, options): DBCoreTransaction => {
        if (mode !== 'readwrite' || !stores.some((store) => watched.has(store))) {
          return down.transaction(stores, mode, options);
        }
        const scope = stores.includes(WRITE_TOKEN_STORE) ? stores : [...stores, WRITE_TOKEN_STORE];
        const tx = down.transaction(scope, mode, options);
        replaceWriteToken(tx as unknown as IDBTransaction);
        return tx;
      },
      table: (name) => {
        const table = down.table(name);
        if (name !== WRITE_TOKEN_STORE) return table;
        return {
          ...table,
          mutate: () =>
            Promise.reject(new Error(`${WRITE_TOKEN_STORE} is written by db/write-token.ts only`)),
        };
      },
    }),
  };
};
