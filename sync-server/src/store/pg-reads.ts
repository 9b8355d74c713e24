import { sql } from 'kysely';
import type { StoredReads } from './group-writes';
import type { Database } from './schema';
import type { Membership } from './types';

/**
 * The reads a push starts with — the user's teams, the ops it names that are already stored, the
 * rows it touches, which of its inspections are purged — as one PostgreSQL statement: four JSON
 * aggregates in one row. Every statement is a round trip to another process, paid once per push
 * while the group holds the seq lock, so four became one. The rows come back as the table's own columns, decoded as any read of them.
 */
type Result = {
  members: [string, string, string, string][];
  ops: [string, string, string, string, string | null][];
  rows: Database['rows'][];
  purged: string[];
};

export const pgStoredReads: StoredReads = async (trx, userIds, opIds, rowIds, inspectionIds) => {
  const { rows } = await sql<Result>`select
      (select coalesce(json_agg(json_build_array(m.user_id, m.inspection_id, m.role, i.framework_id)), '[]')
         from team_members m join inspections i on i.id = m.inspection_id
         where m.user_id = any(${[...userIds]}::text[])) as members,
      (select coalesce(json_agg(json_build_array(o.op_id, o.user_id, o.body_hash, o.status, o.reason)), '[]')
         from ops o where o.op_id = any(${[...opIds]}::text[])) as ops,
      (select coalesce(json_agg(r), '[]') from rows r where r.id = any(${[...rowIds]}::text[])) as rows,
      (select coalesce(json_agg(i.id), '[]') from inspections i
         where i.id = any(${[...inspectionIds]}::text[]) and i.purged_at is not null) as purged`.execute(
    trx,
  );
  const [result] = rows;
  if (!result) throw new Error('the push reads returned no row');
  return {
    memberships: result.members.map(([userId, inspectionId, role, frameworkId]) => ({
      userId,
      inspectionId,
      role: role as Membership['role'],
      frameworkId,
    })) satisfies (Membership & { userId: string })[],
    ops: result.ops.map(([op_id, user_id, body_hash, status, reason]) => ({
      op_id,
      user_id,
      body_hash,
      status,
      reason,
    })),
    rows: result.rows,
    purged: result.purged,
  };
};
