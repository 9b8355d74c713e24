import { liveQuery, RangeSet, type ObservabilitySet } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../domain';
import * as cipher from './cipher';
import { rowFeedOf, rowStoreOf, type FieldbookDB } from './database';
import { draftNote, encryptedTabs, pulledNote, untilStored } from './fixtures';
import { applyPulledPage, settleBatch, takeBatch } from './outbox';
import { LockedError, sealRowsAhead, storedAs } from './encryption';
import { changedRowsPart } from './row-changes';
import { NEWS_SPACING_MS } from './direct-write';
import { createRepository } from './repository';
import type { LocalRow, OutboxOp } from './types';
import { replaceWriteToken, WRITE_TOKEN_STORE } from './write-token';

/**
 * A steady autosave is written around Dexie, in one raw IndexedDB transaction (direct-write.ts).
 * These check what that must not lose: it is taken at all, it stores only sealed content, and the
 * row store, live queries (this tab's and another's) and another tab's row store all hear it; it
 * waits for seals that come back late; and when the record changed since this page last wrote it
 * (another tab, a push, a pull), it stores nothing of its guess and the save is made the usual
 * way, from what is stored. (The save asks for its seals and opens its transaction in the task it
 * starts in, so a change it must find is one made before it, not while it seals.)
 */
const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const tabs = encryptedTabs('direct');
const repoOf = (on: FieldbookDB) =>
  createRepository({ db: on, clock: fixedClock(Date.UTC(2026, 10, 28, 9), 1000) });

beforeEach(tabs.start);
afterEach(async () => {
  vi.restoreAllMocks();
  await tabs.end();
});

/**
 * A started note, reading 'First words.': created and saved once, so the page knows what it last
 * wrote and the values it put itself (`aroundDexie`), or only created, through Dexie, so it knows
 * what it wrote only as plaintext.
 */
const started = async (aroundDexie = true) => {
  const repo = repoOf(tabs.db);
  if (!aroundDexie) {
    const id = await repo.create('evidence', INSPECTION, { ...draftNote, text: 'First words.' });
    return { repo, id };
  }
  const id = await repo.create('evidence', INSPECTION, draftNote);
  await repo.update('evidence', id, { text: 'First words.' });
  return { repo, id };
};

/**
 * Once the news of the saves made so far, queued in a task of its own (at most one telling a frame,
 * `NEWS_SPACING_MS`), has been told, and a frame has passed since: the next save is told at once.
 * Two waits, not one: on a loaded machine the telling's task runs late, and the frame counts from
 * when it ran; the first wait's timer, due after it, fires after it.
 */
const aFrame = () => new Promise((resolve) => setTimeout(resolve, NEWS_SPACING_MS + 1));
const newsTold = async () => {
  await aFrame();
  await aFrame();
};

/** What IndexedDB holds, read without Dexie or the key. */
const rawValues = (store: string) =>
  new Promise<Record<string, unknown>[]>((resolve, reject) => {
    const request = tabs.db.backendDB().transaction(store).objectStore(store).getAll();
    request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
    request.onerror = () => reject(request.error);
  });

/** The note's text and its ops' texts, as another tab opens them. */
const storedTexts = async (id: string) => {
  const reader = await tabs.otherTab();
  const ops = await reader.outbox.toArray();
  return {
    text: (await reader.evidence.get(id))?.fields.text,
    ops: ops.map((op) => op.fields.text),
  };
};

/** The first value `query` gives that `ready` accepts (a live query, as a screen holds it). */
const liveUntil = <T>(query: () => Promise<T>, ready: (value: T) => boolean) =>
  new Promise<T>((resolve, reject) => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => {
        if (!ready(value)) return;
        queueMicrotask(() => subscription.unsubscribe());
        resolve(value);
      },
      error: reject,
    });
  });

