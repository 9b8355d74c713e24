import * as z from 'zod/mini';
import { SafeguardingContactsSchema } from './contacts';
import { InspectionSchema, SettingsSchema, UserSchema } from './protocol';
import { INSPECTION_STATUS_IDS, INSPECTORATE_IDS, TEAM_ROLE_IDS } from './vocabulary';

/**
 * The coordinator's API (`/api/admin/*`, admins only; DESIGN.md §1, issue 5): users, password
 * resets, devices, inspections and teams, the idle-lock policy and the audit log. The same
 * schemas validate requests on the server and responses in the coordinator screens.
 */
const password = z.string().check(z.minLength(10), z.maxLength(1000));

export const AdminDeviceSchema = z.object({
  deviceId: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.nullable(z.string()),
  revokedAt: z.nullable(z.string()),
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
  username: z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[a-z0-9._-]+$/i)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  inspectorate: z.enum(INSPECTORATE_IDS),
  admin: z.boolean(),
  password,
});
export const ResetPasswordRequestSchema = z.strictObject({ password });
export const RevokeDeviceRequestSchema = z.strictObject({ userId: z.uuid() });

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
  inspectionContacts: (id: string) => `/api/admin/inspections/${id}/contacts`,
  settings: '/api/admin/settings',
  audit: '/api/admin/audit',
} as const;
