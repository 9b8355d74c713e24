import type { Clock } from '../../../src/domain/clock';
import { isoAt } from '../../../src/domain/clock';
import type { FieldIssue } from '../../../src/domain/entities';
import { frameworkById } from '../../../src/domain/frameworks';
import { isUuid } from '../../../src/domain/ids';
import { applyOp, type MergeRow } from '../../../src/domain/merge';
import {
  REJECT_REASONS,
  type Op,
  type PushResult,
  type RejectReason,
} from '../../../src/domain/protocol';
import type { AuditEntry, OpRecord, OpSeen, PushReadRequest, Store, SyncTx } from '../store/types';
import { jsonShapeProblem } from '../http/json-shape';
import { bodyHash } from './canonical';
import { fieldValueIssues, judge } from './judge';
import { parseOp } from './parse-op';

/**
 * S3–S5 on the server: every op of a push judged on its own, in order, inside one transaction
 * that holds the seq counter lock. Reads are batched up front and writes at the end, so a push of
 * 500 ops costs a handful of statements, not thousands.
 */
type Prepared = {
  raw: unknown;
  opId: string | null;
  op: Op | null;
  hash: string;
  issues: string | null;
  /** The op's field values checked against its entity (judge.ts fieldValueIssues). */
  fieldIssues: FieldIssue[];
};

const prepare = (raw: unknown): Prepared => {
  const rawOpId =
    typeof raw === 'object' && raw !== null ? (raw as { opId?: unknown }).opId : undefined;
  const opId = isUuid(rawOpId) ? rawOpId : null;
  // S10: nesting past JSON_MAX_DEPTH or U+0000 rejects this op alone, before anything walks it.
  const shape = jsonShapeProblem(raw);
  if (shape)
    return {
      raw,
      opId,
      op: null,
      hash: bodyHash(raw),
      issues: `${shape.path}: ${shape.message}`,
      fieldIssues: [],
    };
  const parsed = parseOp(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { raw, opId, op: null, hash: bodyHash(raw), issues, fieldIssues: [] };
  }
  const op = parsed.data;
  const { opId: _id, ...body } = op;
  return { raw, opId, op, hash: bodyHash(body), issues: null, fieldIssues: fieldValueIssues(op) };
};

/** Ids this push will read: the rows it names and the rows its fields point at. */
const idsToLoad = (ops: readonly Op[]): string[] => {
  const ids = new Set<string>();
  for (const op of ops) {
    ids.add(op.entityId);
    for (const field of ['caseId', 'evidenceId'] as const) {
      const value = op.fields[field];
      if (isUuid(value)) ids.add(value);
    }
  }
  return [...ids];
};

