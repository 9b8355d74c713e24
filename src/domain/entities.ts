import * as z from 'zod/mini';
import {
  AGE_BAND_IDS,
  AGENCY_IDS,
  CASE_SELECTION_IDS,
  CASE_STATUS_IDS,
  CONCERN_STATUS_IDS,
  EVALUATION_IDS,
  EVIDENCE_KIND_IDS,
  EVIDENCE_STATUS_IDS,
  JOURNEY_STAGE_IDS,
  JUDGEMENT_STATE_IDS,
  PERMANENCE_ROUTE_IDS,
  REFERRED_TO_IDS,
  REVIEW_STATE_IDS,
  SENSITIVITY_IDS,
} from './vocabulary';

/**
 * The fields of every entity clients write (DESIGN.md §4.1). Each schema is strict: a field not
 * listed is `invalid`, never silently dropped. Optional fields may be absent or `null`; both mean
 * "not set". `required` names the fields a create must carry.
 */
const uuid = z.uuid();
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const opt = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema));
const text = (max: number) => z.string().check(z.maxLength(max));
const TEXT_MAX_CHARS = 100_000; // a long interview note, far below the 1 MB request limit

/**
 * One timestamped line of a shadowing observation. Its optional tags (issue 9) say what this one
 * moment speaks to, beside the whole observation's own tags: judgement areas, an evaluation and
 * the children it is about. Ids are checked as the evidence's own are (S8: judgement ids belong
 * to the inspection's framework).
 */
export const ShadowingLineSchema = z.strictObject({
  at: isoDateTime,
  text: text(10_000),
  judgementIds: opt(
    z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(50)),
  ),
  evaluation: opt(z.enum(EVALUATION_IDS)),
  caseIds: opt(z.array(uuid).check(z.maxLength(200))),
});
export type ShadowingLine = z.infer<typeof ShadowingLineSchema>;

export const EvidenceFieldsSchema = z.strictObject({
  kind: z.enum(EVIDENCE_KIND_IDS),
  occurredAt: isoDateTime,
  text: opt(text(TEXT_MAX_CHARS)),
  lines: opt(z.array(ShadowingLineSchema).check(z.maxLength(2_000))),
  agency: opt(z.enum(AGENCY_IDS)),
  role: opt(text(200)),
  /** A document or performance data review: what was read ("Audit of strategy discussions"). */
  documentType: opt(text(200)),
  caseIds: opt(z.array(uuid).check(z.maxLength(200))),
  judgementIds: opt(
    z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(50)),
  ),
  crossRefs: opt(z.array(uuid).check(z.maxLength(200))),
  evaluation: opt(z.enum(EVALUATION_IDS)),
  sensitivity: opt(z.enum(SENSITIVITY_IDS)),
  status: z.enum(EVIDENCE_STATUS_IDS),
});

export const ChildCaseFieldsSchema = z.strictObject({
  caseRef: z.string().check(z.minLength(1), z.maxLength(100)),
  initials: opt(text(10)),
  ageBand: opt(z.enum(AGE_BAND_IDS)),
  selection: z.enum(CASE_SELECTION_IDS),
  status: opt(z.enum(CASE_STATUS_IDS)),
  outOfArea: opt(z.boolean()),
  agencies: opt(z.array(z.enum(AGENCY_IDS)).check(z.maxLength(AGENCY_IDS.length))),
  assignedTo: opt(uuid),
});

export const JourneyEventFieldsSchema = z.strictObject({
  caseId: uuid,
  stage: z.enum(JOURNEY_STAGE_IDS),
  date: isoDate,
  agency: opt(z.enum(AGENCY_IDS)),
  note: opt(text(10_000)),
  /** Added in schema version 2: only on `permanence-achieved` (see STAGE_ONLY_FIELDS). */
  route: opt(z.enum(PERMANENCE_ROUTE_IDS)),
  /** Added in schema version 2: only on `placement` — this placement is outside the area. */
  outOfArea: opt(z.boolean()),
});

