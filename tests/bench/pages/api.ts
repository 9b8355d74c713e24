/** The contract between the bench page (in Chromium) and the node-side suites that drive it. */
export type LatencyRequest = {
  /** Evidence rows already on the device before the first timed write. */
  rows: number;
  /** Timed writes. */
  writes: number;
  /** Length of the note being typed, in characters, when the first timed write happens. */
  startChars: number;
};

export type ListRequest = {
  rows: number;
  /** Timed reads of all rows from IndexedDB (slow: a few are enough). */
  loads: number;
  /** Timed filters and searches over the rows in memory. */
  runs: number;
};

export type ListTimings = {
  /** Reading the inspection's rows from IndexedDB into memory (opening the list). */
  load: number[];
  /** Filter by kind and judgement area over rows already in memory (changing a filter). */
  filter: number[];
  /** Full-text search for two words over rows already in memory (typing a search). */
  search: number[];
  /** How many rows matched, so a bench that quietly matches nothing is noticed. */
  filterMatches: number;
  searchMatches: number;
  /** App only: building the search index once when the list opens (in the background). */
  indexWarmUp?: number;
  /**
   * App only, through the row store on a new connection (as after an unlock): the first opening
   * reads and opens the rows and warms the search index up; later openings take both as kept.
   */
  openFirst?: number[];
  openAgain?: number[];
};

export type FieldbookBench = {
  /** Floor: raw IndexedDB put of the same record, one transaction each, same indexes. */
  rawPutLatencies: (request: LatencyRequest) => Promise<number[]>;
  /** Floor for autosave: seal the row and its op, put both in one raw IndexedDB transaction. */
  rawSealedPutLatencies: (request: LatencyRequest) => Promise<number[]>;
  /** Diagnostic: a Dexie `table.put` of the same record in the app's schema, without the outbox. */
  dexiePutLatencies: (request: LatencyRequest) => Promise<number[]>;
  /**
   * The app: `createRepository(...).update()` of one draft's text, as autosave calls it, on a
   * database encrypted as the app opens it (or in clear, to see what encryption costs).
   */
  appAutosaveLatencies: (request: LatencyRequest & { encrypted: boolean }) => Promise<number[]>;
  /** Floor: raw IndexedDB getAll of the inspection's rows, then Array.filter / a substring scan. */
  rawListTimings: (request: ListRequest) => Promise<ListTimings>;
  /** The app's list path on an encrypted database: listRows, then queryEvidence and the index. */
  appListTimings: (request: ListRequest) => Promise<ListTimings>;
};

declare global {
  interface Window {
    fieldbookBench?: FieldbookBench;
  }
}