/** Half of a surrogate pair without its other half: UTF-8 cannot encode it, PostgreSQL refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD');

const field = (raw: unknown, name: string): string => {
  const value =
    typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[name] : undefined;
  // Kept for the record of a rejected op. PostgreSQL text holds neither U+0000 nor a lone
  // surrogate (S10); both stores keep U+FFFD in their place, as UTF-8 encoding would.
  return typeof value === 'string'
    ? wellFormed(value.slice(0, 100).replaceAll('\u0000', '\uFFFD'))
    : '';
};

export type PushInput = { userId: string; clientId: string; ops: readonly unknown[] };

export const pushOps = (store: Store, clock: Clock, input: PushInput): Promise<PushResult[]> => {
  // Parsing and hashing need no database: done before the transaction, they never hold the lock.
  const prepared = input.ops.map(prepare);
  const valid = prepared.flatMap((p) => (p.op ? [p.op] : []));
  const reads: PushReadRequest = {
    userId: input.userId,
    opIds: prepared.flatMap((p) => (p.opId ? [p.opId] : [])),
    rowIds: idsToLoad(valid),
    inspectionIds: valid.map((op) => op.inspectionId),
  };
  return store.write(async (tx) => judgeAll(tx, clock, input, prepared, reads), reads);
};

const judgeAll = async (
  tx: SyncTx,
  clock: Clock,
  { userId, clientId }: PushInput,
  prepared: readonly Prepared[],
  reads: PushReadRequest,
): Promise<PushResult[]> => {
  const at = isoAt(clock);
  const { memberships, seen, rows, purged } = await tx.readForPush(
    userId,
    reads.opIds,
    reads.rowIds,
    reads.inspectionIds,
  );
  // A review's rights depend on who wrote the evidence it reviews, which may not be loaded yet.
  const evidenceIds = [...rows.values()]
    .filter(
      (r) => r.entity === 'review' && isUuid(r.fields.evidenceId) && !rows.has(r.fields.evidenceId),
    )
    .map((r) => r.fields.evidenceId as string);
  if (evidenceIds.length > 0)
    for (const [id, row] of await tx.rowsById(evidenceIds)) rows.set(id, row);

  let seq = tx.seqAtStart;
  const results: PushResult[] = [];
  const records: OpRecord[] = [];
  const touched = new Map<string, MergeRow>();
  const audit: AuditEntry[] = [];

  const record = (
    p: Prepared,
    status: OpRecord['status'],
    reason: RejectReason | null,
    opSeq: number | null,
  ) => {
    if (!p.opId) return;
    const op = p.op;
    const entry: OpRecord = {
      opId: p.opId,
      seq: opSeq,
      userId,
      clientId,
      inspectionId: op?.inspectionId ?? field(p.raw, 'inspectionId'),
      // An unknown entity name is the client's text as it came (its other fields are checked).
      entity: op ? wellFormed(op.entity) : field(p.raw, 'entity'),
      entityId: op?.entityId ?? field(p.raw, 'entityId'),
      kind: op?.kind ?? field(p.raw, 'kind'),
      // §4.3: a purged inspection's content is not kept again, not even in a refused op's record.
      fields: op && !purged.has(op.inspectionId) ? op.fields : {},
      base: op?.base ?? {},
      bodyHash: p.hash,
      status,
      reason,
      at,
    };
    records.push(entry);
    seen.set(p.opId, entry satisfies OpSeen);
  };
  const reject = (p: Prepared, reason: RejectReason, message: string) => {
    results.push({ opId: p.opId, status: 'rejected', reason });
    record(p, 'rejected', reason, null);
    audit.push({ at, kind: 'op-rejected', userId, detail: { opId: p.opId, reason, message } });
  };

  const lookup = (id: string) => rows.get(id);
  for (const p of prepared) {
    const prior = p.opId ? seen.get(p.opId) : undefined;
    if (prior) {
      // S3: retrying is always safe. The same op again is a duplicate; anything else under that
      // id is refused without being recorded, so the original stays the one answer.
      if (prior.userId === userId && prior.bodyHash === p.hash) {
        results.push({
          opId: p.opId,
          status: 'duplicate',
          original: prior.status,
          ...(prior.reason ? { reason: prior.reason } : {}),
        });
      } else {
        results.push({ opId: p.opId, status: 'rejected', reason: REJECT_REASONS.opIdReused });
        audit.push({
          at,
          kind: 'op-rejected',
          userId,
          detail: { opId: p.opId, reason: REJECT_REASONS.opIdReused },
        });
      }
      continue;
    }
    const op = p.op;
    if (!op) {
      reject(p, REJECT_REASONS.invalid, p.issues ?? 'Not an op');
      continue;
    }
    if (purged.has(op.inspectionId)) {
      // §4.3: a device offline since before the purge still holds ops for it. Refused, the client
      // keeps them shown to their author (S3) rather than the server keeping what it purged.
      reject(p, REJECT_REASONS.forbidden, 'This inspection’s data has been purged');
      continue;
    }
    const membership = memberships.get(op.inspectionId);
    const current = rows.get(op.entityId);
    const verdict = judge({
      op,
      userId,
      membership,
      framework: membership ? frameworkById(membership.frameworkId) : undefined,
      current,
      lookup,
      fieldIssues: p.fieldIssues,
    });
    if (!verdict.ok) {
      reject(p, verdict.reason, verdict.message);
      continue;
    }
    const outcome = applyOp(current, op, { seq: seq + 1, author: userId, clientId, at });
    if (outcome.status === 'rejected') {
      reject(p, outcome.reason, outcome.message);
      continue;
    }
    seq += 1;
    rows.set(op.entityId, outcome.row);
    touched.set(op.entityId, outcome.row);
    record(p, outcome.status, null, seq);
    tx.hint({ inspectionId: op.inspectionId, seq });
    results.push({ opId: p.opId, status: outcome.status, seq });
  }

  await tx.insertOps(records);
  await tx.upsertRows([...touched.values()]);
  if (seq > tx.seqAtStart) await tx.setSeq(seq);
  await tx.audit(audit);
  return results;
};
