import * as z from 'zod/mini';
import { RetentionSchema } from './retention';
import { SafeguardingContactsSchema } from './contacts';
import { ENTITY_NAMES } from './entities';
import { FrameworkSchema } from './framework';
import { SyncRowSchema } from './rows';
import { INSPECTION_STATUS_IDS, INSPECTORATE_IDS, TEAM_ROLE_IDS } from './vocabulary';

/**
 * The sync protocol in one file (DESIGN.md §4): version, limits, request and response schemas,
 * error codes and reject reasons. Client and server both import this; the wire format is public.
 */

/**
 * The newest client schema version. Bump when the wire format changes. 2: the pull cursor is an
 * opaque string covering each inspection (S6, S6a), merge follows S5a–S5c, and the journey
 * fields of DESIGN.md §4.1 (the adoption and review-conference stages, `route`, `outOfArea`) and
 * `figures` on a judgement draft are on the wire.
 */
export const SCHEMA_VERSION = 2;
/**
 * Versions the server still accepts (S9); an older client gets 426 and keeps its outbox. Version 1
 * cannot read a string cursor (its schema says `next` is a number), so it is no longer accepted.
 */
export const ACCEPTED_SCHEMA_VERSIONS: readonly number[] = [2];

/** Where the sync API lives; the server mounts and the client calls these very strings. */
export const API_PATHS = {
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  me: '/api/me',
  push: '/api/sync/push',
  pull: '/api/sync/pull',
  events: '/api/sync/events',
  /** `/api/records/:entity/:id/history` */
  history: '/api/records/:entity/:id/history',
} as const;
/** The API router is mounted here; each route is its API_PATHS entry with this prefix removed. */
export const API_PREFIX = '/api';
export const apiRoute = (path: string): string => path.slice(API_PREFIX.length);
export const historyPath = (entity: string, id: string): string =>
  API_PATHS.history
    .replace(':entity', encodeURIComponent(entity))
    .replace(':id', encodeURIComponent(id));

/**
 * Pull progress (S6), sent with every page. The cursor is opaque, so the server says how far it
 * still has to go, in row versions (seq numbers) summed over the user's inspections: `ahead`
 * counts from the request's cursor, `left` from the page's `next`. A client divides the `left` of
 * each page by the `ahead` of its first one; both are at least the number of rows still to come
 * (every row version has its own seq) and cost one index probe per inspection, whatever the log.
 */
export const PULL_AHEAD_HEADER = 'X-Fieldbook-Pull-Ahead';
export const PULL_LEFT_HEADER = 'X-Fieldbook-Pull-Left';

export const PUSH_MAX_OPS = 500; // keeps one request under the 1 MB body limit (S3)
export const BODY_MAX_BYTES = 1024 * 1024; // every endpoint refuses bodies over 1 MB
/**
 * S10: no request body, and no op inside a push, nests objects and arrays deeper than this. The
 * deepest real op is about 4 levels (op → fields → lines → line); the bound keeps every walk over
 * client JSON shallow on both stores.
 */
export const JSON_MAX_DEPTH = 32;
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

/**
 * An op's fields as the envelope sees them: a JSON object. Each field is validated once, by its
 * entity's schema when the op is judged (`checkFields` in entities.ts), which knows whether the
 * op creates or changes its row; a record schema here walked and copied every field first, only
 * to learn that a JSON object's keys are strings.
 */
const OpFieldsSchema = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  { error: 'Expected an object of fields' },
);

/** S2: one local edit. `base` maps each changed field to the version the editor saw (missing = 0). */
export const OpSchema = z.strictObject({
  opId: z.uuid(),
  entity: z.string(),
  entityId: z.uuid(),
  inspectionId: z.uuid(),
  kind: z.enum(OP_KINDS),
  fields: z._default(OpFieldsSchema, {}),
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

/**
 * S6: the pull cursor. The server makes it and reads it; the client stores it as received and
 * sends it back unchanged. A number (what version 1 stored) still works: it means that seq for
 * every inspection. 0 or absent: from the beginning.
 */
export const PullCursorSchema = z.union([z.string().check(z.maxLength(16_384)), z.int()]);
export type PullCursor = z.infer<typeof PullCursorSchema>;

/** S6: query parameters arrive as strings. */
const whole = z.refine<number>(Number.isSafeInteger, 'Expected a whole number');
export const PullQuerySchema = z.object({
  /** Read by the server's cursor codec; a cursor it cannot read is 400. */
  since: z.optional(z.string().check(z.maxLength(16_384))),
  limit: z.pipe(
    z._default(z.coerce.number().check(whole, z.positive()), PULL_DEFAULT_LIMIT),
    z.transform((n: number) => Math.min(n, PULL_MAX_LIMIT)),
  ),
  schemaVersion: z.optional(z.coerce.number().check(whole)),
});
/**
 * A pull page can be checked in two steps, so a client can check a large page's rows a slice at a
 * time (each slice its own task): first the envelope, then its rows with PullRowsSchema.
 */
export const PullEnvelopeSchema = z.object({
  rows: z.array(z.unknown()),
  next: PullCursorSchema,
  hasMore: z.boolean(),
});
export const PullRowsSchema = z.array(SyncRowSchema);
/** The same page checked whole. */
export const PullResponseSchema = z.object({ ...PullEnvelopeSchema.shape, rows: PullRowsSchema });
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
  /** When the server purges its content (DESIGN.md §4.3); absent from servers before it. */
  retention: z.optional(RetentionSchema),
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
export { DEFAULT_IDLE_LOCK_MINUTES } from './device-policy';

export const MeResponseSchema = z.object({
  user: UserSchema,
  settings: z.optional(SettingsSchema),
  inspections: z.array(z.extend(InspectionSchema, { framework: FrameworkSchema })),
  /**
   * Inspections the user is on that this server cannot describe now (their framework file is
   * missing from its build). A device keeps them, rows and unsent work, and sends them nothing
   * until they are listed again: only leaving the team makes a device forget (S6a).
   */
  unavailable: z.optional(z.array(z.string())),
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
/**
 * How often an open event stream carries a heartbeat comment: under the ~30 s after which proxies
 * drop an idle stream. The client takes a stream silent for much longer than this as dead.
 */
export const SYNC_HEARTBEAT_SECONDS = 25;
export const SyncHintSchema = z.object({ inspectionId: z.string(), seq: z.int() });
