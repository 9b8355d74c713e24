import {
  checkFields,
  DELETED_CONFLICT_KEY,
  isoAt,
  newId,
  type Clock,
  type EntityName,
  type FieldsOf,
} from '../domain';
import { keysOf, tableFor, type FieldbookDB } from './database';
import { writeDirect, type DirectWrite, type HeldToken, type Put } from './direct-write';
import { onLock } from './encryption';
import { guardWrite, RecordNotFoundError, ValidationError } from './errors';
import { discardDraft, writeDraft, type DraftValue } from './drafts';
import { keepDraftIfOutOfReach } from './drafts-leaving';
import { keepOnLeaving, type Shown } from './kept-on-leaving';
import { getMeta, META_KEYS, setMeta } from './meta';
import type { DeviceUser, LocalRow, OutboxOp } from './types';

type Changes<E extends EntityName> = { [K in keyof FieldsOf[E]]?: FieldsOf[E][K] | null };

/** JSON drops `undefined`; dropping it here too keeps the device and the wire in agreement. */
const defined = (fields: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

/**
 * Every write of the app. Each is one Dexie transaction that changes the row and appends (or
 * extends) its outbox op (S2); the write counts as saved only when the returned promise resolves.
 */
export const createRepository = ({ db, clock }: { db: FieldbookDB; clock: Clock }) => {
  let author: string | undefined;

  /**
   * The device's user, made on first need. Read and made in one transaction: a screen asking for it
   * while a sign-in stores the server's user must never write a made-up user over the real one
   * (it did: the screens then took the user's own synced notes for someone else's, read-only).
   */
  const deviceUser = (): Promise<DeviceUser> =>
    db.transaction('rw', db.meta, async () => {
      const existing = await getMeta<DeviceUser>(db, META_KEYS.deviceUser);
      if (existing) return existing;
      const created: DeviceUser = { id: newId(clock), name: '', inspectorate: '' };
      await setMeta(db, META_KEYS.deviceUser, created);
      return created;
    });

  const authorId = async (): Promise<string> => {
    if (author) return author;
    const { id } = await deviceUser();
    // A sign-in may have set the server's user while this read was out: that one wins.
    return (author ??= id);
  };

  /** After an online sign-in the device user becomes the server's user (S8: the server sets `author`). */
  const setDeviceUser = async (user: DeviceUser): Promise<void> => {
    await setMeta(db, META_KEYS.deviceUser, user);
    author = user.id;
  };

  const check = (
    entity: EntityName,
    fields: Record<string, unknown>,
    mode: 'create' | 'change',
  ) => {
    const result = checkFields(entity, fields, mode);
    if (!result.ok) throw new ValidationError(result.issues);
  };

  /**
   * What this page last wrote of each record it edits (the row and the record's newest op), so an
   * autosave can seal what it expects to write before its transaction. Only a guess: the direct
   * write checks in its transaction that both are still stored exactly so, and when they are not
   * the save is made in a Dexie transaction from what it reads (direct-write.ts). Plaintext, so
   * emptied on lock.
   */
  const written = new Map<string, DirectWrite['seen']>();
  const WRITTEN_MAX = 32; // the records open in editors, with room to spare
  const writtenKey = (entity: EntityName, id: string) => `${entity}:${id}`;
  /**
   * The write token (write-token.ts) this page took with its last checked direct write, and the
   * record that write was of: while no other transaction has written a row or an op since, that
   * record is exactly as `written` has it, so its next save may be written blind. Only for that
   * record: what `written` holds of others may be older than the token. IndexedDB itself refuses a
   * blind save once anyone else has written, so this is only where to try one.
   */
  let token: { held: HeldToken; record: string } | undefined;
  /**
   * Direct writes in flight. A blind save is tried only when none is: a save that lands meanwhile
   * would be one `written` does not have yet, and a blind save leaves the token as it found it.
   */
  let directWrites = 0;
  const holder = keysOf(db);
  if (holder)
    onLock(holder, () => {
      written.clear();
      token = undefined;
    });
  const rememberWritten = (
    entity: EntityName,
    id: string,
    row: LocalRow,
    last?: OutboxOp,
    put?: Put,
  ) => {
    if (holder && !holder.current) return; // locked as the write landed: keep no plaintext
    const key = writtenKey(entity, id);
    written.delete(key);
    if (written.size >= WRITTEN_MAX) written.delete(written.keys().next().value!);
    written.set(key, { row, last, put });
  };

  const create = async <E extends EntityName>(
    entity: E,
    inspectionId: string,
    fields: FieldsOf[E],
    id: string = newId(clock),
  ): Promise<string> => {
    const clean = defined(fields);
    check(entity, clean, 'create');
    const who = await authorId();
    const at = isoAt(clock);
    const table = tableFor(db, entity);
    const row: LocalRow<E> = {
      id,
      inspectionId,
      fields: clean as FieldsOf[E],
      seq: 0,
      versions: {},
      conflicts: {},
      author: who,
      createdAt: at,
      updatedAt: at,
      deleted: false,
    };
    const op: OutboxOp = {
      opId: newId(clock),
      entity,
      entityId: id,
      inspectionId,
      kind: 'put',
      fields: clean,
      base: {},
      createdAt: at,
      state: 'pending',
    };
    const n = await guardWrite(() =>
      db.transaction('rw', [table, db.outbox], async () => {
        await table.add(row);
        return db.outbox.add(op);
      }),
    );
    rememberWritten(entity, id, row, { ...op, n });
    return id;
  };

  /**
   * The row and op an update of `row` writes, given the record's newest op: pure, so the guess
   * made before the transaction and the write made in it are the same function of what they saw.
   */
  const planUpdate = <E extends EntityName>(
    entity: E,
    row: LocalRow<E>,
    last: OutboxOp | undefined,
    clean: Record<string, unknown>,
    at: string,
    opId: () => string,
  ): { row: LocalRow<E>; op: OutboxOp } => {
    const next = { ...row, fields: { ...row.fields, ...clean }, updatedAt: at };
    if (last && last.state === 'pending' && last.kind === 'put') {
      // The base of a field already in the op stays what the editor first saw.
      const base = { ...last.base };
      for (const field of Object.keys(clean)) {
        if (!(field in last.fields)) base[field] = row.versions[field] ?? 0;
      }
      return { row: next, op: { ...last, fields: { ...last.fields, ...clean }, base } };
    }
    return {
      row: next,
      op: {
        opId: opId(),
        entity,
        entityId: row.id,
        inspectionId: row.inspectionId,
        kind: 'put',
        fields: clean,
        base: Object.fromEntries(Object.keys(clean).map((f) => [f, row.versions[f] ?? 0])),
        createdAt: at,
        state: 'pending',
      },
    };
  };

  /**
   * Changes the named fields. Unsent edits of the same record fold into one op, so a day of
   * autosaves is not a day of ops. `shown`: the record as the editor shows it, should its
   * inspection leave the device before this lands (kept-on-leaving.ts).
   */
  const update = async <E extends EntityName>(
    entity: E,
    id: string,
    changes: Changes<E>,
    shown?: Shown,
  ): Promise<void> => {
    const clean = defined(changes);
    check(entity, clean, 'change');
    const at = isoAt(clock);
    const table = tableFor(db, entity);
    let opId: string | undefined;
    const nextOpId = () => (opId ??= newId(clock));
    const record = writtenKey(entity, id);
    const seen = written.get(record);
    if (seen && holder) {
      // Nearly every keystroke's save: the record is as this page last wrote it.
      const next = planUpdate(entity, seen.row as LocalRow<E>, seen.last, clean, at, nextOpId);
      const alone = directWrites === 0;
      const held = alone && token?.record === record ? token.held : undefined;
      directWrites += 1;
      try {
        const wrote = await guardWrite(() =>
          writeDirect(db, holder, { table: table.name, seen, next, token: held }),
        );
        // Taken by a save with another in flight, the token may come before a write `written`
        // does not have: not held.
        token = wrote && alone ? { held: wrote.token, record } : undefined;
        if (wrote) return rememberWritten(entity, id, next.row, next.op, wrote.put);
      } finally {
        directWrites -= 1;
      }
    }
    const stored = await guardWrite(() =>
      db.transaction('rw', [table, db.outbox], async () => {
        // The row and the record's newest op are read together and written together.
        const [row, last] = await Promise.all([
          table.get(id),
          db.outbox.where('entityId').equals(id).last(),
        ]);
        if (!row || row.deleted) {
          written.delete(writtenKey(entity, id));
          if (row) throw new RecordNotFoundError(entity, id);
          return null;
        }
        const next = planUpdate(entity, row, last, clean, at, nextOpId);
        const [, n] = await Promise.all([
          table.put(next.row),
          next.op.n === undefined ? db.outbox.add(next.op) : db.outbox.put(next.op),
        ]);
        return { row: next.row, last: { ...next.op, n } };
      }),
    );
    if (stored) return rememberWritten(entity, id, stored.row, stored.last);
    // No row: the device may have forgotten its inspection while the editor was open (S6a, §4.3).
    // The words typed since are kept as refused then, never lost without a word.
    const made = { opId: nextOpId(), at };
    const from =
      shown ?? (seen && { inspectionId: seen.row.inspectionId, fields: seen.row.fields });
    if (!(await guardWrite(() => keepOnLeaving(db, entity, id, clean, from, made))))
      throw new RecordNotFoundError(entity, id);
  };

  const remove = async (entity: EntityName, id: string): Promise<void> => {
    written.delete(writtenKey(entity, id));
    const at = isoAt(clock);
    const table = tableFor(db, entity);
    await guardWrite(() =>
      db.transaction('rw', [table, db.outbox], async () => {
        const row = await table.get(id);
        if (!row || row.deleted) throw new RecordNotFoundError(entity, id);
        await table.put({ ...row, deleted: true, updatedAt: at });
        await db.outbox.add({
          opId: newId(clock),
          entity,
          entityId: id,
          inspectionId: row.inspectionId,
          kind: 'delete',
          fields: {},
          base: { _row: row.seq },
          createdAt: at,
          state: 'pending',
        });
      }),
    );
  };

  /** Chooses the value of a contested field (or, for `_deleted`, whether the row stays). */
  const resolve = async (
    entity: EntityName,
    id: string,
    field: string,
    value: unknown,
  ): Promise<void> => {
    if (field !== DELETED_CONFLICT_KEY) check(entity, { [field]: value }, 'change');
    written.delete(writtenKey(entity, id));
    const at = isoAt(clock);
    const table = tableFor(db, entity);
    await guardWrite(() =>
      db.transaction('rw', [table, db.outbox], async () => {
        const row = await table.get(id);
        if (!row) throw new RecordNotFoundError(entity, id);
        const { [field]: _resolved, ...conflicts } = row.conflicts;
        const next: LocalRow =
          field === DELETED_CONFLICT_KEY
            ? { ...row, conflicts, deleted: value === true, updatedAt: at }
            : { ...row, conflicts, fields: { ...row.fields, [field]: value }, updatedAt: at };
        await table.put(next as LocalRow<typeof entity>);
        await db.outbox.add({
          opId: newId(clock),
          entity,
          entityId: id,
          inspectionId: row.inspectionId,
          kind: 'resolve',
          fields: { [field]: value },
          base: { [field]: field === DELETED_CONFLICT_KEY ? row.seq : (row.versions[field] ?? 0) },
          createdAt: at,
          state: 'pending',
        } satisfies OutboxOp);
      }),
    );
  };

  /**
   * A form's unsent words, kept sealed on this device only (drafts.ts). A save that lands after
   * the form's inspection or its lead role has left the device is kept as a refused change at
   * once (drafts-leaving.ts), never left where no screen reaches it.
   */
  const saveDraft = async (key: string, fields: DraftValue): Promise<void> => {
    const at = isoAt(clock);
    await writeDraft(db, key, fields, at);
    await guardWrite(async () => keepDraftIfOutOfReach(db, key, await authorId(), at));
  };

  // Writes in flight, so locking can wait for the last autosave before it drops the key.
  const inflight = new Set<Promise<unknown>>();
  const track =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const running = write(...args);
      inflight.add(running);
      void running.then(
        () => inflight.delete(running),
        () => inflight.delete(running),
      );
      return running;
    };
  /**
   * Resolves once every write started so far has finished (or failed), and none started in the
   * task after: an editor's autosave queues its next save behind the one being written, and that
   * save starts a few microtasks after it lands. Seen empty at that moment, a lock dropped the key
   * under the queued save and the words typed while the one before was written were lost.
   */
  const idle = async (): Promise<void> => {
    do {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
      await new Promise((resolve) => setTimeout(resolve, 0));
    } while (inflight.size > 0);
  };

  return {
    deviceUser,
    setDeviceUser: track(setDeviceUser),
    create: track(create) as typeof create,
    update: track(update) as typeof update,
    remove: track(remove),
    resolve: track(resolve),
    /**
     * A form's unsent words, kept sealed on this device only (drafts.ts). Tracked like every
     * write, so a lock waits for the last keystrokes before it drops the key.
     */
    saveDraft: track(saveDraft),
    discardDraft: track((key: string) => discardDraft(db, key)),
    idle,
  };
};

export type Repository = ReturnType<typeof createRepository>;
