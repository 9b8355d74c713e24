import type { Kysely } from 'kysely';
import { fromRowRow, toWireRowJson } from './codec';
import { TEAM_EPOCH_COUNTER, type Database } from './schema';
import type { PullPosition, Store } from './types';

/** The reads of a pull (S6, S6a), on the read connection: index range scans and probes only. */
export const pullReads = (
  read: Kysely<Database>,
): Pick<Store, 'rowsAfter' | 'wireRowsAfter' | 'headSeqs' | 'pullScope'> => {
  /** The stored rows a pull takes, in seq order: `rowsAfter`, before they are decoded. */
  const storedRowsAfter = async (
    positions: readonly PullPosition[],
    limit: number,
  ): Promise<Database['rows'][]> => {
    // One indexed range scan per inspection, merged here: an `in (...)` over several inspections
    // can make a planner sort the whole log, which is what must stay flat at a million ops.
    // Each inspection's rows come in seq order, so the first `limit` of the merge are a prefix
    // of each one's: a cursor moved to the last row taken of each skips nothing.
    const perInspection = await Promise.all(
      positions.map(({ inspectionId, since }) =>
        read
          .selectFrom('rows')
          .selectAll()
          .where('inspection_id', '=', inspectionId)
          .where('seq', '>', since)
          .orderBy('seq')
          .limit(limit)
          .execute(),
      ),
    );
    return perInspection
      .flat()
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .slice(0, limit);
  };

  const rowsAfter: Store['rowsAfter'] = async (positions, limit) =>
    (await storedRowsAfter(positions, limit)).map(fromRowRow);

  const wireRowsAfter: Store['wireRowsAfter'] = async (positions, limit) =>
    (await storedRowsAfter(positions, limit)).map((r) => ({
      inspectionId: r.inspection_id,
      seq: Number(r.seq),
      json: toWireRowJson(r),
    }));

  const headSeqs: Store['headSeqs'] = async (inspectionIds) => {
    // One index probe per inspection: the last entry of (inspection_id, seq).
    const heads = await Promise.all(
      [...new Set(inspectionIds)].map(async (inspectionId) => {
        const head = await read
          .selectFrom('rows')
          .select('seq')
          .where('inspection_id', '=', inspectionId)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        return [inspectionId, head ? Number(head.seq) : undefined] as const;
      }),
    );
    return new Map(heads.flatMap(([id, seq]) => (seq === undefined ? [] : [[id, seq]])));
  };

  const pullScope: Store['pullScope'] = async (userId) => {
    // The epoch first: a member added after it is marked above it, so the next cursor (made at
    // this epoch) sends that inspection again from the start rather than miss its older rows.
    const epoch = await read
      .selectFrom('counters')
      .select('value')
      .where('name', '=', TEAM_EPOCH_COUNTER)
      .executeTakeFirstOrThrow();
    const memberships = await read
      .selectFrom('team_members')
      .select(['inspection_id', 'joined'])
      .where('user_id', '=', userId)
      .execute();
    return {
      epoch: Number(epoch.value),
      memberships: memberships.map((m) => ({
        inspectionId: m.inspection_id,
        joined: Number(m.joined),
      })),
    };
  };

  return { rowsAfter, wireRowsAfter, headSeqs, pullScope };
};
