import {
  checkFieldValues,
  checkFieldsOnRow,
  isEntityName,
  type EntityName,
  type FieldIssue,
} from '../../../src/domain/entities';
import type { Framework } from '../../../src/domain/framework';
import type { MergeRow } from '../../../src/domain/merge';
import { REJECT_REASONS, type Op, type RejectReason } from '../../../src/domain/protocol';
import { DELETED_CONFLICT_KEY } from '../../../src/domain/rows';
import type { Membership } from '../store/types';
import { plainlyValidFields } from './quick-fields';

/**
 * S8 and §4.1 as one pure function: may this user apply this op to this row? It decides only
 * whether an op is accepted; what becomes current is decided by `applyOp` in src/domain/merge.ts.
 */
export type Judgement = { ok: true } | { ok: false; reason: RejectReason; message: string };

export type JudgeInput = {
  op: Op;
  userId: string;
  membership: Membership | undefined;
  framework: Framework | undefined;
  current: MergeRow | undefined;
  /** Rows already stored or created earlier in the same push, for references and authors. */
  lookup: (id: string) => MergeRow | undefined;
  /** What `fieldValueIssues` found in this op, worked out before the write transaction. */
  fieldIssues: readonly FieldIssue[];
};

const OK: Judgement = { ok: true };
const no = (reason: RejectReason, message: string): Judgement => ({ ok: false, reason, message });

/** Fields that name another row of the same inspection, and the entity that row must be. */
const REFERENCES: Partial<Record<EntityName, Record<string, EntityName>>> = {
  journeyEvent: { caseId: 'childCase' },
  safeguardingConcern: { caseId: 'childCase' },
  review: { evidenceId: 'evidence' },
};

/** A resolve's `_deleted` is a choice about the row, not a field: the fields are the others. */
const entityFields = (op: Op): Record<string, unknown> => {
  if (!(DELETED_CONFLICT_KEY in op.fields)) return op.fields;
  const { [DELETED_CONFLICT_KEY]: _choice, ...fields } = op.fields;
  return fields;
};

/**
 * The half of checking an op's fields that needs no row (checkFieldValues): each field valid for
 * its entity. push.ts runs it for every op before its transaction, so the fields are validated
 * once and never while the seq lock is held; judge uses the answer (checkShape).
 */
export const fieldValueIssues = (op: Op): FieldIssue[] => {
  if (op.kind === 'delete' || !isEntityName(op.entity)) return [];
  const fields = entityFields(op);
  // The quick test says only "surely valid"; anything else is zod's to judge and word.
  return plainlyValidFields(op.entity, fields) ? [] : checkFieldValues(op.entity, fields);
};

const checkShape = ({ op, current, fieldIssues }: JudgeInput, entity: EntityName): Judgement => {
  // `author` is stamped by the server from the session; a client can never claim it.
  if ('author' in op.fields)
    return no(REJECT_REASONS.fieldNotWritable, '`author` is set by the server');
  if (op.kind === 'delete') {
    return Object.keys(op.fields).length === 0
      ? OK
      : no(REJECT_REASONS.invalid, 'A delete carries no fields');
  }
  if (
    DELETED_CONFLICT_KEY in op.fields &&
    (op.kind !== 'resolve' || typeof op.fields[DELETED_CONFLICT_KEY] !== 'boolean')
  ) {
    return no(REJECT_REASONS.invalid, '`_deleted` is only a boolean choice in a resolve');
  }
  const mode = op.kind === 'put' && !current ? 'create' : 'change';
  // The row as it stands, so a rule across fields (route only on permanence) sees the result.
  const issues = [
    ...fieldIssues,
    ...checkFieldsOnRow(entity, entityFields(op), mode, current?.fields),
  ];
  if (issues.length > 0) {
    return no(
      REJECT_REASONS.invalid,
      issues.map((i) => `${i.path || entity}: ${i.message}`).join('; '),
    );
  }
  return OK;
};

/** A framework's judgement and grade ids, as sets: built once per framework, not per op. */
type FrameworkIds = { judgements: ReadonlySet<string>; grades: ReadonlySet<string> };
const frameworkIdSets = new WeakMap<Framework, FrameworkIds>();
const idsOf = (framework: Framework): FrameworkIds => {
  let ids = frameworkIdSets.get(framework);
  if (!ids) {
    ids = {
      judgements: new Set(framework.judgements.map((j) => j.id)),
      grades: new Set(framework.gradeScale.map((g) => g.id)),
    };
    frameworkIdSets.set(framework, ids);
  }
  return ids;
};

const notInFramework = (what: string, framework: Framework): Judgement =>
  no(REJECT_REASONS.invalid, `${what} is not in framework ${framework.id}`);