/** Fields that belong to one stage: set on any other, the event is `invalid` (DESIGN.md §4.1). */
export const STAGE_ONLY_FIELDS = {
  route: 'permanence-achieved',
  outOfArea: 'placement',
} as const satisfies Partial<Record<keyof z.infer<typeof JourneyEventFieldsSchema>, string>>;

/**
 * A figure the lead cites in a judgement ("4 of 12 tracked children's initial conferences were
 * late"), frozen: `text`, `count` and `of` are what the figure was at `citedAt`, as of `asOf`
 * (the date the journeys were measured to). `key` names the figure so the screen can show how it
 * reads now beside how it read then.
 */
export const CitedFigureSchema = z.strictObject({
  key: z.string().check(z.minLength(1), z.maxLength(200)),
  text: z.string().check(z.minLength(1), z.maxLength(1_000)),
  count: z.int().check(z.nonnegative()),
  of: z.int().check(z.nonnegative()),
  asOf: isoDate,
  citedAt: isoDateTime,
});
export type CitedFigure = z.infer<typeof CitedFigureSchema>;

export const ReviewFieldsSchema = z.strictObject({
  evidenceId: uuid,
  state: z.enum(REVIEW_STATE_IDS),
  comment: opt(text(10_000)),
  reply: opt(text(10_000)),
});

export const JudgementDraftFieldsSchema = z.strictObject({
  judgementId: z.string().check(z.minLength(1), z.maxLength(100)),
  grade: opt(z.string().check(z.minLength(1), z.maxLength(100))),
  rationale: opt(text(TEXT_MAX_CHARS)),
  evidenceIds: opt(z.array(uuid).check(z.maxLength(5_000))),
  state: z.enum(JUDGEMENT_STATE_IDS),
  /** Added in schema version 2: journey figures cited, each kept as it read when cited. */
  figures: opt(z.array(CitedFigureSchema).check(z.maxLength(200))),
});

export const SafeguardingConcernFieldsSchema = z.strictObject({
  raisedAt: isoDateTime,
  caseId: opt(uuid),
  concern: z.string().check(z.minLength(1), z.maxLength(20_000)),
  referredTo: opt(z.enum(REFERRED_TO_IDS)),
  referredAt: opt(isoDateTime),
  leadInformedAt: opt(isoDateTime),
  directorInformedAt: opt(isoDateTime),
  /** The reference children's services or the police gave the referral (issue 9). */
  referralReference: opt(text(100)),
  /** Who took the referral, by role only ("Duty social worker"), never a name (§2.3). */
  referralTakenBy: opt(text(200)),
  status: z.enum(CONCERN_STATUS_IDS),
});

export const TeamMeetingFieldsSchema = z.strictObject({
  date: isoDate,
  attendees: opt(z.array(uuid).check(z.maxLength(50))),
  views: opt(z.record(z.string().check(z.minLength(1), z.maxLength(100)), text(20_000))),
  gaps: opt(text(20_000)),
  plan: opt(text(20_000)),
  evidenceIds: opt(z.array(uuid).check(z.maxLength(5_000))),
});

export const ENTITIES = {
  evidence: { schema: EvidenceFieldsSchema, required: ['kind', 'occurredAt', 'status'] },
  childCase: { schema: ChildCaseFieldsSchema, required: ['caseRef', 'selection'] },
  journeyEvent: { schema: JourneyEventFieldsSchema, required: ['caseId', 'stage', 'date'] },
  review: { schema: ReviewFieldsSchema, required: ['evidenceId', 'state'] },
  judgementDraft: { schema: JudgementDraftFieldsSchema, required: ['judgementId', 'state'] },
  safeguardingConcern: {
    schema: SafeguardingConcernFieldsSchema,
    required: ['raisedAt', 'concern', 'status'],
  },
  teamMeeting: { schema: TeamMeetingFieldsSchema, required: ['date'] },
} as const;

export type EntityName = keyof typeof ENTITIES;
export const ENTITY_NAMES = Object.keys(ENTITIES) as [EntityName, ...EntityName[]];
export const isEntityName = (value: unknown): value is EntityName =>
  typeof value === 'string' && Object.hasOwn(ENTITIES, value);

