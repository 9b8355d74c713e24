import express, { type Router } from 'express';
import type { Clock } from '../../../src/domain/clock';
import { isoAt } from '../../../src/domain/clock';
import {
  API_PATHS,
  apiRoute,
  ERROR_CODES,
  LoginRequestSchema,
  type LoginResponse,
  type MeResponse,
} from '../../../src/domain/protocol';
import { burnPasswordCheck, verifyPassword } from '../auth/passwords';
import { newDeviceKey, readIdleLockMinutes } from '../auth/devices';
import { loginRetryAfterSeconds } from '../auth/rate-limit';
import { describeUserAgent } from '../auth/user-agent';
import {
  SESSION_LIFETIME_MS,
  authOf,
  deviceRevokedError,
  hashToken,
  newToken,
  requireAuth,
} from '../auth/sessions';
import { jsonBody, parseWith } from '../http/body';
import { httpError } from '../http/errors';
import type { Logger } from '../ops/logging';
import type { Store } from '../store/types';
import { inspectionsOf } from '../sync/me';

export const authRoutes = (store: Store, clock: Clock, logger: Logger): Router => {
  const router = express.Router();
  const auth = requireAuth(store, clock);
  const authToSend = requireAuth(store, clock, { retiredMaySend: true });

  router.post(apiRoute(API_PATHS.login), jsonBody(), async (req, res) => {
    const request = parseWith(LoginRequestSchema, req.body, 'sign-in request');
    // Usernames are stored lower-case by the admin CLI; a tablet may capitalise the first letter.
    const username = request.username.trim().toLowerCase();
    const password = request.password;
    const address = req.ip ?? 'unknown';
    const retryAfter = await loginRetryAfterSeconds(store, { username, address }, clock.now());
    if (retryAfter !== undefined) {
      throw httpError(
        ERROR_CODES.rateLimited,
        'Too many failed sign-ins: wait before trying again',
        { retryAfterSeconds: retryAfter },
        { 'Retry-After': String(retryAfter) },
      );
    }
    const user = await store.userByUsername(username);
    const ok = user
      ? await verifyPassword(password, user.passwordHash)
      : (await burnPasswordCheck(password), false);
    if (!user || !ok) {
      await store.audit([
        { at: isoAt(clock), kind: 'login-failed', username, address, userId: user?.id ?? null },
      ]);
      throw httpError(ERROR_CODES.unauthorized, 'Wrong username or password');
    }
    if (request.deviceId && (await store.deviceRevoked(user.id, request.deviceId))) {
      await store.audit([
        {
          at: isoAt(clock),
          kind: 'login-device-revoked',
          userId: user.id,
          username,
          address,
          detail: { deviceId: request.deviceId },
        },
      ]);
      // A revoked device gets no new session, however it was revoked: it has nothing it may send.
      const device = (await store.listDevices(user.id)).find(
        (d) => d.deviceId === request.deviceId,
      );
      throw deviceRevokedError(device?.revokeMode ?? 'lost');
    }
    const token = newToken();
    const now = clock.now();
    await store.insertSession({
      tokenHash: hashToken(token),
      userId: user.id,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + SESSION_LIFETIME_MS).toISOString(),
      deviceId: request.deviceId ?? null,
    });
    // DESIGN.md §5: the device's key is released only after this online sign-in.
    const device = request.deviceId
      ? {
          deviceId: request.deviceId,
          key: await store.deviceKey(
            user.id,
            request.deviceId,
            newDeviceKey(),
            isoAt(clock),
            describeUserAgent(req.get('user-agent')),
          ),
        }
      : undefined;
    await store.audit([
      {
        at: isoAt(clock),
        kind: 'login',
        userId: user.id,
        username,
        address,
        ...(device ? { detail: { deviceId: device.deviceId } } : {}),
      },
    ]);
    const body: LoginResponse = {
      token,
      user: {
        id: user.id,
        username: user.username,
        name: user.name,
        inspectorate: user.inspectorate,
        admin: user.admin,
      },
      ...(device ? { device } : {}),
    };
    res.json(body);
  });

  router.post(apiRoute(API_PATHS.logout), auth, async (req, res) => {
    const { user, tokenHash } = authOf(res);
    await store.revokeSession(tokenHash, isoAt(clock));
    await store.audit([
      {
        at: isoAt(clock),
        kind: 'logout',
        userId: user.id,
        username: user.username,
        address: req.ip ?? null,
      },
    ]);
    res.json({ ok: true });
  });

  // A retired device (issue 11 point 7) still learns which inspections it may send to, since the
  // app asks before it pushes; its pull and every other request tell it to wipe.
  router.get(apiRoute(API_PATHS.me), authToSend, async (_req, res) => {
    const { user } = authOf(res);
    // A framework file removed from the build: say so in the log rather than break sign-in.
    const { inspections, unavailable } = await inspectionsOf(store, user.id, (id, frameworkId) =>
      logger.error(`Inspection ${id} names unknown framework ${frameworkId}`),
    );
    const body: MeResponse = {
      user,
      settings: { idleLockMinutes: await readIdleLockMinutes(store) },
      inspections,
      unavailable,
    };
    res.json(body);
  });

  return router;
};
