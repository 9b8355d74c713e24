import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../src/domain/clock';
import { isoAt } from '../../../src/domain/clock';
import { INSPECTORATES } from '../../../src/domain/vocabulary';
import {
  REVOCATION_MODES,
  USERNAME_RULE,
  isValidPassword,
  isValidUsername,
  normaliseUsername,
  passwordRule,
} from '../../../src/domain/admin';
import { IDLE_LOCK_SETTING } from '../auth/devices';
import { hashPassword } from '../auth/passwords';
import type { AuditEntry, Store } from '../store/types';

/**
 * The coordinator's account commands (DESIGN.md §4.2) as plain functions over the store, so tests
 * call them too; inspection commands are in inspection-commands.ts.
 */
export class UsageError extends Error {
  /** The request field at fault, for the API's `details.issues` (empty: the request as a whole). */
  constructor(
    message: string,
    readonly path = '',
  ) {
    super(message);
  }
}

/**
 * Who ran a command, for the audit log's "who did what": the signed-in coordinator over HTTP;
 * absent at the CLI (whoever has the server's shell and database). The person acted on is in
 * `detail.target`.
 */
export type Actor = { userId: string; username: string; address: string | null };

export const auditBy = (actor: Actor | undefined) => ({
  userId: actor?.userId ?? null,
  username: actor?.username ?? null,
  address: actor?.address ?? null,
});
export const via = (actor: Actor | undefined) => (actor ? 'api' : 'cli');

/**
 * The audit entry of one coordinator's change: when, who (`auditBy`), what (`detail`), and
 * whether it came through the screens or the CLI (`via`, last in the detail).
 */
export const auditChange = (
  store: Store,
  clock: Clock,
  actor: Actor | undefined,
  kind: AuditEntry['kind'],
  detail: Record<string, unknown>,
): Promise<void> =>
  store.audit([
    { at: isoAt(clock), kind, ...auditBy(actor), detail: { ...detail, via: via(actor) } },
  ]);
const target = (user: { id: string; username: string }) => ({
  userId: user.id,
  username: user.username,
});

export const checkPassword = (password: string): string => {
  if (!isValidPassword(password)) throw new UsageError(passwordRule('The password'), 'password');
  return password;
};

const inspectorateId = (value: string): string => {
  const wanted = value.trim().toLowerCase();
  // "HMI Prisons" and "hmi-prisons" are the same inspectorate; so is the full label.
  const asId = wanted.replace(/\s+/g, '-');
  const found = INSPECTORATES.find(
    (i) => i.id === wanted || i.id === asId || i.label.toLowerCase() === wanted,
  );
  if (!found) {
    throw new UsageError(
      `Unknown inspectorate "${value}"; use one of: ${INSPECTORATES.map((i) => i.id).join(', ')}`,
    );
  }
  return found.id;
};

export type AddUserInput = {
  username: string;
  name: string;
  inspectorate: string;
  admin: boolean;
  password: string;
};

export const addUser = async (
  store: Store,
  clock: Clock,
  input: AddUserInput,
  actor?: Actor,
): Promise<string> => {
  const username = normaliseUsername(input.username);
  if (!isValidUsername(username)) throw new UsageError(USERNAME_RULE, 'username');
  if (!input.name.trim()) throw new UsageError('--name is required', 'name');
  const inspectorate = inspectorateId(input.inspectorate);
  const taken = () => new UsageError(`User "${username}" already exists`, 'username');
  if (await store.userByUsername(username)) throw taken();
  const id = randomUUID();
  try {
    await store.insertUser({
      id,
      username,
      name: input.name.trim(),
      inspectorate,
      admin: input.admin,
      passwordHash: await hashPassword(checkPassword(input.password)),
      createdAt: isoAt(clock),
    });
  } catch (error) {
    // Two coordinators adding the same name at once: the unique index decides, not a 500.
    if (await store.userByUsername(username)) throw taken();
    throw error;
  }
  await auditChange(store, clock, actor, 'user-added', {
    target: target({ id, username }),
    admin: input.admin,
  });
  return id;
};

