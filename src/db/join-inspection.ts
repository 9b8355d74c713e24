import Dexie from 'dexie';
import type { Framework } from '../domain';
import { ROW_TABLES, type FieldbookDB } from './database';
import { META, META_FAMILIES } from './meta';
import type { LocalInspection, LocalRow, OutboxOp } from './types';

/** Why a device-only inspection cannot join the chosen one; the screen words each. */
export type JoinProblem =
  | { code: 'not-found' }
  | { code: 'not-device-only' }
  | { code: 'not-on-server' }
  /** Different frameworks: their judgement areas and grades are not the same, so records would not fit. */
  | {
      code: 'framework-differs';
      deviceFramework: string;
      serverFramework: string;
      misfits: string[];
    };

export type JoinResult =
  { ok: true; moved: { rows: number; ops: number } } | ({ ok: false } & JoinProblem);

type Fields = Record<string, unknown>;

/**
 * What of a record would not fit `framework` (S8: judgement ids and grades must belong to the
 * inspection's framework; evidence kinds are the framework's too). Words name the value, not the
 * record id, so the screen can say which.
 */
const misfitsOf = (table: string, fields: Fields, framework: Framework): string[] => {
  const judgements = new Set(framework.judgements.map((j) => j.id));
  const grades = new Set(framework.gradeScale.map((g) => g.id));
  const out: string[] = [];
  const judgement = (id: unknown) => {
    if (typeof id === 'string' && !judgements.has(id)) out.push(`judgement area “${id}”`);
  };
  if (table === 'evidence') {
    for (const id of (fields.judgementIds as unknown[] | undefined) ?? []) judgement(id);
    if (
      typeof fields.kind === 'string' &&
      !(framework.evidenceKinds as string[]).includes(fields.kind)
    )
      out.push(`evidence kind “${fields.kind}”`);
  }
  if (table === 'judgementDrafts') {
    judgement(fields.judgementId);
    if (typeof fields.grade === 'string' && !grades.has(fields.grade))
      out.push(`grade “${fields.grade}”`);
  }
  if (table === 'teamMeetings')
    for (const id of Object.keys((fields.views as Fields) ?? {})) judgement(id);
  return out;
};

/** A user id of the device-only team (its lead was this device's user before sign-in) becomes the signed-in user's. */
const remapUser = (fields: Fields, from: ReadonlySet<string>, to: string): Fields => {
  const next = { ...fields };
  if (typeof next.assignedTo === 'string' && from.has(next.assignedTo)) next.assignedTo = to;
  if (Array.isArray(next.attendees))
    next.attendees = [...new Set(next.attendees.map((id) => (from.has(String(id)) ? to : id)))];
  return next;
};

/**
 * Moves every record and unsent op of an inspection set up on this device alone (before sign-in)
 * into the server inspection it was meant to be — all in ONE transaction, so a crash leaves it
 * wholly where it was or wholly moved. Refused, changing nothing, when the frameworks differ:
 * judgement areas and grades would not fit, and the server would refuse them op by op.
 */
export const joinLocalInspection = (
  db: FieldbookDB,
  localId: string,
  serverId: string,
  /** The signed-in user: the device-only team's member becomes them (assigned cases, attendees). */
  userId: string,
): Promise<JoinResult> =>
  db.transaction(
    'rw',
    [db.inspections, db.outbox, db.meta, ...ROW_TABLES.map((t) => db.table(t))],
    async () => {
      const [local, server] = await Promise.all([
        db.inspections.get(localId),
        db.inspections.get(serverId),
      ]);
      if (!local || !server) return { ok: false, code: 'not-found' };
      if (local.source !== 'local') return { ok: false, code: 'not-device-only' };
      if (server.source !== 'server') return { ok: false, code: 'not-on-server' };

      const rowsByTable = await Promise.all(
        ROW_TABLES.map(async (table) => ({
          table,
          rows: await db
            .table<LocalRow, string>(table)
            .where('inspectionId')
            .equals(localId)
            .toArray(),
        })),
      );
      const ops = await db.outbox
        .where('[inspectionId+state]')
        .between([localId, Dexie.minKey], [localId, Dexie.maxKey])
        .toArray();

      if (local.frameworkId !== server.frameworkId) {
        const misfits = new Set<string>();
        for (const { table, rows } of rowsByTable)
          for (const row of rows)
            for (const m of misfitsOf(table, row.fields as Fields, server.framework))
              misfits.add(m);
        return {
          ok: false,
          code: 'framework-differs',
          deviceFramework: local.framework.title,
          serverFramework: server.framework.title,
          misfits: [...misfits],
        };
      }

      const formerUsers = new Set(local.team.map((m) => m.userId));
      for (const { table, rows } of rowsByTable) {
        await db.table(table).bulkPut(
          rows.map((row) => ({
            ...row,
            inspectionId: serverId,
            author: formerUsers.has(row.author) ? userId : row.author,
            fields: remapUser(row.fields as Fields, formerUsers, userId),
          })),
        );
      }
      await db.outbox.bulkPut(
        ops.map((op): OutboxOp => ({
          ...op,
          inspectionId: serverId,
          fields: remapUser(op.fields, formerUsers, userId),
        })),
      );
      // The device's own notes about the inspection (review mark, coverage targets) follow it.
      for (const family of [META_FAMILIES.lastReviewedAt, META_FAMILIES.coverageTargets]) {
        const entry = await db.meta.get(`${family.prefix}${localId}`);
        if (entry) {
          await db.meta.put({ key: `${family.prefix}${serverId}`, value: entry.value });
          await db.meta.delete(entry.key);
        }
      }
      const active = await db.meta.get(META.activeInspectionId.key);
      if (active?.value === localId) await db.meta.put({ key: active.key, value: serverId });
      await db.inspections.delete(localId);
      return {
        ok: true,
        moved: { rows: rowsByTable.reduce((n, t) => n + t.rows.length, 0), ops: ops.length },
      };
    },
  );

/** The server inspections a device-only one could join: those of the same framework first. */
export const joinCandidates = (
  all: readonly LocalInspection[],
  local: LocalInspection,
): LocalInspection[] =>
  all
    .filter((i) => i.source === 'server')
    .sort(
      (a, b) =>
        Number(b.frameworkId === local.frameworkId) - Number(a.frameworkId === local.frameworkId),
    );