describe('an autosave written around Dexie', () => {
  it('opens no Dexie transaction, and stores only sealed content that another tab opens', async () => {
    const { repo, id } = await started();
    const transaction = vi.spyOn(tabs.db, 'transaction');
    await repo.update('evidence', id, { text: 'First words. More words.' });
    expect(transaction).not.toHaveBeenCalled();
    for (const value of [...(await rawValues('evidence')), ...(await rawValues('outbox'))]) {
      expect(value).not.toHaveProperty('fields');
      expect(value).not.toHaveProperty('conflicts');
      expect(value).toHaveProperty('sealed');
    }
    expect(await storedTexts(id)).toEqual({
      text: 'First words. More words.',
      ops: ['First words. More words.'],
    });
  });

  it("is heard by live queries (a query, a get, a count) and the row store, here and in another tab's", async () => {
    const { repo, id } = await started();
    const typed = 'First words. Typed here.';
    const tabsToHear = [tabs.db, await tabs.otherTab()];
    const inStore = (on: FieldbookDB, ready: (rows: readonly LocalRow<'evidence'>[]) => boolean) =>
      untilStored(rowStoreOf(on), ready, INSPECTION);
    const current = async (on: FieldbookDB) => {
      const [, , , rows] = await Promise.all([
        // An index query (Dexie would serve a re-run from its cache, were it on), a get, a count.
        liveUntil(
          () => on.outbox.where('entityId').equals(id).toArray(),
          (ops) => ops[0]?.fields.text === typed,
        ),
        liveUntil(
          () => on.evidence.get(id),
          (row) => row?.fields.text === typed,
        ),
        liveUntil(
          () => on.outbox.where('state').equals('pending').count(),
          (count) => count === 1,
        ),
        inStore(on, (rows) => rows[0]?.fields.text === typed),
      ]);
      return rows;
    };
    // The row stores have read the note before the save, so they must hear of it to change.
    await Promise.all(tabsToHear.map((on) => inStore(on, (rows) => rows.length === 1)));
    const heard = Promise.all(tabsToHear.map(current));
    await repo.update('evidence', id, { text: typed });
    for (const rows of await heard) expect(rows.map((r) => r.id)).toEqual([id]);
  });

  it('checks a later save against the values it put: the note is serialised only to be sealed', async () => {
    const { repo, id } = await started();
    const transaction = vi.spyOn(tabs.db, 'transaction');
    const stringify = vi.spyOn(JSON, 'stringify');
    await repo.update('evidence', id, { text: 'First words. Checked without serialising.' });
    expect(transaction).not.toHaveBeenCalled();
    // The row's content and the op's, once each, to be sealed; the checks serialise neither again.
    const contents = stringify.mock.calls.filter(
      ([value]) => typeof value === 'object' && value !== null && 'fields' in value,
    );
    expect(contents).toHaveLength(2);
  });

  it('stores what was typed, still around Dexie, when its seals come back after the reads answered', async () => {
    const { repo, id } = await started();
    const realSeal = cipher.sealText;
    vi.spyOn(cipher, 'sealText').mockImplementation(async (key, text, context) => {
      const sealed = await realSeal(key, text, context);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return sealed;
    });
    const transaction = vi.spyOn(tabs.db, 'transaction');
    await repo.update('evidence', id, { text: 'First words. Sealed slowly.' });
    expect(transaction).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(await storedTexts(id)).toEqual({
      text: 'First words. Sealed slowly.',
      ops: ['First words. Sealed slowly.'],
    });
  });

  it('stores nothing and is refused when the device locks after the reads answered, before its seals came back', async () => {
    const { repo, id } = await started();
    const key = tabs.holder.current;
    const realSeal = cipher.sealText;
    vi.spyOn(cipher, 'sealText').mockImplementation(async (k, text, context) => {
      const sealed = await realSeal(k, text, context);
      // By now the reads have answered and found the record as this page wrote it.
      await new Promise((resolve) => setTimeout(resolve, 20));
      tabs.holder.current = null;
      return sealed;
    });
    await expect(repo.update('evidence', id, { text: 'First words. Locked.' })).rejects.toThrow(
      LockedError,
    );
    vi.restoreAllMocks();
    tabs.holder.current = key;
    expect(await storedTexts(id)).toEqual({ text: 'First words.', ops: ['First words.'] });
  });

  it("tells the other tabs in one post, Dexie's own, whose set names the row for their row feeds", async () => {
    const { repo, id } = await started();
    // The first save's news, queued before this task, is told first.
    await newsTold();
    const post = vi.spyOn(BroadcastChannel.prototype, 'postMessage');
    await repo.update('evidence', id, { text: 'First words. Told once.' });
    await newsTold();
    expect(post).toHaveBeenCalledTimes(1);
    const sent = post.mock.calls[0]![0] as ObservabilitySet;
    expect([...RangeSet(sent[changedRowsPart(tabs.db.name, 'evidence')]!)]).toMatchObject([
      { from: id, to: id },
    ]);
  });

  it('tells saves made back to back within a frame in one post that names every row, here and in another tab', async () => {
    const first = await started();
    const second = await started();
    await newsTold();
    const heardHere: unknown[] = [];
    rowFeedOf(tabs.db)!.listen((changes) => heardHere.push(...changes));
    const other = await tabs.otherTab();
    const heardThere: unknown[] = [];
    rowFeedOf(other)!.listen((changes) => heardThere.push(...changes));
    const post = vi.spyOn(BroadcastChannel.prototype, 'postMessage');
    // The clock and the news task are in the test's hands: fake-indexeddb's saves are slower than
    // a frame, Chromium's ~1 ms. (Never ahead of the real clock, which the tests after this use.)
    let now = performance.now();
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const queued: { run: () => void; ms: number | undefined }[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((run: () => void, ms?: number) => {
      if (run.name !== 'tellWaiting') return realSetTimeout(run, ms);
      queued.push({ run, ms });
      return 0;
    }) as typeof setTimeout);
    // After a quiet moment, a save is told in the next task.
    await first.repo.update('evidence', first.id, { text: 'First words. One.' });
    expect(queued.map((q) => q.ms)).toEqual([0]);
    queued[0]!.run();
    expect(post).toHaveBeenCalledTimes(1);
    expect(heardHere).toEqual([{ table: 'evidence', ids: [first.id] }]);
    // Three saves within the frame: one telling, queued for the rest of it, for all three.
    now += 5;
    await first.repo.update('evidence', first.id, { text: 'First words. One. Two.' });
    await second.repo.update('evidence', second.id, { text: 'First words. Three.' });
    await first.repo.update('evidence', first.id, { text: 'First words. One. Two. Four.' });
    expect(queued.map((q) => q.ms)).toEqual([0, NEWS_SPACING_MS - 5]);
    expect(post).toHaveBeenCalledTimes(1);
    expect(heardHere).toHaveLength(1);
    queued[1]!.run();
    expect(post).toHaveBeenCalledTimes(2);
    const sent = post.mock.calls[1]![0] as ObservabilitySet;
    const ids = [first.id, second.id].sort();
    const named = [...RangeSet(sent[changedRowsPart(tabs.db.name, 'evidence')]!)];
    expect(named.map(({ from, to }) => ({ from, to }))).toEqual(
      ids.map((id) => ({ from: id, to: id })),
    );
    const told = { table: 'evidence', ids };
    expect(heardHere).toEqual([{ table: 'evidence', ids: [first.id] }, told]);
    await vi.waitFor(() =>
      expect(heardThere).toEqual([{ table: 'evidence', ids: [first.id] }, told]),
    );
    // What the other tab's row store holds is every save's last words.
    const rows = await untilStored(
      rowStoreOf(other),
      (held) => held.some((r) => r.fields.text === 'First words. One. Two. Four.'),
      INSPECTION,
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.fields.text]))).toEqual({
      [first.id]: 'First words. One. Two. Four.',
      [second.id]: 'First words. Three.',
    });
  });

  it("hears, in a row feed, the rows named in another tab's storagemutated post", async () => {
    const { id } = await started();
    await newsTold();
    const heard = new Promise((resolve) => rowFeedOf(tabs.db)!.listen(resolve));
    // Dexie's channel to its other tabs, as another tab's Dexie posts on it.
    const otherTab = new BroadcastChannel('x-storagemutated-1');
    otherTab.postMessage({
      [changedRowsPart(tabs.db.name, 'evidence')]: new RangeSet(id),
    } satisfies ObservabilitySet);
    expect(await heard).toEqual([{ table: 'evidence', ids: [id] }]);
    otherTab.close();
  });

  it('queues its news as soon as its commit is asked for, to be told while IndexedDB commits', async () => {
    const { repo, id } = await started();
    await newsTold();
    const order: string[] = [];
    const backend = tabs.db.backendDB();
    const realTransaction = backend.transaction.bind(backend);
    vi.spyOn(backend, 'transaction').mockImplementation((...args) => {
      const tx = realTransaction(...args);
      tx.addEventListener('complete', () => order.push('committed'));
      return tx;
    });
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((run: () => void, ms?: number) => {
      if (run.name === 'tellWaiting') order.push('news queued');
      return realSetTimeout(run, ms);
    }) as typeof setTimeout);
    await repo.update('evidence', id, { text: 'First words. Told early.' });
    expect(order).toEqual(['news queued', 'committed']);
  });

  it('is read as saved by another tab that hears of it before its commit has completed', async () => {
    const { repo, id } = await started();
    await newsTold();
    let committed = false;
    const backend = tabs.db.backendDB();
    const realTransaction = backend.transaction.bind(backend);
    vi.spyOn(backend, 'transaction').mockImplementation((...args) => {
      const tx = realTransaction(...args);
      tx.addEventListener('complete', () => (committed = true));
      return tx;
    });
    const other = await tabs.otherTab();
    const heard = new Promise<{ committed: boolean; text: Promise<unknown> }>((resolve) => {
      rowFeedOf(other)!.listen(() =>
        resolve({ committed, text: other.evidence.get(id).then((row) => row?.fields.text) }),
      );
    });
    // The news told at once rather than in a task of its own: before IndexedDB has committed.
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((run: () => void, ms?: number) => {
      if (run.name !== 'tellWaiting') return realSetTimeout(run, ms);
      queueMicrotask(run);
      return 0;
    }) as typeof setTimeout);
    const saving = repo.update('evidence', id, { text: 'First words. Read at once.' });
    const { committed: committedWhenHeard, text } = await heard;
    expect(committedWhenHeard).toBe(false);
    expect(await text).toBe('First words. Read at once.');
    await saving;
  });

  it('tells this tab and another of a save at pagehide when the page goes before its news task runs', async () => {
    const { repo, id } = await started();
    // The first save's news, queued before this task, is told first.
    await newsTold();
    const heardHere: unknown[] = [];
    rowFeedOf(tabs.db)!.listen((changes) => heardHere.push(...changes));
    const heardThere = new Promise((resolve) => {
      void tabs.otherTab().then((other) => rowFeedOf(other)!.listen(resolve));
    });
    // The page is being unloaded: its news task never runs, and pagehide is its last chance.
    const onPageHide: (() => void)[] = [];
    const hideOptions: unknown[] = [];
    vi.stubGlobal('addEventListener', (type: string, listener: () => void, options: unknown) => {
      if (type === 'pagehide') {
        onPageHide.push(listener);
        hideOptions.push(options);
      }
    });
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((run: () => void, ms?: number) =>
      run.name === 'tellWaiting' ? 0 : realSetTimeout(run, ms)) as typeof setTimeout);
    await repo.update('evidence', id, { text: 'First words. Last ones.' });
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    expect(heardHere).toEqual([]);
    expect(onPageHide).toHaveLength(1);
    // Before Dexie's own listener, which closes its channel to the other tabs (back/forward cache).
    expect(hideOptions).toEqual([{ capture: true }]);
    onPageHide[0]!();
    expect(heardHere).toEqual([{ table: 'evidence', ids: [id] }]);
    expect(await heardThere).toEqual([{ table: 'evidence', ids: [id] }]);
  });
});

