import express, { type Request, type Response, type Router } from 'express';
import type * as z from 'zod/mini';
import {
  ADMIN_ROUTES,
  AuditQuerySchema,
  CreateInspectionRequestSchema,
  CreateUserRequestSchema,
  LegalHoldRequestSchema,
  ResetPasswordRequestSchema,
  RevokeDeviceRequestSchema,
  SetRetentionRequestSchema,
  SetStatusRequestSchema,
  SetTeamRequestSchema,
  SettingsRequestSchema,
  type AdminInspectionsResponseSchema,
  type AdminUser,
  type AdminUserResponseSchema,
  type AdminUsersResponseSchema,
  type AuditResponseSchema,
  type InspectionResponseSchema,
  type PurgeResponseSchema,
  type SettingsResponseSchema,
} from '../../../src/domain/admin';
import type { Clock } from '../../../src/domain/clock';
import { isUuid } from '../../../src/domain/ids';
import { ERROR_CODES } from '../../../src/domain/protocol';
import {
  UsageError,
  addUser,
  revokeDevice,
  setIdleLock,
  setPassword,
  type Actor,
} from '../admin/commands';
import { addInspection, setStatus, setTeam } from '../admin/inspection-commands';
import { liftLegalHold, purgeDue, setLegalHold, setRetention } from '../admin/retention-commands';
import { readIdleLockMinutes } from '../auth/devices';
import { authOf, requireAuth } from '../auth/sessions';
import { jsonBody, parseWith } from '../http/body';
import { badRequest, httpError } from '../http/errors';
import type { Store, UserRecord } from '../store/types';

/**
 * The coordinator's API (src/domain/admin.ts, issue 5): admins only, online only. Each change
 * runs the same command as the CLI (src/admin/), so both validate and audit alike; the audit
 * entry names the signed-in coordinator as the one who did it.
 */

/** ADMIN_ROUTES are full paths; this router is mounted under /api. */
const path = (full: string): string => full.replace(/^\/api/, '');
const ADMIN_PREFIX = path(ADMIN_ROUTES.users).replace(/\/users$/, '');

const actorOf = (req: Request, res: Response): Actor => {
  const { user } = authOf(res);
  return { userId: user.id, username: user.username, address: req.ip ?? null };
};

/** A command's refusal (a taken username, a team with no lead…) is the request's fault: 400. */
const command = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UsageError)
      throw badRequest(error.message, [{ path: error.path, message: error.message }]);
    throw error;
  }
};

const uuidParam = (value: string | string[] | undefined, what: string): string => {
  if (typeof value !== 'string' || !isUuid(value))
    throw httpError(ERROR_CODES.notFound, `No such ${what}`);
  return value;
};

