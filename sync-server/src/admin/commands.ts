import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../src/domain/clock';
import { isoAt } from '../../../src/domain/clock';
import { FRAMEWORKS, frameworkById } from '../../../src/domain/frameworks';
import { INSPECTION_STATUS_IDS, INSPECTORATES } from '../../../src/domain/vocabulary';
import { IDLE_LOCK_SETTING } from '../auth/devices';
import { MIN_PASSWORD_CHARS, hashPassword } from '../auth/passwords';
import type { InspectionRecord, Store, TeamMemberRecord } from '../store/types';

/** The coordinator's commands (DESIGN.md §4.2) as plain functions over the store, so tests call them too. */
export class UsageError extends Error {}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,99}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export const checkPassword = (password: string): string => {
  if (password.length < MIN_PASSWORD_CHARS) {
    throw new UsageError(`The password must have at least ${MIN_PASSWORD_CHARS} characters`);
  }
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

const isoDate = (value: string, flag: string): string => {
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (!DATE.test(value) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${flag} must be a date like 2026-03-02, got "${value}"`);
  }
  return value;
};

export type AddUserInput = {
  username: string;
  name: string;
  inspectorate: string;
  admin: boolean;
  password: string;
};

export const addUser = async (store: Store, clock: Clock, input: AddUserInput): Promise<string> => {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw new UsageError(
      'The username must be letters, digits, dots, dashes or @, starting with a letter or digit',
    );
  }
  if (!input.name.trim()) throw new UsageError('--name is required');
  const inspectorate = inspectorateId(input.inspectorate);
  if (await store.userByUsername(username))
    throw new UsageError(`User "${username}" already exists`);
  const id = randomUUID();
  await store.insertUser({
    id,
    username,
    name: input.name.trim(),
    inspectorate,
    admin: input.admin,
    passwordHash: await hashPassword(checkPassword(input.password)),
    createdAt: isoAt(clock),
  });
  await store.audit([{ at: isoAt(clock), kind: 'user-added', userId: id, username }]);
  return id;
};

export const setPassword = async (
  store: Store,
  clock: Clock,
  usernameIn: string,
  password: string,
): Promise<void> => {
  const username = usernameIn.trim().toLowerCase();
  const user = await store.userByUsername(username);
  if (!user) throw new UsageError(`Unknown user "${username}"`);
  await store.setPasswordHash(user.id, await hashPassword(checkPassword(password)));
  // A reset is often because a device was lost: every existing session ends with it.
  const revoked = await store.revokeUserSessions(user.id, isoAt(clock));
  await store.audit([
    { at: isoAt(clock), kind: 'password-set', userId: user.id, username },
    {
      at: isoAt(clock),
      kind: 'session-revoked',
      userId: user.id,
      username,
      detail: { sessions: revoked },
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
      userId: user.id,
      username,
      detail: { sessions: revoked },
    },
  ]);
  return revoked;
};

/** Device policy (DESIGN.md §5): minutes of idle time before the app locks, sent with /api/me. */
export const setIdleLock = async (store: Store, minutesIn: string): Promise<number> => {
  const minutes = Number(minutesIn);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_IDLE_LOCK_MINUTES) {
    throw new UsageError(
      `Idle lock must be a whole number of minutes from 1 to ${MAX_IDLE_LOCK_MINUTES}`,
    );
  }
  await store.setSetting(IDLE_LOCK_SETTING, String(minutes));
  return minutes;
};
const MAX_IDLE_LOCK_MINUTES = 240; // longer than a morning unattended defeats the lock

export type AddInspectionInput = {
  framework: string;
  area: string;
  starts: string;
  ends?: string | undefined;
  status?: string | undefined;
  lead: string;
  members: string[];
};

export const addInspection = async (
  store: Store,
  clock: Clock,
  input: AddInspectionInput,
): Promise<string> => {
  const framework = frameworkById(input.framework);
  if (!framework) {
    throw new UsageError(
      `Unknown framework "${input.framework}"; use one of: ${FRAMEWORKS.map((f) => f.id).join(', ')}`,
    );
  }
  const area = input.area.trim();
  if (!area || area.length > 200)
    throw new UsageError('--area is required (the local authority, up to 200 characters)');
  const startsOn = isoDate(input.starts, '--starts');
  const endsOn = input.ends
    ? isoDate(input.ends, '--ends')
    : new Date(Date.parse(`${startsOn}T00:00:00Z`) + (framework.fieldworkWeeks * 7 - 1) * DAY_MS)
        .toISOString()
        .slice(0, 10);
  if (endsOn < startsOn) throw new UsageError('--ends must not be before --starts');
  const status = input.status ?? 'planned';
  if (!(INSPECTION_STATUS_IDS as readonly string[]).includes(status)) {
    throw new UsageError(`--status must be one of: ${INSPECTION_STATUS_IDS.join(', ')}`);
  }
  const id = randomUUID();
  const lookup = async (
    username: string,
    role: TeamMemberRecord['role'],
  ): Promise<TeamMemberRecord> => {
    const user = await store.userByUsername(username.trim().toLowerCase());
    if (!user) throw new UsageError(`Unknown user "${username}"; add them first with add-user`);
    return { inspectionId: id, userId: user.id, role };
  };
  const lead = await lookup(input.lead, 'lead');
  const team = [lead];
  for (const username of input.members) {
    const member = await lookup(username, 'inspector');
    if (!team.some((m) => m.userId === member.userId)) team.push(member);
  }
  const inspection: InspectionRecord = {
    id,
    frameworkId: framework.id,
    area,
    startsOn,
    endsOn,
    status: status as InspectionRecord['status'],
  };
  await store.insertInspection(inspection, team);
  await store.audit([
    {
      at: isoAt(clock),
      kind: 'inspection-added',
      detail: { inspectionId: id, area, team: team.length },
    },
  ]);
  return id;
};

const inspectionOf = async (store: Store, inspectionId: string) => {
  const found = (await store.listInspections()).find((i) => i.id === inspectionId.trim());
  if (!found) throw new UsageError(`Unknown inspection "${inspectionId}"; see \`list\``);
  return found;
};

/** Teams change mid-inspection (HMI Prisons joins, a lead hands over); sync follows at once. */
export const setMember = async (
  store: Store,
  clock: Clock,
  input: { inspection: string; username: string; role: string },
): Promise<void> => {
  const role = input.role;
  if (role !== 'lead' && role !== 'inspector')
    throw new UsageError('--role must be lead or inspector');
  const inspection = await inspectionOf(store, input.inspection);
  const user = await store.userByUsername(input.username.trim().toLowerCase());
  if (!user) throw new UsageError(`Unknown user "${input.username}"; add them first with add-user`);
  await store.setTeamMember({ inspectionId: inspection.id, userId: user.id, role });
  await store.audit([
    {
      at: isoAt(clock),
      kind: 'team-changed',
      userId: user.id,
      detail: { inspectionId: inspection.id, member: user.username, role },
    },
  ]);
};

export const setStatus = async (
  store: Store,
  clock: Clock,
  input: { inspection: string; status: string },
): Promise<void> => {
  const inspection = await inspectionOf(store, input.inspection);
  if (!(INSPECTION_STATUS_IDS as readonly string[]).includes(input.status)) {
    throw new UsageError(`--status must be one of: ${INSPECTION_STATUS_IDS.join(', ')}`);
  }
  await store.setInspectionStatus(inspection.id, input.status as InspectionRecord['status']);
  await store.audit([
    {
      at: isoAt(clock),
      kind: 'inspection-status',
      detail: { inspectionId: inspection.id, status: input.status },
    },
  ]);
};

export const listAll = async (store: Store): Promise<string[]> => {
  const lines = ['Users:'];
  for (const u of await store.listUsers()) {
    lines.push(`  ${u.username}\t${u.name}\t${u.inspectorate}${u.admin ? '\tadmin' : ''}\t${u.id}`);
  }
  lines.push('Inspections:');
  for (const i of await store.listInspections()) {
    lines.push(`  ${i.id}\t${i.frameworkId}\t${i.area}\t${i.startsOn}..${i.endsOn}\t${i.status}`);
    for (const m of i.team) lines.push(`    ${m.role}\t${m.name}\t${m.inspectorate}`);
  }
  return lines;
};
