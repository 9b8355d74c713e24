import { cmp, type DBCoreKeyRange, type DBCoreQueryRequest, type DBCoreTable } from 'dexie';

/**
 * A large read of one index value (a screen's first read of an inspection's rows) asked of
 * IndexedDB in slices, so the rows of one slice are opened (decrypted) while IndexedDB reads the
 * next. Read whole, the page's thread sat idle for the second or so IndexedDB spent reading 50,000
 * sealed rows, and only then spent about as long again opening them.
 *
 * Every request is issued in the caller's read-only transaction, so the slices see the same
 * snapshot that one getAll would: no write can land between them. The first slice is read by the
 * index with a count; when it is full, the matching primary keys are read, and the remaining
 * slices are asked for as primary-key ranges, a few ahead of the one arriving, each keeping only
 * the rows that hold the index value (rows of another inspection with ids in between are read and
 * dropped). The rows come back in index order (within one index value, primary-key order), as
 * from one getAll.
 */
export const READ_SLICE = 2_000;
const EQUAL = 1; // DBCoreRangeType.Equal (a const enum, which isolated modules cannot import)
const RANGE = 2; // DBCoreRangeType.Range
/**
 * Slices asked for ahead of the one arriving: IndexedDB always has the next one to read, yet the
 * reads of two partitions side by side (Today's evidence and reviews) take turns in IndexedDB's
 * queue instead of one waiting behind all the slices of the other.
 */
const AHEAD = 2;
/**
 * Slices being opened at once: while the sealing worker opens one, the page sends it the next and
 * parses the JSON of the one before, instead of each waiting on the other. At most this many
 * slices' sealed rows and opened JSON are held beside the rows already joined.
 */
const OPENING = 2;
/**
 * Reads of fewer rows are asked for whole, as before: on this 2-core machine the evidence list's
 * 10,000 rows opened about 100 ms later sliced than whole (the keys' read and the extra requests
 * cost more than the overlap won), while 50,000 opened sooner. The cut between is not measured.
 */
export const SLICED_FROM = 20_000;

/** Whether a read is one this module slices: all rows with one value of a single-property index. */
export const isSliceable = (req: DBCoreQueryRequest): boolean => {
  const { index, range } = req.query;
  return (
    req.values === true &&
    (req.limit === undefined || req.limit === Infinity) &&
    (req.direction ?? 'next') === 'next' &&
    (req.trans as unknown as IDBTransaction).mode === 'readonly' &&
    range.type === EQUAL &&
    !index.isPrimaryKey &&
    !index.multiEntry &&
    typeof index.keyPath === 'string' &&
    typeof index.extractKey === 'function'
  );
};

/**
 * Reads in slices and hands each slice to `open` in order (`more` tells whether the read may hold
 * more rows than this slice); the opened slices are joined in order. `open` starts on a slice as
 * soon as it has arrived and the one OPENING before it is opened, so up to OPENING slices are
 * opened side by side while IndexedDB is still reading the slices after them. A read of fewer
 * than SLICED_FROM rows is counted, then read with one getAll as before.
 */
export const readInSlices = (
  table: DBCoreTable,
  req: DBCoreQueryRequest,
  open: (rows: readonly unknown[], more: boolean) => unknown[] | Promise<unknown[]>,
): Promise<unknown[]> =>
  table
    .count({ trans: req.trans, query: req.query })
    .then((count) =>
      count < SLICED_FROM
        ? table.query(req).then(({ result }) => open(result, false))
        : readSliced(table, req, open),
    );

const readSliced = (
  table: DBCoreTable,
  req: DBCoreQueryRequest,
  open: (rows: readonly unknown[], more: boolean) => unknown[] | Promise<unknown[]>,
): Promise<unknown[]> => {
  const { index, range } = req.query;
  const value: unknown = range.lower;
  const inPartition = (row: unknown) => {
    const key: unknown = index.extractKey?.(row);
    return key !== undefined && cmp(key, value) === 0;
  };
  const sliceOf = (lower: unknown, upper: unknown) =>
    table
      .query({
        trans: req.trans,
        values: true,
        query: {
          index: table.schema.primaryKey,
          range: { type: RANGE as DBCoreKeyRange['type'], lower, upper },
        },
      })
      .then(({ result }) => result.filter(inPartition));

  const first = table.query({ ...req, limit: READ_SLICE });
  // Each request is made in the success callback of one before it, while the transaction is
  // active: the keys once the first slice is full, then the slices, AHEAD of the one arriving.
  type Rest = { reads: Promise<unknown[]>[]; count: number };
  const rest = first.then(({ result }): Rest | Promise<Rest> =>
    result.length < READ_SLICE
      ? { reads: [], count: 0 }
      : table
          .query({ trans: req.trans, values: false, query: req.query })
          .then(({ result: keys }) => {
            const reads: Promise<unknown[]>[] = [];
            const ask = (slice: number) => {
              const start = (slice + 1) * READ_SLICE;
              if (start >= keys.length) return;
              const last = keys[Math.min(start + READ_SLICE, keys.length) - 1];
              const read = sliceOf(keys[start], last).then((rows) => {
                ask(slice + AHEAD);
                return rows;
              });
              // Awaited in order below; a failure is seen there, not reported as unhandled meanwhile.
              read.catch(() => undefined);
              reads[slice] = read;
            };
            for (let slice = 0; slice < AHEAD; slice++) ask(slice);
            return { reads, count: Math.ceil(keys.length / READ_SLICE) - 1 };
          }),
  );
  rest.catch(() => undefined);

  // Slice s is opened once it has arrived and slice s - OPENING is opened: while the sealing
  // worker opens one slice, the page already sends it the next, and parses the one before.
  const opening: Promise<unknown[]>[] = [];
  const startOpen = (rows: PromiseLike<readonly unknown[]>, more: boolean) => {
    const slice = opening.length;
    const opens = Promise.all([rows, opening[slice - OPENING]]).then(([arrived]) =>
      open(arrived, more),
    );
    // Joined in order below; a failure is seen there, not reported as unhandled meanwhile.
    opens.catch(() => undefined);
    opening.push(opens);
  };
  return first
    .then(({ result }) => {
      startOpen(Promise.resolve(result), result.length === READ_SLICE);
      return rest;
    })
    .then(({ reads, count }) => {
      // Slice i is asked for once slice i - AHEAD has arrived: it is there to start once i - 1 has.
      let started: Promise<unknown> = Promise.resolve();
      for (let i = 0; i < count; i++)
        started = started.then(() => {
          startOpen(reads[i]!, true);
          return reads[i];
        });
      return started;
    })
    .then(() => Promise.all(opening))
    .then((slices) => {
      const opened: unknown[] = [];
      for (const slice of slices) for (const row of slice) opened.push(row);
      return opened;
    });
};
