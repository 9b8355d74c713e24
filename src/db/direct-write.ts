import Dexie, { RangeSet } from 'dexie';
import type { Sealed } from './cipher';
import { LockedError, sameJson, sealRowsAhead, storedAs, type KeyHolder } from './encryption';
import { changedRowsPart } from './row-changes';
import type { LocalRow, OutboxOp } from './types';
import { freshToken, putHeldToken, replaceWriteToken, WRITE_TOKEN_STORE } from './write-token';

/**
 * An autosave's write as one raw IndexedDB transaction, around Dexie, for the case that is nearly
 * every keystroke's: the record and its unsent op are exactly as this page last wrote them, and
 * the save extends that op. Dexie's transaction, zone and middleware hops cost an autosave more
 * than the write itself (issue 10), so the row and op are sealed here, from this page's guess,
 * and put together with two reads that check, in the same transaction, that the stored row and
 * the record's newest op are still what this page wrote. If either is not (another tab, a push,
 * a pull, a deletion), the transaction is aborted, so nothing of it is stored, and the caller
 * makes the write the usual way. Once it commits, everything that watches the database hears of
 * it through Dexie's public `storagemutated` event: live queries and the row feeds (the row
 * stores), here and in other tabs.
 */
export type DirectWrite = {
  table: string;
  /**
   * What this page last wrote of the record: the row and its newest op, and, when it wrote them
   * itself around Dexie, the sealed values it put (`put`).
   */
  seen: { row: LocalRow; last: OutboxOp | undefined; put?: Put | undefined };
  /** What to write on top of it. */
  next: { row: LocalRow; op: OutboxOp };
  /**
   * The write token this page holds for the record (write-token.ts), when its last write of it
   * took the token: the save is then written blind, without reading the record first.
   */
  token?: HeldToken | undefined;
};

/** The row and op a direct write put, sealed, exactly as it handed them to IndexedDB. */
export type Put = { row: object; op: object };

/**
 * A write token as a direct write took it, on this connection: a database opened again, or made
 * anew after a wipe, is another one, whose token this page never took.
 */
export type HeldToken = { value: string; connection: IDBDatabase };

/**
 * What it put once stored, and the token it left in the store (write-token.ts); `false` when it
 * was not the case for a direct write (nothing was written): the record had changed, the save
 * makes a new op, or the database is closing.
 *
 * A save that holds the record's token is written blind first (`writeBlind`): one transaction of
 * the token and the two puts, as the floor's, stored only if no other transaction has written a
 * row or an op since this page's last write of the record. Failing that (or holding no token), it
 * reads and checks, and takes the token once its checks pass:
 *
 * The seals are asked for first, and the transaction and its two reads at once after them, not
 * once the seals are back: WebCrypto seals on its own thread while this one opens the transaction
 * and IndexedDB answers the reads, so the seals are nearly always back by the first answer, and
 * the save no longer waits for sealing and the reads one after the other (~0.3 ms a save on a
 * slow machine, issue 10). The puts are asked from the reads' success handlers (where the
 * transaction is active); should the seals still be out by then, a read of nothing keeps the
 * transaction alive until they are back.
 */
