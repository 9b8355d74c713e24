import MiniSearch from 'minisearch';
import type { LocalRow } from '../../db';

type EvidenceRow = LocalRow<'evidence'>;
type SearchDoc = { id: string; text: string; lines: string; role: string; cases: string };

/** Fuzzy matching on short words finds too much ("on" ≈ "of"); from 4 letters it forgives a typo. */
const FUZZY_MIN_TERM_LENGTH = 4;
const FUZZY_EDIT_RATIO = 0.2;

const toDoc = (row: EvidenceRow, caseRefs: ReadonlyMap<string, string>): SearchDoc => ({
  id: row.id,
  text: row.fields.text ?? '',
  lines: (row.fields.lines ?? []).map((l) => l.text).join('\n'),
  role: row.fields.role ?? '',
  cases: (row.fields.caseIds ?? []).map((id) => caseRefs.get(id) ?? '').join(' '),
});

/**
 * Every write changes `updatedAt` (a local edit) or `seq` (a pulled one), so together they tell
 * whether a row's content may have changed; the lengths catch two edits within one millisecond.
 */
const signature = (row: EvidenceRow): string =>
  `${row.updatedAt}|${row.seq}|${row.fields.text?.length ?? 0}|${row.fields.lines?.length ?? 0}`;

const casesSignature = (caseRefs: ReadonlyMap<string, string>) =>
  [...caseRefs].map(([id, ref]) => `${id}=${ref}`).join();

const createMiniSearch = () =>
  new MiniSearch<SearchDoc>({
    fields: ['text', 'lines', 'role', 'cases'],
    storeFields: [],
    // Nothing is discarded (see `update`), so there is never anything to vacuum.
    autoVacuum: false,
    searchOptions: {
      prefix: true,
      fuzzy: (term) => (term.length >= FUZZY_MIN_TERM_LENGTH ? FUZZY_EDIT_RATIO : false),
      combineWith: 'AND',
      boost: { cases: 2, role: 1.5 },
    },
  });

/** Rows indexed per chunk while warming up, so the screen stays responsive on a slow tablet. */
const WARM_UP_CHUNK = 500;

/**
 * Offline full-text search over an inspection's evidence (text, shadowing lines, role, linked
 * case references), in memory. `update` brings the index in line with the live rows by adding,
 * replacing and removing only what changed, so a keystroke in one note costs one document.
 *
 * A changed or gone row's document is removed with the very document that was indexed (kept
 * here), never discarded. MiniSearch's `discard`/`replace` leave the old terms for a vacuum that
 * walks the index in batches of 1,000 terms, 10 ms apart; a note changed or a search made while it
 * waits (a search tidies discarded terms as it reads, and the list searches straight after an
 * update) changes the tree under its walk, which then fails (`Cannot read properties of undefined
 * (reading 'keys')`, an unhandled rejection, MiniSearch 7.2.0) and never vacuums that index again:
 * what every later edit left behind stayed until the device locked. A day's notes stay under
 * 1,000 terms; a fortnight's pass it (search.test.ts replays one).
 */
export const createEvidenceSearchIndex = () => {
  let mini = createMiniSearch();
  /** Each row's signature and the document indexed for it, which `remove` needs exactly. */
  let indexed = new Map<string, { sig: string; doc: SearchDoc }>();
  let casesKey = '';
  let warming: Promise<void> | null = null;
  let warm = false;

  const update = (rows: readonly EvidenceRow[], caseRefs: ReadonlyMap<string, string>) => {
    const nextCasesKey = casesSignature(caseRefs);
    if (nextCasesKey !== casesKey) {
      // A case reference changed: every document that names it is stale; rebuilding is simplest.
      mini = createMiniSearch();
      indexed = new Map();
      casesKey = nextCasesKey;
    }
    const present = new Set<string>();
    const added: SearchDoc[] = [];
    for (const row of rows) {
      present.add(row.id);
      const sig = signature(row);
      const before = indexed.get(row.id);
      if (before?.sig === sig) continue;
      if (before) mini.remove(before.doc);
      const doc = toDoc(row, caseRefs);
      indexed.set(row.id, { sig, doc });
      added.push(doc);
    }
    if (added.length) mini.addAll(added);
    if (indexed.size > present.size) {
      for (const [id, { doc }] of [...indexed]) {
        if (!present.has(id)) {
          mini.remove(doc);
          indexed.delete(id);
        }
      }
    }
  };

  /**
   * Indexes rows not yet in the index a chunk at a time, yielding between chunks, so the first
   * search over 10,000 rows does not freeze the screen. Call `update` only after it resolves.
   */
  const warmUp = (
    rows: readonly EvidenceRow[],
    caseRefs: ReadonlyMap<string, string>,
  ): Promise<void> => {
    if (warming) return warming;
    casesKey = casesSignature(caseRefs);
    const docs: SearchDoc[] = [];
    for (const row of rows) {
      if (indexed.has(row.id)) continue;
      const doc = toDoc(row, caseRefs);
      indexed.set(row.id, { sig: signature(row), doc });
      docs.push(doc);
    }
    warming = mini.addAllAsync(docs, { chunkSize: WARM_UP_CHUNK }).then(() => {
      warm = true;
    });
    return warming;
  };

  /** Ids of matching evidence, best match first (prefix and typo-tolerant; every word must match). */
  const search = (query: string): string[] =>
    query.trim() ? mini.search(query.trim()).map((r) => r.id as string) : [];

  return { update, warmUp, search, size: () => indexed.size, isWarm: () => warm };
};

export type EvidenceSearchIndex = ReturnType<typeof createEvidenceSearchIndex>;