export type EvidenceFields = z.infer<typeof EvidenceFieldsSchema>;
export type ChildCaseFields = z.infer<typeof ChildCaseFieldsSchema>;
export type JourneyEventFields = z.infer<typeof JourneyEventFieldsSchema>;
export type ReviewFields = z.infer<typeof ReviewFieldsSchema>;
export type JudgementDraftFields = z.infer<typeof JudgementDraftFieldsSchema>;
export type SafeguardingConcernFields = z.infer<typeof SafeguardingConcernFieldsSchema>;
export type TeamMeetingFields = z.infer<typeof TeamMeetingFieldsSchema>;

export type FieldsOf = {
  evidence: EvidenceFields;
  childCase: ChildCaseFields;
  journeyEvent: JourneyEventFields;
  review: ReviewFields;
  judgementDraft: JudgementDraftFields;
  safeguardingConcern: SafeguardingConcernFields;
  teamMeeting: TeamMeetingFields;
};

// Built once per entity: `.partial()` builds a new schema on every call, which cost ~200 µs per
// changed field set and made edits ~50× slower to check than creates on the server's push path.
const partialSchemas = new Map<EntityName, z.ZodMiniType>();
const partialOf = (entity: EntityName): z.ZodMiniType => {
  let schema = partialSchemas.get(entity);
  if (!schema) {
    schema = z.partial(ENTITIES[entity].schema);
    partialSchemas.set(entity, schema);
  }
  return schema;
};

export type FieldCheck = { ok: true } | { ok: false; issues: FieldIssue[] };
export type FieldIssue = { path: string; message: string };

/**
 * The first half of checkFields: every named field valid for its entity, whether the op creates
 * or changes its row (every field may be absent here; `required` is checked by the second half).
 * It needs no row, so the server runs it once per op before its write transaction.
 */
export const checkFieldValues = (
  entity: EntityName,
  fields: Record<string, unknown>,
): FieldIssue[] => {
  const result = partialOf(entity).safeParse(fields);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
};

/**
 * The second half: what depends on the row. A create must carry every required field (the only
 * fields an entity's schema does not make optional); a change may not clear one; and a rule across
 * fields (stage-only fields of a journey event) is checked on the row as it will stand.
 */
export const checkFieldsOnRow = (
  entity: EntityName,
  fields: Record<string, unknown>,
  mode: 'create' | 'change',
  /** The row's fields before this change. */
  current?: Record<string, unknown>,
): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  for (const name of ENTITIES[entity].required) {
    const value = fields[name];
    if (mode === 'create' && (!Object.hasOwn(fields, name) || value === undefined))
      issues.push({ path: name, message: 'Required' });
    // Clearing a required field would leave a row that could never be created as it stands.
    if (mode === 'change' && name in fields && (value === null || value === undefined))
      issues.push({ path: name, message: 'Required field cannot be cleared' });
  }
  if (entity === 'journeyEvent') issues.push(...stageOnlyIssues({ ...current, ...fields }));
  return issues;
};

/**
 * Checks the fields of a put: every named field valid for its entity, and on a create every
 * required field present. A change names only the fields it changes, so it is checked partially.
 */
export const checkFields = (
  entity: EntityName,
  fields: Record<string, unknown>,
  mode: 'create' | 'change',
  /** The row's fields before this change, to check rules that span fields (stage-only fields). */
  current?: Record<string, unknown>,
): FieldCheck => {
  const issues = [
    ...checkFieldValues(entity, fields),
    ...checkFieldsOnRow(entity, fields, mode, current),
  ];
  return issues.length === 0 ? { ok: true } : { ok: false, issues };
};

/** A route on a referral, or "out of area" on a review, says something false: refuse it. */
const stageOnlyIssues = (merged: Record<string, unknown>) => {
  const stage = merged.stage;
  if (typeof stage !== 'string') return []; // a change without its row: the server checks with the row
  return Object.entries(STAGE_ONLY_FIELDS)
    .filter(
      ([field, only]) => merged[field] !== null && merged[field] !== undefined && stage !== only,
    )
    .map(([field, only]) => ({ path: field, message: `Only a ${only} stage may set ${field}` }));
};
