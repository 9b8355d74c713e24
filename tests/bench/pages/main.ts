/**
 * The bench page: the app's own data layer (src/db) and a bare-IndexedDB floor, side by side in
 * the same Chromium, exposed as `window.fieldbookBench` for tests/bench/client-*.ts to drive.
 * Each measurement opens a fresh database so runs do not warm each other's caches.
 */
import {
  createKeyring,
  createRepository,
  listRows,
  openDatabase,
  rowStoreOf,
  systemClock,
} from '../../../src/db';
import type { FieldbookDB, KeyHolder, LocalRow } from '../../../src/db';
import { queryEvidence, searchEvidence } from '../../../src/features/evidence-list/filter';
import { createEvidenceSearchIndex } from '../../../src/features/evidence-list/search';
import type { FieldbookBench, LatencyRequest, ListRequest, ListTimings } from './api';
import { generateDataKey, sealText } from '../../../src/db/cipher';
import {
  BENCH_INSPECTION_ID,
  benchId,
  evidenceRow,
  evidenceRows,
  noteText,
  seededRandom,
} from './data';
import { committed, deleteDatabase, getAllByIndex, openRawDatabase, putAll } from './raw-idb';
import { BENCH_PASSWORD, openUnlocked } from './screen-load';
import './lead-today';
import './lead-coverage';
import './lead-export';
import './lead-journeys';
import './sync-bench';
import './day-offline';
import './fortnight';
import './typing';
import './autosave-heap';

const FILTER_KIND = 'practitioner-interview';
const FILTER_JUDGEMENT = 'quality-of-practice';
const SEARCH_WORDS = ['strategy', 'drift'];

let runs = 0;
const freshName = (what: string) =>
  `bench-${what}-${++runs}-${Math.random().toString(36).slice(2)}`;

/**
 * The app's database as the app opens it: encrypted at rest (AES-GCM middleware, a keyring made
 * from a password), so every figure includes sealing and opening records. `encrypted: false`
 * gives the plain layout, to show what encryption itself costs.
 */
const benchKeys = new WeakMap<FieldbookDB, KeyHolder>();

const openAppDatabase = async (name: string, encrypted: boolean): Promise<FieldbookDB> => {
  if (!encrypted) return openDatabase(name);
  const keys: KeyHolder = { current: null };
  const db = openDatabase(name, keys);
  await createKeyring(db, keys, BENCH_PASSWORD);
  if (!keys.current) throw new Error('createKeyring left the database locked');
  benchKeys.set(db, keys);
  return db;
};

/** The note an inspector is typing: one more character per autosave, as the debounce would see. */
const typing = (request: LatencyRequest) => {
  const full = noteText(seededRandom(7), Math.ceil((request.startChars + request.writes) / 4));
  return (i: number) => full.slice(0, request.startChars + i + 1);
};

/** The draft being typed: one row past the device's others, before its text. */
const draftRow = (request: LatencyRequest): LocalRow<'evidence'> => ({
  ...evidenceRow(seededRandom(9), request.rows + 1),
  fields: {
    kind: 'practitioner-interview',
    occurredAt: new Date().toISOString(),
    status: 'draft',
  },
});

