import type { Transaction } from 'kysely';
import type { StoredReads } from './group-writes';
import type { Database } from './schema';
import type { PushReadRequest } from './types';

/**
 * A commit group's reads, made once for all its writes: the union of what each declared it would
 * ask `readForPush`, read in one statement right after the group takes the seq lock. On
 * PostgreSQL a push paid a round trip for its reads while the group held the lock; a group of
 * five now pays one.
 *
 * The answers are the ones reading on demand would give. Each push still reads through the
 * group's write buffer first (group-writes.ts), so what an earlier push of the group wrote wins;
 * anything not in the buffer is as it was when the group began, because nothing else writes ops
 * or rows without the seq lock this transaction holds (S4; the purge takes it too). A request
 * the group read does not cover — an undeclared id — is read on demand as before.
 */
export const groupReads = async (
  trx: Transaction<Database>,
  storedReads: StoredReads,
  requests: readonly PushReadRequest[],
): Promise<StoredReads> => {
  const users = new Set(requests.map((r) => r.userId));
  const opIds = new Set(requests.flatMap((r) => r.opIds));
  const rowIds = new Set(requests.flatMap((r) => r.rowIds));
  const inspectionIds = new Set(requests.flatMap((r) => r.inspectionIds));
  const read = await storedReads(trx, [...users], [...opIds], [...rowIds], [...inspectionIds]);
  const ops = new Map(read.ops.map((o) => [o.op_id, o]));
  const rows = new Map(read.rows.map((r) => [r.id, r]));
  const purged = new Set(read.purged);
  const covered = (ids: readonly string[], set: Set<string>) => ids.every((id) => set.has(id));
  const pick = <T>(ids: readonly string[], found: Map<string, T>): T[] =>
    ids.flatMap((id) => {
      const hit = found.get(id);
      return hit ? [hit] : [];
    });
  return async (onTrx, userIds, wantOps, wantRows, wantInspections) => {
    if (
      !covered(userIds, users) ||
      !covered(wantOps, opIds) ||
      !covered(wantRows, rowIds) ||
      !covered(wantInspections, inspectionIds)
    )
      return storedReads(onTrx, userIds, wantOps, wantRows, wantInspections);
    return {
      memberships: read.memberships.filter((m) => userIds.includes(m.userId)),
      ops: pick(wantOps, ops),
      rows: pick(wantRows, rows),
      purged: wantInspections.filter((id) => purged.has(id)),
    };
  };
};