/**
 * The record's newest op is read with `getAllRecords` where IndexedDB has it (Chromium 141 on) and
 * with a cursor elsewhere (Safari, Firefox); what this page last wrote is checked against the
 * values it put, when it wrote them around Dexie, else against the plaintext it remembers (the
 * first save after a write through Dexie): every check below runs all four ways.
 */
const index = globalThis.IDBIndex.prototype as { getAllRecords?: unknown };
const getAllRecords = index.getAllRecords;
describe.each([
  ['newest op read with getAllRecords, last written around Dexie', true, true],
  ['newest op read with getAllRecords, last written through Dexie', true, false],
  ['newest op read with a cursor, last written around Dexie', false, true],
  ['newest op read with a cursor, last written through Dexie', false, false],
])('a save that finds the record changed (%s)', (_how, withGetAllRecords, aroundDexie) => {
  beforeEach(() => {
    expect(typeof getAllRecords).toBe('function');
    if (!withGetAllRecords) delete index.getAllRecords;
  });
  afterEach(() => {
    index.getAllRecords = getAllRecords;
  });

  it('reads the newest op the way this IndexedDB allows', async () => {
    const { repo, id } = await started(aroundDexie);
    // Another note written by another tab takes the write token: the save reads and checks.
    await repoOf(await tabs.otherTab()).create('evidence', INSPECTION, draftNote);
    const ask = vi.spyOn(globalThis.IDBIndex.prototype, 'openCursor');
    await repo.update('evidence', id, { text: 'First words. Read back.' });
    expect(ask).toHaveBeenCalledTimes(withGetAllRecords ? 0 : 1);
  });

  it("keeps another tab's change made since this page's last write: one op, both edits", async () => {
    const { repo, id } = await started(aroundDexie);
    const other = await tabs.otherTab();
    await repoOf(other).update('evidence', id, { role: 'Social worker' });
    await repo.update('evidence', id, { text: 'First words. Then these.' });
    const reader = await tabs.otherTab();
    expect((await reader.evidence.get(id))?.fields).toMatchObject({
      text: 'First words. Then these.',
      role: 'Social worker',
    });
    const ops = await reader.outbox.toArray();
    expect(ops).toHaveLength(1);
    expect(ops[0]!.fields).toMatchObject({
      text: 'First words. Then these.',
      role: 'Social worker',
    });
  });

  it('finds a change of the sealed content alone, its clear props as they were', async () => {
    const { repo, id } = await started(aroundDexie);
    // A writer that seals new content and keeps the row's clear props (its updatedAt) as they were.
    const row = (await tabs.db.evidence.get(id))!;
    const [resealed] = await sealRowsAhead(tabs.holder, 'evidence', (r) => r.id, [
      { ...row, fields: { ...row.fields, role: 'Social worker' } },
    ]);
    await new Promise((resolve, reject) => {
      // Around Dexie too, so it takes the write token itself, as every such writer must.
      const tx = tabs.db.backendDB().transaction(['evidence', WRITE_TOKEN_STORE], 'readwrite');
      replaceWriteToken(tx);
      tx.objectStore('evidence').put(resealed);
      tx.oncomplete = resolve;
      tx.onabort = () => reject(tx.error);
    });
    await repo.update('evidence', id, { text: 'First words. Over new content.' });
    expect((await (await tabs.otherTab()).evidence.get(id))?.fields).toMatchObject({
      text: 'First words. Over new content.',
      role: 'Social worker',
    });
  });

  it('[S2] never extends an op a push took since the last save: the edit gets its own op', async () => {
    const { repo, id } = await started(aroundDexie);
    const sent = await takeBatch(tabs.db, 500, 1_000_000);
    await repo.update('evidence', id, { text: 'First words. Typed during the push.' });
    const ops = await (await tabs.otherTab()).outbox.orderBy('n').toArray();
    expect(ops.map((op) => [op.opId, op.state, op.fields.text])).toEqual([
      [sent[0]!.opId, 'sending', 'First words.'],
      [ops[1]!.opId, 'pending', 'First words. Typed during the push.'],
    ]);
    expect(ops[1]!.opId).not.toBe(sent[0]!.opId);
  });

  it('[S5a] after a push settled and a pull landed since the last save, bases the edit on them', async () => {
    const { repo, id } = await started(aroundDexie);
    const batch = await takeBatch(tabs.db, 500, 1_000_000);
    await settleBatch(tabs.db, batch, [{ opId: batch[0]!.opId, status: 'applied', seq: 7 }]);
    const teammate = { ...pulledNote(id, INSPECTION, 'First words.', 9), author: 'me' };
    await applyPulledPage(
      tabs.db,
      [
        {
          ...teammate,
          fields: { ...teammate.fields, role: 'Health visitor' },
          versions: { text: 7, role: 9 },
        },
      ],
      { key: 'checkpoint', value: 9 },
    );
    await repo.update('evidence', id, { text: 'First words. After the sync.' });
    const reader = await tabs.otherTab();
    const row = await reader.evidence.get(id);
    expect(row).toMatchObject({
      seq: 9,
      fields: { text: 'First words. After the sync.', role: 'Health visitor' },
    });
    const ops = await reader.outbox.toArray();
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({
      fields: { text: 'First words. After the sync.' },
      base: { text: 7 },
    });
  });

  it('[S2] leaves alone an op added for the record with its row unchanged: the edit goes after it', async () => {
    const { repo, id } = await started(aroundDexie);
    // Nothing the app does today adds an op without changing its row; the check must not rely on it.
    const other = await tabs.otherTab();
    const op = {
      opId: '0190a000-0000-7000-8000-0000000000ad',
      entity: 'evidence',
      entityId: id,
      inspectionId: INSPECTION,
      kind: 'put',
      fields: { role: 'Social worker' },
      base: {},
      createdAt: '2026-11-28T09:00:01.000Z',
      state: 'pending',
    } satisfies OutboxOp;
    const added = { ...op, n: await other.outbox.add(op) };
    await repo.update('evidence', id, { text: 'First words. After the added op.' });
    const ops = await (await tabs.otherTab()).outbox.orderBy('n').toArray();
    expect(ops.map((op) => [op.opId, op.fields])).toEqual([
      [ops[0]!.opId, { ...draftNote, text: 'First words.' }],
      [added.opId, { role: 'Social worker', text: 'First words. After the added op.' }],
    ]);
  });
});