const timed = async (run: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

const rawPutLatencies = async (request: LatencyRequest): Promise<number[]> => {
  const name = freshName('raw-put');
  const db = await openRawDatabase(name);
  try {
    await putAll(db, evidenceRows(request.rows));
    const draft = draftRow(request);
    const textAt = typing(request);
    const samples: number[] = [];
    for (let i = 0; i < request.writes; i++) {
      const record = {
        ...draft,
        fields: { ...draft.fields, text: textAt(i) },
        updatedAt: new Date().toISOString(),
      };
      samples.push(
        await timed(() => {
          const tx = db.transaction('evidence', 'readwrite');
          tx.objectStore('evidence').put(record);
          return committed(tx);
        }),
      );
    }
    return samples;
  } finally {
    db.close();
    await deleteDatabase(name);
  }
};

/**
 * The fair floor for an autosave (issue 10): what any encrypted save of the row and its op must
 * do — seal both (AES-GCM, the app's own cipher and contexts, side by side) and put both in one
 * raw IndexedDB transaction, committed at once — and nothing else: no reads, no library.
 */
const rawSealedPutLatencies = async (request: LatencyRequest): Promise<number[]> => {
  const name = freshName('raw-sealed-put');
  const db = await openRawDatabase(name);
  const key = await generateDataKey();
  try {
    await putAll(db, evidenceRows(request.rows));
    const draft = draftRow(request);
    const { fields: _fields, conflicts: _conflicts, ...clearRow } = draft;
    const op = {
      n: 1,
      opId: benchId(7, 1),
      entity: 'evidence',
      entityId: draft.id,
      inspectionId: draft.inspectionId,
      kind: 'put',
      base: {},
      createdAt: new Date().toISOString(),
      state: 'pending',
    };
    const textAt = typing(request);
    const samples: number[] = [];
    for (let i = 0; i < request.writes; i++) {
      const fields = { ...draft.fields, text: textAt(i) };
      samples.push(
        await timed(async () => {
          const [rowSealed, opSealed] = await Promise.all([
            sealText(key, JSON.stringify({ fields, conflicts: {} }), `evidence:${draft.id}`),
            sealText(key, JSON.stringify({ fields: { text: fields.text } }), `outbox:${op.opId}`),
          ]);
          const tx = db.transaction(['evidence', 'outbox'], 'readwrite');
          tx.objectStore('evidence').put({
            ...clearRow,
            updatedAt: new Date().toISOString(),
            sealed: rowSealed,
          });
          tx.objectStore('outbox').put({ ...op, sealed: opSealed });
          // Committed as soon as both puts are asked for, as the app's save does once its checks
          // pass (direct-write.ts): the floor keeps every shortcut the app has.
          const done = committed(tx);
          tx.commit();
          return done;
        }),
      );
    }
    return samples;
  } finally {
    db.close();
    await deleteDatabase(name);
  }
};

const dexiePutLatencies = async (request: LatencyRequest): Promise<number[]> => {
  const name = freshName('dexie-put');
  const db = openDatabase(name);
  try {
    await db.evidence.bulkAdd(evidenceRows(request.rows));
    const draft = draftRow(request);
    const textAt = typing(request);
    const samples: number[] = [];
    for (let i = 0; i < request.writes; i++) {
      const record = { ...draft, fields: { ...draft.fields, text: textAt(i) } };
      samples.push(await timed(() => db.evidence.put(record)));
    }
    return samples;
  } finally {
    db.close();
    await deleteDatabase(name);
  }
};

const appAutosaveLatencies = async (
  request: LatencyRequest & { encrypted: boolean },
): Promise<number[]> => {
  const name = freshName('app-autosave');
  const db = await openAppDatabase(name, request.encrypted);
  try {
    // Rows that are already synced, as after a day's work; they go in directly, not as 10,000 ops.
    await db.evidence.bulkAdd(evidenceRows(request.rows));
    const repository = createRepository({ db, clock: systemClock });
    const id = await repository.create('evidence', BENCH_INSPECTION_ID, {
      kind: 'practitioner-interview',
      occurredAt: new Date().toISOString(),
      status: 'draft',
    });
    const textAt = typing(request);
    const samples: number[] = [];
    for (let i = 0; i < request.writes; i++) {
      const text = textAt(i);
      samples.push(await timed(() => repository.update('evidence', id, { text })));
    }
    return samples;
  } finally {
    db.close();
    await deleteDatabase(name);
  }
};

type EvidenceLike = { fields: { kind?: unknown; judgementIds?: unknown; text?: unknown } };

const matchesFilter = (row: EvidenceLike): boolean =>
  row.fields.kind === FILTER_KIND &&
  Array.isArray(row.fields.judgementIds) &&
  row.fields.judgementIds.includes(FILTER_JUDGEMENT);

const matchesSearch = (row: EvidenceLike): boolean => {
  const text = typeof row.fields.text === 'string' ? row.fields.text.toLowerCase() : '';
  return SEARCH_WORDS.every((word) => text.includes(word));
};

const emptyTimings = (): ListTimings => ({
  load: [],
  filter: [],
  search: [],
  filterMatches: 0,
  searchMatches: 0,
});

const rawListTimings = async (request: ListRequest): Promise<ListTimings> => {
  const name = freshName('raw-list');
  const db = await openRawDatabase(name);
  try {
    await putAll(db, evidenceRows(request.rows));
    const result = emptyTimings();
    let rows: EvidenceLike[] = [];
    for (let i = 0; i < request.loads; i++) {
      result.load.push(
        await timed(async () => {
          rows = (await getAllByIndex(db, 'inspectionId', BENCH_INSPECTION_ID)) as EvidenceLike[];
        }),
      );
    }
    for (let i = 0; i < request.runs; i++) {
      result.filter.push(
        await timed(async () => (result.filterMatches = rows.filter(matchesFilter).length)),
      );
      result.search.push(
        await timed(async () => (result.searchMatches = rows.filter(matchesSearch).length)),
      );
    }
    return result;
  } finally {
    db.close();
    await deleteDatabase(name);
  }
};

const appListTimings = async (request: ListRequest): Promise<ListTimings> => {
  const name = freshName('app-list');
  const db = await openAppDatabase(name, true);
  try {
    await db.evidence.bulkAdd(evidenceRows(request.rows));
    const result = emptyTimings();
    let rows: LocalRow<'evidence'>[] = [];
    for (let i = 0; i < request.loads; i++) {
      result.load.push(
        await timed(async () => {
          rows = await listRows(db, 'evidence', BENCH_INSPECTION_ID);
        }),
      );
    }
    if (rows.length !== request.rows) {
      throw new Error(`listRows returned ${rows.length} of ${request.rows} rows`);
    }
    // Changing a filter: the list screen's own pure query over the rows it holds.
    const filter = { kinds: [FILTER_KIND], judgementIds: [FILTER_JUDGEMENT] };
    for (let i = 0; i < request.runs; i++) {
      result.filter.push(
        await timed(async () => (result.filterMatches = queryEvidence(rows, filter).length)),
      );
    }
    // Typing a search: what EvidenceListPage does per query — bring the index in line with the
    // rows (nothing changed: a signature check per row), search, then filter the hits. Warming
    // the index up happens once in the background when the list opens: timed on its own.
    const index = createEvidenceSearchIndex();
    const noCases = new Map<string, string>();
    result.indexWarmUp = await timed(() => index.warmUp(rows, noCases));
    const query = { query: SEARCH_WORDS.join(' ') };
    for (let i = 0; i < request.runs; i++) {
      result.search.push(
        await timed(async () => {
          index.update(rows, noCases);
          result.searchMatches = searchEvidence(rows, query, index).length;
        }),
      );
    }
    await timeListOpenings(name, db, request, result);
    return result;
  } finally {
    db.close();
    await deleteDatabase(name);
  }
};

/**
 * Opening the evidence list through the row store, as EvidenceListPage does: the rows, the kept
 * search index (warmed up on the first opening) and the first page of results. Each run on a new
 * connection, unlocked anew: a new store, as after an unlock.
 */
const timeListOpenings = async (
  name: string,
  db: FieldbookDB,
  request: ListRequest,
  result: ListTimings,
) => {
  if (!benchKeys.has(db)) throw new Error('list openings are timed on an encrypted database');
  result.openFirst = [];
  result.openAgain = [];
  const noCases = new Map<string, string>();
  for (let i = 0; i < request.loads; i++) {
    const connection = await openUnlocked(name);
    try {
      const store = rowStoreOf(connection);
      const open = async () => {
        const rows = await new Promise<LocalRow<'evidence'>[]>((resolve, reject) => {
          const check = () => {
            const held = store.peek<'evidence'>('evidence', BENCH_INSPECTION_ID);
            const failure = store.failure('evidence', BENCH_INSPECTION_ID);
            if (!held && failure === undefined) return;
            stop();
            if (held) resolve(held);
            else reject(failure instanceof Error ? failure : new Error(String(failure)));
          };
          const stop = store.watch('evidence', BENCH_INSPECTION_ID, check);
          check();
        });
        const index = store.keep(
          `evidence-search:${BENCH_INSPECTION_ID}`,
          createEvidenceSearchIndex,
        );
        // The page shows its first results at once and warms the index up in the background
        // (once per unlock); opened again, the index is kept and only checked against the rows.
        if (index.isWarm()) index.update(rows, noCases);
        return { rows, index, shown: queryEvidence(rows, {}).slice(0, 50).length };
      };
      let first: Awaited<ReturnType<typeof open>> | undefined;
      result.openFirst.push(await timed(async () => (first = await open())));
      if (first) await first.index.warmUp(first.rows, noCases);
      result.openAgain.push(await timed(open));
    } finally {
      connection.close();
    }
  }
};

window.fieldbookBench = {
  rawPutLatencies,
  rawSealedPutLatencies,
  dexiePutLatencies,
  appAutosaveLatencies,
  rawListTimings,
  appListTimings,
} satisfies FieldbookBench;
document.getElementById('status')?.replaceChildren('ready');
