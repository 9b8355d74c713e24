/**
 * "Two weeks on one tablet" on the bench page: one encrypted device database lives through an
 * inspector's fortnight, written by the app's own repository (a sentence typed word by word, an
 * autosave per word, as tests/integration/fortnight.test.ts does) and synced between sittings
 * through the app's own outbox code (`takeBatch`/`settleBatch`, the server's answers made here:
 * every op applied). At the end of day 1 and of day 10 the same few actions are timed: the
 * autosaves of a new note's sitting, and opening the evidence list after an unlock (as
 * client-evidence-list.ts times it). Exposed as `window.fieldbookFortnightBench` for
 * tests/bench/client-fortnight.ts.
 */
import {
  createRepository,
  deleteDatabase,
  rowStoreOf,
  settleBatch,
  systemClock,
  takeBatch,
  type FieldbookDB,
  type Repository,
} from '../../../src/db';
import { createKeyring, openDatabase, type KeyHolder } from '../../../src/db';
import type { PushResult } from '../../../src/domain';
import { queryEvidence } from '../../../src/features/evidence-list/filter';
import { createEvidenceSearchIndex } from '../../../src/features/evidence-list/search';
import { BENCH_INSPECTION_ID, seededRandom } from './data';
import { BENCH_PASSWORD, openUnlocked, storeRows } from './screen-load';

export type FortnightRequest = {
  /** New notes begun each day (the fortnight's notes are their sum). */
  newNotesByDay: number[];
  /** Older notes reopened each day for another sitting. */
  revisitsPerDay: number;
  /** Timed saves of the sitting measured at the end of day 1 and of the last day. */
  timedSaves: number;
  /** Openings of the list timed at each of those days, each on a new connection. */
  openings: number;
};

export type FortnightDay = {
  day: number;
  notes: number;
  /** Autosaves made so far in the fortnight (untimed ones included). */
  saves: number;
  autosaveMs: number[];
  openMs: number[];
  /** Left in the outbox after the day's last sync: 0 when every op was taken. */
  outbox: number;
  /** The origin's IndexedDB bytes as Chromium estimates them (navigator.storage). */
  idbBytes: number;
};

const WORDS =
  'strategy discussion threshold referral drift plan visit manager supervision chronology voice child police health school review'.split(
    ' ',
  );

const idbBytes = async (): Promise<number> => {
  const estimate = (await navigator.storage.estimate()) as StorageEstimate & {
    usageDetails?: { indexedDB?: number };
  };
  return estimate.usageDetails?.indexedDB ?? estimate.usage ?? 0;
};

let seq = 0;
/** A sync whose every push is applied: the app's outbox takes its batches and settles them. */
const syncAll = async (db: FieldbookDB): Promise<void> => {
  for (;;) {
    const batch = await takeBatch(db, 500, 1_000_000);
    if (batch.length === 0) return;
    const results = batch.map((op): PushResult => ({
      opId: op.opId,
      status: 'applied',
      seq: ++seq,
    }));
    await settleBatch(db, batch, results);
  }
};

/** One sitting: a sentence typed word by word, saved after each word; returns each save's ms. */
const sitting = async (
  repo: Repository,
  random: () => number,
  id: string,
  sentences: string[],
  label: string,
  words: number,
): Promise<number[]> => {
  const typed = [label];
  sentences.push('');
  const ms: number[] = [];
  for (let w = 0; w < words; w++) {
    typed.push(WORDS[Math.floor(random() * WORDS.length)]!);
    sentences[sentences.length - 1] = `${typed.join(' ')}.`;
    const text = sentences.join(' ');
    const started = performance.now();
    await repo.update('evidence', id, { text });
    ms.push(performance.now() - started);
  }
  return ms;
};

/** Opening the list after an unlock: a new connection, the row store's rows, the first 50. */
const openList = async (name: string): Promise<number> => {
  const connection = await openUnlocked(name);
  try {
    const store = rowStoreOf(connection);
    const started = performance.now();
    const rows = await storeRows(store, 'evidence', BENCH_INSPECTION_ID);
    store.keep(`evidence-search:${BENCH_INSPECTION_ID}`, createEvidenceSearchIndex);
    const shown = queryEvidence(rows, {}).slice(0, 50).length;
    const ms = performance.now() - started;
    if (shown === 0) throw new Error('the list showed nothing');
    return ms;
  } finally {
    connection.close();
  }
};

const fortnight = async (request: FortnightRequest): Promise<FortnightDay[]> => {
  const name = `bench-fortnight-${Math.random().toString(36).slice(2)}`;
  const keys: KeyHolder = { current: null };
  const db = openDatabase(name, keys);
  await createKeyring(db, keys, BENCH_PASSWORD);
  const repo = createRepository({ db, clock: systemClock });
  const random = seededRandom(20);
  const typed = new Map<string, string[]>();
  const notes: string[] = [];
  const measured: FortnightDay[] = [];
  let saves = 0;
  const lastDay = request.newNotesByDay.length;
  try {
    const newNote = async () => {
      const id = await repo.create('evidence', BENCH_INSPECTION_ID, {
        kind: 'practitioner-interview',
        occurredAt: new Date().toISOString(),
        status: 'draft',
      });
      typed.set(id, []);
      notes.push(id);
      return id;
    };
    for (let day = 1; day <= lastDay; day++) {
      let sittings = 0;
      const afterSitting = async () => {
        if (++sittings % 3 === 0) await syncAll(db);
      };
      const fresh = new Set<string>();
      for (let k = 0; k < request.newNotesByDay[day - 1]!; k++) {
        const id = await newNote();
        fresh.add(id);
        const words = 5 + Math.floor(random() * 26);
        saves += (await sitting(repo, random, id, typed.get(id)!, `Day ${day}:`, words)).length;
        await afterSitting();
      }
      const older = notes.filter((id) => !fresh.has(id));
      for (let k = 0; k < Math.min(request.revisitsPerDay, older.length); k++) {
        const id = older[Math.floor(random() * older.length)]!;
        const words = 5 + Math.floor(random() * 26);
        saves += (await sitting(repo, random, id, typed.get(id)!, `Day ${day}:`, words)).length;
        await afterSitting();
      }
      await syncAll(db);
      if (day !== 1 && day !== lastDay) continue;
      // The day's last sitting, timed: a new note typed word by word, then the list opened.
      const id = await newNote();
      const autosaveMs = await sitting(
        repo,
        random,
        id,
        typed.get(id)!,
        `Day ${day}, timed:`,
        request.timedSaves,
      );
      saves += autosaveMs.length;
      await syncAll(db);
      await repo.idle();
      const openMs: number[] = [];
      for (let i = 0; i < request.openings; i++) openMs.push(await openList(name));
      measured.push({
        day,
        notes: notes.length,
        saves,
        autosaveMs,
        openMs,
        outbox: await db.outbox.count(),
        idbBytes: await idbBytes(),
      });
    }
    return measured;
  } finally {
    db.close();
    await deleteDatabase(name);
  }
};

declare global {
  interface Window {
    fieldbookFortnightBench?: { fortnight: typeof fortnight };
  }
}

window.fieldbookFortnightBench = { fortnight };