export const writeDirect = async (
  db: Dexie,
  holder: KeyHolder,
  { table, seen, next, token }: DirectWrite,
): Promise<{ put: Put; token: HeldToken } | false> => {
  const key = holder.current;
  // A new op (once after each push) goes the usual way; so does a closed or locked database.
  if (next.op.n === undefined || !db.isOpen() || !key) return false;
  if (token && token.connection === db.backendDB()) {
    const put = await writeBlind(db, holder, key, table, next, token);
    if (put) return { put, token };
  }
  let seal: Put | { failed: unknown } | undefined;
  const sealing = Promise.all([
    sealRowsAhead(holder, table, (r) => r.id, [next.row]),
    sealRowsAhead(holder, 'outbox', (r) => r.n, [next.op]),
  ]).then(
    ([[row], [op]]) => void (seal = { row: row!, op: op! }),
    (failed: unknown) => void (seal = { failed }),
  );
  let tx: IDBTransaction;
  const connection = db.backendDB();
  const taken = freshToken();
  try {
    tx = connection.transaction([table, 'outbox', WRITE_TOKEN_STORE], 'readwrite');
  } catch {
    await sealing;
    return false; // the connection is closing (an upgrade, a wipe)
  }
  // Stored only with the checked write: the token is this page's once the record is as it put it.
  replaceWriteToken(tx, taken);
  /**
   * Whether the stored value is still the one this page wrote: the very value it put, when it put
   * it here (nearly every save's check, and cheap: the plaintext is not serialised again, ~0.02 ms
   * a save, issue 10); else what it wrote through Dexie, told from the plaintext it remembers.
   */
  const stillAsWritten = (
    put: object | undefined,
    value: unknown,
    store: string,
    plain: Record<string, unknown> | undefined,
  ) => (put ? isPut(value, put) : storedAs(holder, store, value, plain));
  const stored = await new Promise<boolean>((resolve) => {
    const rows = tx.objectStore(table);
    const outbox = tx.objectStore('outbox');
    // The reads see the record as it was before the puts, which are asked after their answers;
    // an abort takes the puts back. Requests are answered in the order asked.
    const rowRead = rows.get(next.row.id);
    const opRead = newestOp(outbox.index('entityId'), next.row.id);
    let put = false;
    let checked = false;
    /** Puts the sealed row and op, once they are sealed under the key the save began with. */
    const putSealed = (): boolean => {
      if (put) return true;
      if (!seal || 'failed' in seal || holder.current !== key) return false;
      rows.put(seal.row);
      outbox.put(seal.op);
      return (put = true);
    };
    const finish = () => {
      if (!seal) {
        // Still sealing: a read of nothing keeps the transaction alive (an active transaction
        // with nothing asked of it commits) and hands back a moment where it can be written.
        rows.get(-Infinity).onsuccess = finish;
        return;
      }
      if (!putSealed()) return tx.abort();
      checked = true;
      // Asked for at once, rather than after the puts' answers have come back to the page and
      // the transaction has been seen to have nothing more to do (a round trip, ~0.1-0.2 ms).
      tx.commit();
      // Told while IndexedDB commits (see tellSoon), not once it has.
      tellSoon({ dbName: db.name, table, id: next.row.id, n: next.op.n! });
    };
    rowRead.onsuccess = () => {
      if (!stillAsWritten(seen.put?.row, rowRead.result, table, seen.row)) return tx.abort();
      // The row is as seen: the puts go now when they can, so IndexedDB takes them in while this
      // page reads the op's answer.
      putSealed();
    };
    // Answered after the row's, so only reached when the row was as seen.
    opRead.request.onsuccess = () => {
      if (!stillAsWritten(seen.put?.op, opRead.value(), 'outbox', seen.last)) return tx.abort();
      finish();
    };
    tx.oncomplete = () => resolve(checked);
    // Aborted by a check, or failed (quota, a closing connection): nothing is stored. A check that
    // throws aborts the transaction too (an exception in a request's handler does).
    tx.onabort = () => resolve(false);
  });
  await sealing;
  // A seal that failed fails the save; locked meanwhile, it is refused as any write is (nothing
  // was stored); unlocked anew meanwhile, it is made again the usual way.
  if (seal && 'failed' in seal) throw seal.failed;
  if (!stored && !holder.current) throw new LockedError();
  return stored && { put: seal as Put, token: { value: taken, connection } };
};

/**
 * A save written blind by the holder of the record's write token: sealed first, then one
 * transaction that puts the token again and the row and op, and commits, with no read and so no
 * wait for IndexedDB's answers before the commit (issue 10). IndexedDB aborts it itself if any
 * other transaction took the token since (write-token.ts): then nothing is stored and `false`
 * sends the save to be made with reads.
 */
const writeBlind = async (
  db: Dexie,
  holder: KeyHolder,
  key: KeyHolder['current'],
  table: string,
  next: DirectWrite['next'],
  token: HeldToken,
): Promise<Put | false> => {
  const [[row], [op]] = await Promise.all([
    sealRowsAhead(holder, table, (r) => r.id, [next.row]),
    sealRowsAhead(holder, 'outbox', (r) => r.n, [next.op]),
  ]);
  // Locked while sealing: refused as any write is; unlocked anew: made again the usual way.
  if (!holder.current) throw new LockedError();
  if (holder.current !== key) return false;
  let tx: IDBTransaction;
  try {
    tx = token.connection.transaction([table, 'outbox', WRITE_TOKEN_STORE], 'readwrite');
  } catch {
    return false; // the connection is closing (an upgrade, a wipe)
  }
  const stored = new Promise<boolean>((resolve) => {
    tx.oncomplete = () => resolve(true);
    // Another writer took the token (ConstraintError), or the write failed (quota, closing).
    tx.onabort = () => resolve(false);
  });
  putHeldToken(tx, token.value);
  tx.objectStore(table).put(row);
  tx.objectStore('outbox').put(op);
  tx.commit();
  // Told while IndexedDB commits, as a checked save's news is (see tellSoon).
  tellSoon({ dbName: db.name, table, id: next.row.id, n: next.op.n! });
  return (await stored) && { row: row!, op: op! };
};

/**
 * Whether `value`, as IndexedDB hands it back, is `put`: the same clear props and the same sealed
 * blob. A blob is told by its nonce, fresh for every seal (the page's memory of plaintext names
 * blobs the same way): nobody else's seal, nor an earlier one of this page's, has this one's.
 */
const isPut = (value: unknown, put: object): boolean => {
  if (typeof value !== 'object' || value === null) return false;
  const stored = value as Record<string, unknown>;
  const wanted = put as Record<string, unknown>;
  const keys = Object.keys(wanted);
  if (Object.keys(stored).length !== keys.length) return false;
  return keys.every((k) =>
    k === 'sealed' ? sameBlob(stored[k], wanted[k] as Sealed) : sameJson(stored[k], wanted[k]),
  );
};
const sameBlob = (stored: unknown, { iv, data }: Sealed): boolean => {
  if (typeof stored !== 'object' || stored === null) return false;
  const blob = stored as Partial<Sealed>;
  if (!(blob.iv instanceof Uint8Array) || !(blob.data instanceof ArrayBuffer)) return false;
  return (
    blob.data.byteLength === data.byteLength &&
    blob.iv.length === iv.length &&
    blob.iv.every((byte, i) => byte === iv[i])
  );
};

