import * as z from 'zod/mini';
import { SafeguardingContactsSchema } from './contacts';
import { ENTITY_NAMES } from './entities';
import { FrameworkSchema } from './framework';
import { SyncRowSchema } from './rows';
import { INSPECTION_STATUS_IDS, INSPECTORATE_IDS, TEAM_ROLE_IDS } from './vocabulary';

/**
 * The sync protocol in one file (DESIGN.md §4): version, limits, request and response schemas,
 * error codes and reject reasons. Client and server both import this; the wire format is public.
 */

/** The newest client schema version. Bump when the wire format of an entity changes. */
export const SCHEMA_VERSION = 1;
/** Versions the server still accepts (S9); an older client gets 426 and keeps its outbox. */
export const ACCEPTED_SCHEMA_VERSIONS: readonly number[] = [1];

export const PUSH_MAX_OPS = 500; // keeps one request under the 1 MB body limit (S3)
export const BODY_MAX_BYTES = 1024 * 1024; // every endpoint refuses bodies over 1 MB
export const PULL_DEFAULT_LIMIT = 500;
export const PULL_MAX_LIMIT = 1000;

export const ERROR_CODES = {
  badRequest: 'bad-request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not-found',
  payloadTooLarge: 'payload-too-large',
  clientTooOld: 'client-too-old',
  rateLimited: 'rate-limited',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** S10: every error body. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.values(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.optional(z.record(z.string(), z.unknown())),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const REJECT_REASONS = {
  invalid: 'invalid',
  forbidden: 'forbidden',
  inspectionMismatch: 'inspection-mismatch',
  fieldNotWritable: 'field-not-writable',
  opIdReused: 'op-id-reused',
  unknownEntity: 'unknown-entity',
  notFound: 'not-found',
} as const;
export type RejectReason = (typeof REJECT_REASONS)[keyof typeof REJECT_REASONS];
const REJECT_REASON_VALUES = Object.values(REJECT_REASONS) as [RejectReason, ...RejectReason[]];

export const OP_KINDS = ['put', 'delete', 'resolve'] as const;
export type OpKind = (typeof OP_KINDS)[number];

/** S2: one local edit. `base` maps each changed field to the version the editor saw (missing = 0). */
export const OpSchema = z.strictObject({
  opId: z.uuid(),
  entity: z.string(),
  entityId: z.uuid(),
  inspectionId: z.uuid(),
  kind: z.enum(OP_KINDS),
  fields: z._default(z.record(z.string(), z.unknown()), {}),
  base: z._default(z.record(z.string(), z.int().check(z.nonnegative())), {}),
});
export type Op = z.infer<typeof OpSchema>;
export const isKnownEntity = (entity: string): boolean =>
  (ENTITY_NAMES as readonly string[]).includes(entity);

/** S3: the request is checked as a whole only for its envelope; each op is judged on its own. */
export const PushRequestSchema = z.object({
  clientId: z.uuid(),
  schemaVersion: z.int(),
  ops: z.array(z.unknown()),
});
export type PushRequest = { clientId: string; schemaVersion: number; ops: Op[] };

export const OP_STATUSES = ['applied', 'conflict', 'rejected', 'duplicate'] as const;
export type OpStatus = (typeof OP_STATUSES)[number];

export const PushResultSchema = z.discriminatedUnion('status', [
  z.object({ opId: z.nullable(z.string()), status: z.literal('applied'), seq: z.int() }),
  z.object({ opId: z.nullable(z.string()), status: z.literal('conflict'), seq: z.int() }),
  z.object({
    opId: z.nullable(z.string()),
    status: z.literal('rejected'),
    reason: z.enum(REJECT_REASON_VALUES),
  }),
  z.object({
    opId: z.nullable(z.string()),
    status: z.literal('duplicate'),
    original: z.enum(['applied', 'conflict', 'rejected']),
    reason: z.optional(z.enum(REJECT_REASON_VALUES)),
  }),
]);
export type PushResult = z.infer<typeof PushResultSchema>;
export const PushResponseSchema = z.object({ results: z.array(PushResultSchema) });
export type PushResponse = z.infer<typeof PushResponseSchema>;

/** S6: query parameters arrive as strings. */
const whole = z.refine<number>(Number.isSafeInteger, 'Expected a whole number');
export const PullQuerySchema = z.object({
  since: z._default(z.coerce.number().check(whole, z.nonnegative()), 0),
  limit: z.pipe(
    z._default(z.coerce.number().check(whole, z.positive()), PULL_DEFAULT_LIMIT),
    z.transform((n: number) => Math.min(n, PULL_MAX_LIMIT)),
  ),
  schemaVersion: z.optional(z.coerce.number().check(whole)),
});
export const PullResponseSchema = z.object({
  rows: z.array(SyncRowSchema),
  next: z.int().check(z.nonnegative()),
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

export const UserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  name: z.string(),
  inspectorate: z.string(),
  admin: z.boolean(),
});
export type User = z.infer<typeof UserSchema>;

export const TeamMemberSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  inspectorate: z.union([z.enum(INSPECTORATE_IDS), z.string()]),
  role: z.enum(TEAM_ROLE_IDS),
});
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const InspectionSchema = z.object({
  id: z.uuid(),
  frameworkId: z.string(),
  area: z.string().check(z.minLength(1), z.maxLength(200)),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  status: z.enum(INSPECTION_STATUS_IDS),
  team: z.array(TeamMemberSchema),
  /** The authority's safeguarding numbers (issue 9); absent from a server that predates them. */
  contacts: z.optional(SafeguardingContactsSchema),
});
export type Inspection = z.infer<typeof InspectionSchema>;

export const LoginRequestSchema = z.object({
  username: z.string().check(z.minLength(1), z.maxLength(100)),
  password: z.string().check(z.minLength(1), z.maxLength(1000)),
  /** The device's clientId (S1). With it the server releases that device's key (DESIGN.md §5). */
  deviceId: z.optional(z.uuid()),
});
/** The per-device key wrapping the data key on that device: 32 random bytes, base64. */
export const DeviceKeySchema = z.object({ deviceId: z.uuid(), key: z.string() });
export const LoginResponseSchema = z.object({
  token: z.string(),
  user: UserSchema,
  device: z.optional(DeviceKeySchema),
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** Device policy set by the coordinator. */
export const SettingsSchema = z.object({ idleLockMinutes: z.int().check(z.positive()) });
export const DEFAULT_IDLE_LOCK_MINUTES = 10;

export const MeResponseSchema = z.object({
  user: UserSchema,
  settings: z.optional(SettingsSchema),
  inspections: z.array(z.extend(InspectionSchema, { framework: FrameworkSchema })),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

export const HealthResponseSchema = z.object({
  ok: z.literal(true),
  schemaVersion: z.int(),
});

/** `GET /api/records/:entity/:id/history`: every accepted op of one row, oldest first. */
export const RecordHistorySchema = z.object({
  entity: z.string(),
  id: z.string(),
  inspectionId: z.string(),
  history: z.array(
    z.object({
      opId: z.string(),
      seq: z.nullable(z.int()),
      author: z.string(),
      at: z.string(),
      kind: z.string(),
      fields: z.record(z.string(), z.unknown()),
      base: z.record(z.string(), z.int()),
      status: z.string(),
    }),
  ),
});
export type RecordHistory = z.infer<typeof RecordHistorySchema>;

/** S7: the server-sent event that hints the client to pull. */
export const SYNC_EVENT_NAME = 'changed';
export const SyncHintSchema = z.object({ inspectionId: z.string(), seq: z.int() });
