import { createHash, randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { RevocationMode } from '../../../src/domain/admin';
import type { Clock } from '../../../src/domain/clock';
import { isoAt } from '../../../src/domain/clock';
import { ERROR_CODES, type User } from '../../../src/domain/protocol';
import { httpError } from '../http/errors';
import type { Store } from '../store/types';

/** Sessions outlive a two-week fieldwork period with room to spare (DESIGN.md §5). */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const newToken = (): string => randomBytes(TOKEN_BYTES).toString('base64url');
export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

export type AuthContext = { user: User; tokenHash: string };

const bearer = (header: string | undefined): string | undefined => {
  const match = /^Bearer (\S+)$/i.exec(header ?? '');
  return match?.[1] && TOKEN_PATTERN.test(match[1]) ? match[1] : undefined;
};

/** `details.reason` of a 401 for a revoked device: the app wipes its local data on it. */
export const DEVICE_REVOKED_REASON = 'device-revoked';

/** `details.mode` says how: the app wipes at once ('lost') or has already sent its work ('retired'). */
export const deviceRevokedError = (mode: RevocationMode) =>
  httpError(
    ERROR_CODES.unauthorized,
    'A coordinator has revoked this device',
    { reason: DEVICE_REVOKED_REASON, mode },
    { 'WWW-Authenticate': 'Bearer' },
  );

type Authentication =
  { ok: true; auth: AuthContext } | { ok: false; deviceRevoked: RevocationMode | null };

/** Looks the token up on every request: a revoked session or changed team takes effect at once. */
export const authenticate = async (
  store: Store,
  clock: Clock,
  header: string | undefined,
): Promise<Authentication> => {
  const token = bearer(header);
  if (!token) return { ok: false, deviceRevoked: null };
  const tokenHash = hashToken(token);
  const user = await store.sessionUser(tokenHash, isoAt(clock));
  if (user) return { ok: true, auth: { user, tokenHash } };
  // Only on the failure path: say why when the reason is one the app must act on.
  return { ok: false, deviceRevoked: await store.sessionDeviceRevoked(tokenHash) };
};

/**
 * A device's "last seen" (the coordinator's user list) is written at most once a minute per
 * session: remembered here per store so the hot sync path does not write on every request, and
 * conditioned in SQL so several server processes do not either.
 */
const LAST_SEEN_RESOLUTION_MS = 60_000;
const lastTouched = new WeakMap<Store, Map<string, number>>();

const touchDevice = async (store: Store, clock: Clock, tokenHash: string): Promise<void> => {
  let touched = lastTouched.get(store);
  if (!touched) lastTouched.set(store, (touched = new Map()));
  // One entry per live session; forgetting them all only costs one extra conditional write each.
  if (touched.size > 10_000) touched.clear();
  const now = clock.now();
  const last = touched.get(tokenHash);
  if (last !== undefined && now - last < LAST_SEEN_RESOLUTION_MS) return;
  touched.set(tokenHash, now);
  try {
    await store.touchSessionDevice(
      tokenHash,
      new Date(now).toISOString(),
      new Date(now - LAST_SEEN_RESOLUTION_MS).toISOString(),
    );
  } catch {
    // Bookkeeping only: a busy database must never fail the request it rides on.
  }
};

/**
 * S10: 401 is decided before the body is even read, so it comes before any validation error.
 * `retiredMaySend`: a device retired by a coordinator may still push its unsent work (and read
 * /api/me, which says where it may push); every other request tells it to wipe.
 */
export const requireAuth =
  (store: Store, clock: Clock, { retiredMaySend = false } = {}): RequestHandler =>
  async (req, res, next) => {
    let result = await authenticate(store, clock, req.headers.authorization);
    if (!result.ok && result.deviceRevoked === 'retired' && retiredMaySend) {
      const tokenHash = hashToken(bearer(req.headers.authorization) ?? '');
      const user = await store.retiringSessionUser(tokenHash, isoAt(clock));
      if (user) result = { ok: true, auth: { user, tokenHash } };
    }
    if (result.ok) await touchDevice(store, clock, result.auth.tokenHash);
    if (!result.ok) {
      next(
        result.deviceRevoked
          ? deviceRevokedError(result.deviceRevoked)
          : httpError(
              ERROR_CODES.unauthorized,
              'Sign in again: the session is missing, expired or ended',
              undefined,
              { 'WWW-Authenticate': 'Bearer' },
            ),
      );
      return;
    }
    res.locals.auth = result.auth;
    next();
  };

export const authOf = (res: Response): AuthContext => {
  const auth: unknown = res.locals.auth;
  if (!auth) throw new Error('requireAuth must run before this handler');
  return auth as AuthContext;
};
