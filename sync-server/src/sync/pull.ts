import type { PullPosition, Store } from '../store/types';
import { encodeCursor, type PullCursor } from './cursor';

export type PullPage = {
  /** Each row as JSON text, exactly as S6 sends it (store/codec.ts `toWireRowJson`). */
  rows: string[];
  next: ReturnType<typeof encodeCursor>;
  hasMore: boolean;
  /** Row versions (seqs) after the request's cursor, summed over the inspections: progress. */
  ahead: number;
  /** The same after this page's `next`. */
  left: number;
};

/** Where this user's pull starts in each inspection they are on now (S6a). */
const startPositions = (
  cursor: PullCursor,
  memberships: Awaited<ReturnType<Store['pullScope']>>['memberships'],
): PullPosition[] =>
  memberships.map(({ inspectionId, joined }) => {
    if (cursor.kind === 'seq') return { inspectionId, since: cursor.seq };
    // An inspection the cursor does not name, or that the user (re)joined after the cursor was
    // made, starts from its first row: their device may never have had it, or has deleted it.
    const since = joined > cursor.epoch ? 0 : (cursor.positions.get(inspectionId) ?? 0);
    return { inspectionId, since };
  });

const distance = (heads: ReadonlyMap<string, number>, positions: Iterable<PullPosition>) => {
  let total = 0;
  for (const { inspectionId, since } of positions)
    total += Math.max(0, (heads.get(inspectionId) ?? 0) - since);
  return total;
};

/**
 * S6: one page of the rows this user may see, changed after the cursor, in row-version order. The
 * next cursor moves each inspection to the last of its rows on this page; inspections the user has
 * left drop out of it, so rejoining one later sends it whole again.
 */
export const pullPage = async (
  store: Store,
  userId: string,
  cursor: PullCursor,
  limit: number,
): Promise<PullPage> => {
  const scope = await store.pullScope(userId);
  const starts = startPositions(cursor, scope.memberships);
  // One row more than asked tells whether another page follows without a count query.
  const rows = await store.wireRowsAfter(starts, limit + 1);
  const page = rows.slice(0, limit);
  const next = new Map(starts.map((p) => [p.inspectionId, p.since]));
  for (const row of page) next.set(row.inspectionId, row.seq);
  const heads = await store.headSeqs(starts.map((p) => p.inspectionId));
  return {
    rows: page.map((row) => row.json),
    next: encodeCursor(scope.epoch, next),
    hasMore: rows.length > limit,
    ahead: distance(heads, starts),
    left: distance(
      heads,
      [...next].map(([inspectionId, since]) => ({ inspectionId, since })),
    ),
  };
};

/**
 * S6's answer `{rows, next, hasMore}` as JSON text: the rows as the store wrote them out, so a
 * page of 1,000 notes is not parsed and serialised again on the way (pull.test.ts checks it says
 * what `toSyncRow` of each row says).
 */
export const pullBody = ({ rows, next, hasMore }: Pick<PullPage, 'rows' | 'next' | 'hasMore'>) =>
  `{"rows":[${rows.join(',')}],"next":${JSON.stringify(next)},"hasMore":${hasMore}}`;