/**
 * A request for the record's newest op (the highest key among its ops in the `entityId` index),
 * and how to read its answer. `getAllRecords` with a direction (Chromium 141 and later) asks for
 * it in one request; a cursor, elsewhere, costs the page a cursor's set-up besides (~0.1-0.3 ms
 * an autosave in Chromium, issue 10).
 */
type WithGetAllRecords = IDBIndex & {
  getAllRecords?: (options: {
    query: IDBKeyRange;
    count: number;
    direction: IDBCursorDirection;
  }) => IDBRequest<{ value: unknown }[]>;
};
const newestOp = (index: WithGetAllRecords, id: string) => {
  const only = IDBKeyRange.only(id);
  if (typeof index.getAllRecords === 'function') {
    const request = index.getAllRecords({ query: only, count: 1, direction: 'prev' });
    return { request, value: () => request.result[0]?.value };
  }
  const request = index.openCursor(only, 'prev');
  return { request, value: () => request.result?.value };
};

/**
 * News of a direct write, told in a task of its own queued as soon as its commit is asked for: the
 * task runs while IndexedDB commits (~0.3-0.7 ms in which this thread only waits), so the news no
 * longer follows the save and, when saves come back to back, no longer lands in the next save's
 * wait (issue 10). Heard before the commit has completed, it is still true for whoever acts on it:
 * IndexedDB starts a transaction (any tab's: a row store's re-read, a live query's re-run) only
 * once every read/write transaction created before it on the same stores has finished, so a read
 * made on hearing it sees what this one stored. Should the commit still fail (a full disk), the
 * news costs only re-reads that find the rows as they were, and the save is made again the usual
 * way, which tells of it again. The re-reads the news starts are not part of the save.
 *
 * At most one telling a frame (`NEWS_SPACING_MS`): news that comes while the last telling is
 * younger than that waits for the rest of the frame, and everything waiting is told at once, in
 * one `storagemutated` set (one post to the other tabs) naming every row and op it covers. A save
 * after a quiet moment (an autosave, at least 300 ms after the one before) is told in the next
 * task as before; saves back to back (a burst, the bench) no longer each pay for a post to the
 * other tabs and its work in the browser, which competed with the next save's commit (issue 10:
 * ~0.3x of the floor). Nothing is dropped: every waiting write is named in the set told.
 *
 * A page being unloaded may never run that task, so whatever is still waiting is told at
 * `pagehide`, before the other tabs lose the chance to hear it: in the capture phase, so before
 * Dexie's own `pagehide` listener, which closes its channel to the other tabs when the page goes
 * into the back/forward cache (a window's capturing listeners run before its others).
 */
export const NEWS_SPACING_MS = 16;
type News = { dbName: string; table: string; id: string; n: number };
const waiting: News[] = [];
let lastTold = -Infinity;
const tellWaiting = () => {
  if (waiting.length === 0) return;
  lastTold = performance.now();
  told(waiting.splice(0));
};
let listening = false;
const tellSoon = (news: News) => {
  waiting.push(news);
  if (waiting.length === 1) {
    setTimeout(tellWaiting, Math.max(0, lastTold + NEWS_SPACING_MS - performance.now()));
  }
  if (!listening && typeof addEventListener === 'function') {
    listening = true;
    addEventListener('pagehide', tellWaiting, { capture: true });
  }
};

/**
 * Tells this tab and the others of the writes waiting (one, or a frame's), in one event: Dexie's
 * public `storagemutated`, which Dexie hands to this tab's subscribers and posts to the other
 * tabs. Its set names, for live queries, the parts Dexie's observability middleware names for a put whose old value it did not
 * read: the primary key, also as a possible deletion (`:dels`). No index part: the row's and the
 * op's index keys are the ones checked stored, so no query on an index gains or loses either; a
 * query that holds them hears it by their primary keys. And, for the row feeds, the row's id in a
 * part of their own (db/row-changes.ts): one post to the other tabs a telling instead of the row
 * feed's and Dexie's for each save (issue 10: each save's news ran inside the next save's wait).
 */
const told = (news: readonly News[]) => {
  const set: Record<string, RangeSet> = {};
  const add = (part: string, key: string | number) => (set[part] ??= new RangeSet()).addKey(key);
  for (const { dbName, table, id, n } of news) {
    const name = (store: string, part: string) => `idb://${dbName}/${store}/${part}`;
    add(name(table, ''), id);
    add(name(table, ':dels'), id);
    add(name('outbox', ''), n);
    add(name('outbox', ':dels'), n);
    add(changedRowsPart(dbName, table), id);
  }
  Dexie.on.storagemutated.fire(set);
};