const checkFramework = (op: Op, framework: Framework | undefined): Judgement => {
  if (!framework) return no(REJECT_REASONS.invalid, 'The inspection names an unknown framework');
  const { judgements, grades } = idsOf(framework);
  const f = op.fields;
  if (typeof f.judgementId === 'string' && !judgements.has(f.judgementId))
    return notInFramework(`Judgement ${f.judgementId}`, framework);
  if (typeof f.grade === 'string' && !grades.has(f.grade))
    return notInFramework(`Grade ${f.grade}`, framework);
  // The evidence's own tags, and each shadowing line's (issue 9), name the same framework's areas.
  const tagLists: unknown[] = [
    f.judgementIds,
    ...(Array.isArray(f.lines)
      ? f.lines.map((line: unknown) =>
          line && typeof line === 'object'
            ? (line as { judgementIds?: unknown }).judgementIds
            : null,
        )
      : []),
  ];
  for (const list of tagLists) {
    if (!Array.isArray(list)) continue;
    const unknown = list.find((id) => typeof id === 'string' && !judgements.has(id));
    if (unknown !== undefined) return notInFramework(`Judgement ${String(unknown)}`, framework);
  }
  if (op.entity === 'teamMeeting' && f.views && typeof f.views === 'object') {
    const unknown = Object.keys(f.views).find((id) => !judgements.has(id));
    if (unknown !== undefined) return notInFramework(`Judgement ${unknown}`, framework);
  }
  return OK;
};

const checkReferences = (op: Op, entity: EntityName, lookup: JudgeInput['lookup']): Judgement => {
  for (const [field, target] of Object.entries(REFERENCES[entity] ?? {})) {
    const id = op.fields[field];
    if (typeof id !== 'string') continue;
    const row = lookup(id);
    if (!row || row.entity !== target || row.inspectionId !== op.inspectionId) {
      return no(REJECT_REASONS.invalid, `${field} must name a ${target} of the same inspection`);
    }
  }
  return OK;
};

const forbidden = (message: string): Judgement => no(REJECT_REASONS.forbidden, message);

const checkRole = (input: JudgeInput, entity: EntityName, isLead: boolean): Judgement => {
  const { op, userId, current, lookup } = input;
  switch (entity) {
    case 'childCase':
    case 'journeyEvent':
      return OK;
    case 'evidence':
      if (!current || current.author === userId) return OK;
      return forbidden('Only the author may change or delete their evidence');
    case 'judgementDraft':
    case 'teamMeeting':
      return isLead ? OK : forbidden('Only the lead inspector writes this');
    case 'review': {
      if (isLead) return OK;
      const evidenceId = current?.fields.evidenceId;
      const evidence = typeof evidenceId === 'string' ? lookup(evidenceId) : undefined;
      if (!current || op.kind === 'delete' || evidence?.author !== userId) {
        return forbidden('Only the lead reviews evidence; its author may only reply');
      }
      return Object.keys(op.fields).every((f) => f === 'reply')
        ? OK
        : no(REJECT_REASONS.fieldNotWritable, 'The author of the evidence may set only `reply`');
    }
    case 'safeguardingConcern': {
      const closes = op.fields.status === 'closed';
      if (isLead) return OK;
      if (op.kind === 'delete') {
        // The record that a referral was made must be kept: only the lead may remove one.
        return forbidden('Only the lead may delete a safeguarding concern');
      }
      if (current && current.author !== userId) {
        return forbidden('Only the inspector who raised it or the lead may change a concern');
      }
      return closes ? no(REJECT_REASONS.fieldNotWritable, 'Only the lead may close a concern') : OK;
    }
  }
};

export const judge = (input: JudgeInput): Judgement => {
  const { op, membership, current } = input;
  if (!isEntityName(op.entity))
    return no(REJECT_REASONS.unknownEntity, `Unknown entity ${op.entity}`);
  const entity = op.entity;
  if (!membership)
    return no(REJECT_REASONS.forbidden, 'You are not on the team of this inspection');
  if (current && current.inspectionId !== op.inspectionId) {
    return no(REJECT_REASONS.inspectionMismatch, 'This record belongs to another inspection');
  }
  if (current && current.entity !== entity) {
    return no(REJECT_REASONS.invalid, `This id is a ${current.entity}, not a ${entity}`);
  }
  if (op.kind !== 'put' && !current) return no(REJECT_REASONS.notFound, 'No such record to change');
  // In this order, the first refusal answering. Straight calls rather than a list of closures:
  // judge runs for every pushed op.
  const shape = checkShape(input, entity);
  if (!shape.ok) return shape;
  const framework = checkFramework(op, input.framework);
  if (!framework.ok) return framework;
  const references = checkReferences(op, entity, input.lookup);
  if (!references.ok) return references;
  return checkRole(input, entity, membership.role === 'lead');
};