export const adminRoutes = (store: Store, clock: Clock): Router => {
  const router = express.Router();

  // Every /api/admin path, known or not: 401 before anything (S10), then 403 for non-admins,
  // before a body is read.
  router.use(ADMIN_PREFIX, requireAuth(store, clock), (_req, res, next) => {
    next(
      authOf(res).user.admin
        ? undefined
        : httpError(ERROR_CODES.forbidden, 'Only a coordinator may use this'),
    );
  });

  const adminUser = async (u: UserRecord): Promise<AdminUser> => ({
    // Picked field by field: the password hash never leaves the server.
    id: u.id,
    username: u.username,
    name: u.name,
    inspectorate: u.inspectorate,
    admin: u.admin,
    createdAt: u.createdAt,
    devices: await store.listDevices(u.id),
  });
  const userOr404 = async (id: string | string[] | undefined): Promise<UserRecord> => {
    const user = await store.userById(uuidParam(id, 'user'));
    if (!user) throw httpError(ERROR_CODES.notFound, 'No such user');
    return user;
  };
  const inspectionOr404 = async (id: string | string[] | undefined) => {
    const inspection = await store.inspectionById(uuidParam(id, 'inspection'));
    if (!inspection) throw httpError(ERROR_CODES.notFound, 'No such inspection');
    return inspection;
  };
  const inspectionBody = async (id: string): Promise<z.infer<typeof InspectionResponseSchema>> => {
    const inspection = await store.inspectionById(id);
    if (!inspection) throw httpError(ERROR_CODES.notFound, 'No such inspection');
    return { inspection };
  };

  router.get(path(ADMIN_ROUTES.users), async (_req, res) => {
    const users = await Promise.all((await store.listUsers()).map(adminUser));
    const body: z.infer<typeof AdminUsersResponseSchema> = { users };
    res.json(body);
  });

  router.post(path(ADMIN_ROUTES.users), jsonBody(), async (req, res) => {
    const request = parseWith(CreateUserRequestSchema, req.body, 'new user');
    const id = await command(() => addUser(store, clock, request, actorOf(req, res)));
    const user = await store.userById(id);
    if (!user) throw new Error(`User ${id} vanished right after it was added`);
    const body: z.infer<typeof AdminUserResponseSchema> = { user: await adminUser(user) };
    res.status(201).json(body);
  });

  router.post(path(ADMIN_ROUTES.userPassword(':id')), jsonBody(), async (req, res) => {
    const user = await userOr404(req.params.id);
    const { password } = parseWith(ResetPasswordRequestSchema, req.body, 'password reset');
    // Ends every session; the device keys stay, so the next online sign-in recovers the tablet.
    await command(() => setPassword(store, clock, user.username, password, actorOf(req, res)));
    res.json({ ok: true });
  });

  router.post(path(ADMIN_ROUTES.revokeDevice(':deviceId')), jsonBody(), async (req, res) => {
    const { userId, mode } = parseWith(RevokeDeviceRequestSchema, req.body, 'device revocation');
    const user = await userOr404(userId);
    const deviceId = req.params.deviceId;
    const devices = await store.listDevices(user.id);
    if (typeof deviceId !== 'string' || !devices.some((d) => d.deviceId === deviceId)) {
      throw httpError(ERROR_CODES.notFound, 'This user has no such device');
    }
    const revoked = await command(() =>
      revokeDevice(store, clock, user.username, deviceId, mode, actorOf(req, res)),
    );
    res.json({ ok: true, revoked });
  });

  router.get(path(ADMIN_ROUTES.inspections), async (_req, res) => {
    const body: z.infer<typeof AdminInspectionsResponseSchema> = {
      inspections: await store.listInspections(),
    };
    res.json(body);
  });

  router.post(path(ADMIN_ROUTES.inspections), jsonBody(), async (req, res) => {
    const request = parseWith(CreateInspectionRequestSchema, req.body, 'new inspection');
    const usernameOf = async (userId: string, at: string) => {
      const user = await store.userById(userId);
      if (!user)
        throw badRequest('The new inspection names an unknown user', [
          { path: at, message: 'Unknown user' },
        ]);
      return user.username;
    };
    const lead = await usernameOf(request.leadUserId, 'leadUserId');
    const members: string[] = [];
    for (const [i, userId] of request.memberUserIds.entries())
      members.push(await usernameOf(userId, `memberUserIds.${i}`));
    const id = await command(() =>
      addInspection(
        store,
        clock,
        {
          framework: request.frameworkId,
          area: request.area,
          starts: request.startsOn,
          ends: request.endsOn,
          lead,
          members,
        },
        actorOf(req, res),
      ),
    );
    res.status(201).json(await inspectionBody(id));
  });

  router.put(path(ADMIN_ROUTES.inspectionTeam(':id')), jsonBody(), async (req, res) => {
    const inspection = await inspectionOr404(req.params.id);
    const { members } = parseWith(SetTeamRequestSchema, req.body, 'team');
    await command(() =>
      setTeam(store, clock, { inspection: inspection.id, members }, actorOf(req, res)),
    );
    res.json(await inspectionBody(inspection.id));
  });

  router.put(path(ADMIN_ROUTES.inspectionStatus(':id')), jsonBody(), async (req, res) => {
    const inspection = await inspectionOr404(req.params.id);
    const { status } = parseWith(SetStatusRequestSchema, req.body, 'status');
    await command(() =>
      setStatus(store, clock, { inspection: inspection.id, status }, actorOf(req, res)),
    );
    res.json(await inspectionBody(inspection.id));
  });

  router.put(path(ADMIN_ROUTES.inspectionRetention(':id')), jsonBody(), async (req, res) => {
    const inspection = await inspectionOr404(req.params.id);
    const { retainUntil } = parseWith(SetRetentionRequestSchema, req.body, 'retention date');
    await command(() =>
      setRetention(
        store,
        clock,
        { inspection: inspection.id, until: retainUntil },
        actorOf(req, res),
      ),
    );
    res.json(await inspectionBody(inspection.id));
  });

  router.post(path(ADMIN_ROUTES.inspectionLegalHold(':id')), jsonBody(), async (req, res) => {
    const inspection = await inspectionOr404(req.params.id);
    const { action, reason } = parseWith(LegalHoldRequestSchema, req.body, 'legal hold');
    const change = action === 'set' ? setLegalHold : liftLegalHold;
    await command(() =>
      change(store, clock, { inspection: inspection.id, reason }, actorOf(req, res)),
    );
    res.json(await inspectionBody(inspection.id));
  });

  router.post(path(ADMIN_ROUTES.purge), async (req, res) => {
    const purged = await purgeDue(store, clock, actorOf(req, res));
    const body: z.infer<typeof PurgeResponseSchema> = { purged };
    res.json(body);
  });

  router.get(path(ADMIN_ROUTES.settings), async (_req, res) => {
    const body: z.infer<typeof SettingsResponseSchema> = {
      idleLockMinutes: await readIdleLockMinutes(store),
    };
    res.json(body);
  });

  router.put(path(ADMIN_ROUTES.settings), jsonBody(), async (req, res) => {
    const request = parseWith(SettingsRequestSchema, req.body, 'settings');
    const idleLockMinutes = await command(() =>
      setIdleLock(store, clock, request.idleLockMinutes, actorOf(req, res)),
    );
    const body: z.infer<typeof SettingsResponseSchema> = { idleLockMinutes };
    res.json(body);
  });

  router.get(path(ADMIN_ROUTES.audit), async (req, res) => {
    const { limit } = parseWith(AuditQuerySchema, req.query, 'audit query');
    const body: z.infer<typeof AuditResponseSchema> = { entries: await store.auditEntries(limit) };
    res.json(body);
  });

  return router;
};
