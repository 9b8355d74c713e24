import * as z from 'zod/mini';
import { SafeguardingContactsSchema } from './contacts';
import { InspectionSchema, SettingsSchema, UserSchema } from './protocol';
import { INSPECTION_STATUS_IDS, INSPECTORATE_IDS, TEAM_ROLE_IDS } from './vocabulary';

/**
 * The coordinator's API (`/api/admin/*`, admins only; DESIGN.md §1, issue 5): users, password
 * resets, devices, inspections and teams, the idle-lock policy and the audit log. The same
 * schemas validate requests on the server and responses in the coordinator screens.
 */

/**
 * Account rules, once for the CLI, the coordinator API and the coordinator screens. A password of
 * at least 10 characters: long enough that a passphrase is the easy choice, and the same password
 * then unlocks the tablet offline. Usernames are compared trimmed and lower case.
 */
export const PASSWORD_MIN_CHARS = 10;
export const PASSWORD_MAX_CHARS = 1000; // scrypt cost grows with length: a bound, not a policy
const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,99}$/;
export const USERNAME_RULE =
  'A username may use only letters, numbers, full stops, hyphens, underscores and @, and starts with a letter or number';
export const passwordRule = (what: string) =>
  `${what} must be at least ${PASSWORD_MIN_CHARS} characters`;

export const normaliseUsername = (username: string): string => username.trim().toLowerCase();
export const isValidUsername = (username: string): boolean =>
  USERNAME_PATTERN.test(normaliseUsername(username));
export const isValidPassword = (password: string): boolean =>
  password.length >= PASSWORD_MIN_CHARS && password.length <= PASSWORD_MAX_CHARS;

const password = z
  .string()
  .check(z.refine(isValidPassword, passwordRule('The password')), z.maxLength(PASSWORD_MAX_CHARS));

/**
 * How a coordinator revokes a device (issue 11 point 7): `lost` (lost or stolen) wipes it at its
 * next contact and accepts nothing more from it; `retired` (handed back, replaced) lets it send
 * its unsent work first, then wipes it.
 */
export const REVOCATION_MODES = ['lost', 'retired'] as const;
export type RevocationMode = (typeof REVOCATION_MODES)[number];
export const RevocationModeSchema = z.enum(REVOCATION_MODES);

export const AdminDeviceSchema = z.object({
  deviceId: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.nullable(z.string()),
  revokedAt: z.nullable(z.string()),
  /** Set with revokedAt. */
  revokeMode: z.nullable(RevocationModeSchema),
  /** The device in words from its browser ("Chrome on an Android tablet"); null: not known. */
  description: z.nullable(z.string().check(z.maxLength(200))),
});
export const AdminUserSchema = z.extend(UserSchema, {
  createdAt: z.string(),
  devices: z.array(AdminDeviceSchema),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;
export const AdminUsersResponseSchema = z.object({ users: z.array(AdminUserSchema) });
/** The answer to POST users: the new user, with no devices yet. */
export const AdminUserResponseSchema = z.object({ user: AdminUserSchema });

export const CreateUserRequestSchema = z.strictObject({
  username: z.string().check(z.refine(isValidUsername, USERNAME_RULE)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  inspectorate: z.enum(INSPECTORATE_IDS),
  admin: z.boolean(),
  password,
});
export const ResetPasswordRequestSchema = z.strictObject({ password });
export const RevokeDeviceRequestSchema = z.strictObject({
  userId: z.uuid(),
  mode: RevocationModeSchema,
});

export const AdminInspectionsResponseSchema = z.object({ inspections: z.array(InspectionSchema) });
export const CreateInspectionRequestSchema = z.strictObject({
  frameworkId: z.string().check(z.minLength(1)),
  area: z.string().check(z.minLength(1), z.maxLength(200)),
  startsOn: z.iso.date(),
  endsOn: z.optional(z.iso.date()),
  leadUserId: z.uuid(),
  memberUserIds: z.array(z.uuid()).check(z.maxLength(50)),
});
export const SetTeamRequestSchema = z.strictObject({
  members: z
    .array(z.strictObject({ userId: z.uuid(), role: z.enum(TEAM_ROLE_IDS) }))
    .check(z.minLength(1), z.maxLength(50)),
});
export const SetStatusRequestSchema = z.strictObject({ status: z.enum(INSPECTION_STATUS_IDS) });
/** `PUT contacts`: the whole set at once; a number left out or null is cleared. */
export const SetContactsRequestSchema = SafeguardingContactsSchema;
export const InspectionResponseSchema = z.object({ inspection: InspectionSchema });

/** §4.3: a retention date, or null for the default (12 months after it became reported). */
export const SetRetentionRequestSchema = z.strictObject({ retainUntil: z.nullable(z.iso.date()) });
export const LEGAL_HOLD_REASON_MAX_CHARS = 500;
/** A legal hold is set and lifted with a reason, kept in the audit log. */
export const LegalHoldRequestSchema = z.strictObject({
  action: z.enum(['set', 'lift']),
  reason: z.string().check(
    z.refine((s) => s.trim().length > 0, 'Give a reason'),
    z.maxLength(LEGAL_HOLD_REASON_MAX_CHARS),
  ),
});
export const PurgeResponseSchema = z.object({
  purged: z.array(
    z.object({ inspectionId: z.string(), area: z.string(), rows: z.int(), ops: z.int() }),
  ),
});

export const SettingsRequestSchema = z.strictObject({
  idleLockMinutes: z.int().check(z.minimum(1), z.maximum(240)),
});
export const SettingsResponseSchema = SettingsSchema;

export const AuditEntrySchema = z.object({
  at: z.string(),
  kind: z.string(),
  userId: z.nullable(z.string()),
  username: z.nullable(z.string()),
  address: z.nullable(z.string()),
  detail: z.nullable(z.record(z.string(), z.unknown())),
});
export const AUDIT_DEFAULT_LIMIT = 200;
export const AUDIT_MAX_LIMIT = 1000;
/** `GET audit?limit=n`: newest first; a limit over the maximum is clamped, as pull's is (S6). */
export const AuditQuerySchema = z.object({
  limit: z.pipe(
    z._default(
      z.coerce
        .number()
        .check(z.refine<number>(Number.isSafeInteger, 'Expected a whole number'), z.positive()),
      AUDIT_DEFAULT_LIMIT,
    ),
    z.transform((n: number) => Math.min(n, AUDIT_MAX_LIMIT)),
  ),
});
export const AuditResponseSchema = z.object({ entries: z.array(AuditEntrySchema) });

/** The routes, so server and client name them once. */
export const ADMIN_ROUTES = {
  users: '/api/admin/users',
  userPassword: (userId: string) => `/api/admin/users/${userId}/password`,
  revokeDevice: (deviceId: string) => `/api/admin/devices/${deviceId}/revoke`,
  inspections: '/api/admin/inspections',
  inspectionTeam: (id: string) => `/api/admin/inspections/${id}/team`,
  inspectionStatus: (id: string) => `/api/admin/inspections/${id}/status`,
  inspectionRetention: (id: string) => `/api/admin/inspections/${id}/retention`,
  inspectionLegalHold: (id: string) => `/api/admin/inspections/${id}/legal-hold`,
  purge: '/api/admin/purge',
  inspectionContacts: (id: string) => `/api/admin/inspections/${id}/contacts`,
  settings: '/api/admin/settings',
  audit: '/api/admin/audit',
} as const;