describe('what a day of autosaves leaves in memory', () => {
  /** The note's row and newest op as IndexedDB holds them, and as another tab opens them. */
  const storedNow = async (id: string) => {
    const reader = await tabs.otherTab();
    return {
      row: (await rawValues('evidence')).find((row) => row.id === id),
      op: (await rawValues('outbox')).filter((op) => op.entityId === id).at(-1),
      opened: {
        row: await reader.evidence.get(id),
        op: await reader.outbox.where('entityId').equals(id).last(),
      },
    };
  };
  /** Whether this page still knows the plaintext of those blobs (told without WebCrypto). */
  const known = ({ row, op, opened }: Awaited<ReturnType<typeof storedNow>>) => ({
    row: storedAs(tabs.holder, 'evidence', row, opened.row),
    op: storedAs(tabs.holder, 'outbox', op, opened.op),
  });

  it("keeps the note's latest versions, not one a save: what two saves replaced is forgotten", async () => {
    const { repo, id } = await started();
    const first = await storedNow(id);
    expect(known(first)).toEqual({ row: true, op: true });
    const transaction = vi.spyOn(tabs.db, 'transaction');
    for (const more of [' Two.', ' Three.', ' Four.'])
      await repo.update('evidence', id, { text: `First words.${more}` });
    // Each save still found its row and op known, so none went the usual way.
    expect(transaction).not.toHaveBeenCalled();
    expect(known(first)).toEqual({ row: false, op: false });
    expect(known(await storedNow(id))).toEqual({ row: true, op: true });
  });

  it('forgets the op a push took once the edits after it are saved', async () => {
    const { repo, id } = await started();
    await takeBatch(tabs.db, 500, 1_000_000);
    const sent = await storedNow(id);
    expect(known(sent).op).toBe(true);
    for (const more of [' Typed during the push.', ' And after.'])
      await repo.update('evidence', id, { text: `First words.${more}` });
    expect(known(sent).op).toBe(false);
  });
});
