import {
  ADMIN_ROUTES,
  AdminInspectionsResponseSchema,
  AdminUserResponseSchema,
  AdminUsersResponseSchema,
  AuditResponseSchema,
  InspectionResponseSchema,
  PurgeResponseSchema,
  SettingsResponseSchema,
  type AdminUser,
  type AuditEntrySchema,
  type CreateInspectionRequestSchema,
  type CreateUserRequestSchema,
  type Inspection,
  type LegalHoldRequestSchema,
  type RevocationMode,
  type SetContactsRequestSchema,
  type SetStatusRequestSchema,
  type SetTeamRequestSchema,
  type SettingsRequestSchema,
} from '../domain';
import * as z from 'zod/mini';

/** One JSON request of `createHttpTransport`, its answer parsed with the schema; a failure is a TransportError. */
export type JsonRequest = <S extends z.ZodMiniType>(
  path: string,
  schema: S,
  init?: RequestInit & { token?: string },
) => Promise<{ data: z.infer<S>; response: Response }>;

/** The coordinator's API (`src/domain/admin.ts`): each method parses the answer with the shared schema. */
export type AdminTransport = {
  listUsers(token: string): Promise<AdminUser[]>;
  createUser(token: string, request: z.infer<typeof CreateUserRequestSchema>): Promise<AdminUser>;
  /** Also ends the user's sessions; their next online sign-in recovers each device's data. */
  resetPassword(token: string, userId: string, password: string): Promise<void>;
  /** The device wipes its Fieldbook data on its next contact with the server. */
  revokeDevice(
    token: string,
    userId: string,
    deviceId: string,
    mode: RevocationMode,
  ): Promise<void>;
  listInspections(token: string): Promise<Inspection[]>;
  createInspection(
    token: string,
    request: z.infer<typeof CreateInspectionRequestSchema>,
  ): Promise<Inspection>;
  setTeam(
    token: string,
    inspectionId: string,
    request: z.infer<typeof SetTeamRequestSchema>,
  ): Promise<Inspection>;
  setStatus(
    token: string,
    inspectionId: string,
    status: z.infer<typeof SetStatusRequestSchema>['status'],
  ): Promise<Inspection>;
  /** §4.3: a retention date (YYYY-MM-DD), or null for the default. */
  setRetention(
    token: string,
    inspectionId: string,
    retainUntil: string | null,
  ): Promise<Inspection>;
  legalHold(
    token: string,
    inspectionId: string,
    request: z.infer<typeof LegalHoldRequestSchema>,
  ): Promise<Inspection>;
  purge(token: string): Promise<z.infer<typeof PurgeResponseSchema>['purged']>;
  /** The whole set of the authority's safeguarding numbers; one left out is cleared. */
  setContacts(
    token: string,
    inspectionId: string,
    contacts: z.infer<typeof SetContactsRequestSchema>,
  ): Promise<Inspection>;
  getSettings(token: string): Promise<AdminSettings>;
  setSettings(
    token: string,
    request: z.infer<typeof SettingsRequestSchema>,
  ): Promise<AdminSettings>;
  audit(token: string): Promise<z.infer<typeof AuditEntrySchema>[]>;
};
export type AdminSettings = z.infer<typeof SettingsResponseSchema>;

export const createAdminTransport = (request: JsonRequest): AdminTransport => {
  // Answers the contract leaves unspecified (a reset, a revocation) are not relied on.
  const Anything = z.unknown();
  const send = (method: 'POST' | 'PUT', token: string, body: unknown) => ({
    method,
    token,
    body: JSON.stringify(body),
  });
  /** Every coordinator change to an inspection answers with the inspection as it now stands. */
  const changeInspection = async (
    path: string,
    method: 'POST' | 'PUT',
    token: string,
    body: unknown,
  ) => (await request(path, InspectionResponseSchema, send(method, token, body))).data.inspection;
  const admin: AdminTransport = {
    listUsers: async (token) =>
      (await request(ADMIN_ROUTES.users, AdminUsersResponseSchema, { token })).data.users,
    createUser: async (token, body) =>
      (await request(ADMIN_ROUTES.users, AdminUserResponseSchema, send('POST', token, body))).data
        .user,
    resetPassword: async (token, userId, password) => {
      await request(ADMIN_ROUTES.userPassword(userId), Anything, send('POST', token, { password }));
    },
    revokeDevice: async (token, userId, deviceId, mode) => {
      await request(
        ADMIN_ROUTES.revokeDevice(deviceId),
        Anything,
        send('POST', token, { userId, mode }),
      );
    },
    listInspections: async (token) =>
      (await request(ADMIN_ROUTES.inspections, AdminInspectionsResponseSchema, { token })).data
        .inspections,
    createInspection: async (token, body) =>
      changeInspection(ADMIN_ROUTES.inspections, 'POST', token, body),
    setTeam: async (token, id, body) =>
      changeInspection(ADMIN_ROUTES.inspectionTeam(id), 'PUT', token, body),
    setRetention: async (token, id, retainUntil) =>
      changeInspection(ADMIN_ROUTES.inspectionRetention(id), 'PUT', token, { retainUntil }),
    legalHold: async (token, id, body) =>
      changeInspection(ADMIN_ROUTES.inspectionLegalHold(id), 'POST', token, body),
    purge: async (token) =>
      (await request(ADMIN_ROUTES.purge, PurgeResponseSchema, send('POST', token, {}))).data.purged,
    setStatus: async (token, id, status) =>
      changeInspection(ADMIN_ROUTES.inspectionStatus(id), 'PUT', token, { status }),
    setContacts: async (token, id, contacts) =>
      changeInspection(ADMIN_ROUTES.inspectionContacts(id), 'PUT', token, contacts),
    getSettings: async (token) =>
      (await request(ADMIN_ROUTES.settings, SettingsResponseSchema, { token })).data,
    setSettings: async (token, body) =>
      (await request(ADMIN_ROUTES.settings, SettingsResponseSchema, send('PUT', token, body))).data,
    audit: async (token) =>
      (await request(ADMIN_ROUTES.audit, AuditResponseSchema, { token })).data.entries,
  };
  return admin;
};