export const setPassword = async (
  store: Store,
  clock: Clock,
  usernameIn: string,
  password: string,
  actor?: Actor,
): Promise<void> => {
  const username = usernameIn.trim().toLowerCase();
  const user = await store.userByUsername(username);
  if (!user) throw new UsageError(`Unknown user "${username}"`);
  await store.setPasswordHash(user.id, await hashPassword(checkPassword(password)));
  // A reset is often because a device was lost: every existing session ends with it. The device
  // keys stay, so the next online sign-in still unwraps the tablet's data (DESIGN.md §5).
  const revoked = await store.revokeUserSessions(user.id, isoAt(clock));
  await store.audit([
    {
      at: isoAt(clock),
      kind: 'password-reset',
      ...auditBy(actor),
      detail: { target: target(user), via: via(actor) },
    },
    {
      at: isoAt(clock),
      kind: 'session-revoked',
      ...auditBy(actor),
      detail: { target: target(user), sessions: revoked, via: via(actor) },
    },
  ]);
};

/** A lost or stolen tablet: every session of this user ends now; their password still works. */
export const revokeSessions = async (
  store: Store,
  clock: Clock,
  usernameIn: string,
): Promise<number> => {
  const username = usernameIn.trim().toLowerCase();
  const user = await store.userByUsername(username);
  if (!user) throw new UsageError(`Unknown user "${username}"`);
  const revoked = await store.revokeUserSessions(user.id, isoAt(clock));
  await store.audit([
    {
      at: isoAt(clock),
      kind: 'session-revoked',
      detail: { target: target(user), sessions: revoked, via: 'cli' },
    },
  ]);
  return revoked;
};

/**
 * A lost or stolen tablet: its key is never released again and its sessions get a 401 that tells
 * the app to wipe its data at next contact. Without `deviceId`, every device of the user.
 */
export const revokeDevice = async (
  store: Store,
  clock: Clock,
  usernameIn: string,
  deviceId: string | undefined,
  modeIn: string,
  actor?: Actor,
): Promise<number> => {
  const mode = REVOCATION_MODES.find((m) => m === modeIn);
  if (!mode) throw new UsageError(`The mode must be one of ${REVOCATION_MODES.join(', ')}`);
  const username = usernameIn.trim().toLowerCase();
  const user = await store.userByUsername(username);
  if (!user) throw new UsageError(`Unknown user "${username}"`);
  const devices = await store.listDevices(user.id);
  if (deviceId !== undefined && !devices.some((d) => d.deviceId === deviceId)) {
    throw new UsageError(`${username} has no device ${deviceId}; see \`list\``);
  }
  const revoked = await store.revokeDevices(user.id, deviceId, isoAt(clock), mode);
  await auditChange(store, clock, actor, 'device-revoked', {
    target: target(user),
    deviceId: deviceId ?? 'all',
    mode,
    revoked,
  });
  return revoked;
};

/** Device policy (DESIGN.md §5): minutes of idle time before the app locks, sent with /api/me. */
export const setIdleLock = async (
  store: Store,
  clock: Clock,
  minutesIn: string | number,
  actor?: Actor,
): Promise<number> => {
  const minutes = Number(minutesIn);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_IDLE_LOCK_MINUTES) {
    throw new UsageError(
      `Idle lock must be a whole number of minutes from 1 to ${MAX_IDLE_LOCK_MINUTES}`,
    );
  }
  const before = await store.setting(IDLE_LOCK_SETTING);
  await store.setSetting(IDLE_LOCK_SETTING, String(minutes));
  await auditChange(store, clock, actor, 'settings-changed', {
    idleLockMinutes: minutes,
    before: before === undefined ? null : Number(before),
  });
  return minutes;
};
export const MAX_IDLE_LOCK_MINUTES = 240; // longer than a morning unattended defeats the lock

export const listAll = async (store: Store): Promise<string[]> => {
  const lines = ['Users:'];
  for (const u of await store.listUsers()) {
    const devices = (await store.listDevices(u.id)).map(
      (d) =>
        `${d.deviceId}${d.description ? `\t${d.description}` : ''}\tlast seen ${d.lastSeenAt ?? 'never'}${d.revokedAt ? `\t(revoked: ${d.revokeMode ?? 'lost'})` : ''}`,
    );
    lines.push(`  ${u.username}\t${u.name}\t${u.inspectorate}${u.admin ? '\tadmin' : ''}\t${u.id}`);
    for (const device of devices) lines.push(`    device ${device}`);
  }
  lines.push('Inspections:');
  for (const i of await store.listInspections()) {
    lines.push(`  ${i.id}\t${i.frameworkId}\t${i.area}\t${i.startsOn}..${i.endsOn}\t${i.status}`);
    for (const m of i.team) lines.push(`    ${m.role}\t${m.name}\t${m.inspectorate}`);
  }
  return lines;
};
