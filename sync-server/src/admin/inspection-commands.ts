import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../src/domain/clock';
import { isoAt } from '../../../src/domain/clock';
import { FRAMEWORKS, frameworkById } from '../../../src/domain/frameworks';
import { INSPECTION_STATUS_IDS } from '../../../src/domain/vocabulary';
import {
  SAFEGUARDING_CONTACTS,
  SafeguardingContactsSchema,
  type SafeguardingContacts,
} from '../../../src/domain/contacts';
import type { InspectionRecord, Store, TeamMemberRecord } from '../store/types';
import { UsageError, auditChange, type Actor } from './commands';

/** The coordinator's inspection commands (DESIGN.md §4.2): set-up, team changes, status. */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export const isoDate = (value: string, flag: string, field: string): string => {
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (!DATE.test(value) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${flag} must be a date like 2026-03-02, got "${value}"`, field);
  }
  return value;
};

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
  actor?: Actor,
): Promise<string> => {
  const framework = frameworkById(input.framework);
  if (!framework) {
    throw new UsageError(
      `Unknown framework "${input.framework}"; use one of: ${FRAMEWORKS.map((f) => f.id).join(', ')}`,
      'frameworkId',
    );
  }
  const area = input.area.trim();
  if (!area || area.length > 200)
    throw new UsageError(
      'The area (--area) is required: the local authority, up to 200 characters',
      'area',
    );
  const startsOn = isoDate(input.starts, '--starts', 'startsOn');
  const endsOn = input.ends
    ? isoDate(input.ends, '--ends', 'endsOn')
    : new Date(Date.parse(`${startsOn}T00:00:00Z`) + (framework.fieldworkWeeks * 7 - 1) * DAY_MS)
        .toISOString()
        .slice(0, 10);
  if (endsOn < startsOn)
    throw new UsageError('The end date (--ends) must not be before the start (--starts)', 'endsOn');
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
  await auditChange(store, clock, actor, 'inspection-added', {
    inspectionId: id,
    frameworkId: framework.id,
    area,
    team: team.map((m) => ({ userId: m.userId, role: m.role })),
  });
  return id;
};

export const inspectionOf = async (store: Store, inspectionId: string) => {
  const found = await store.inspectionById(inspectionId.trim());
  if (!found) throw new UsageError(`Unknown inspection "${inspectionId}"; see \`list\``);
  return found;
};

/**
 * Teams change mid-inspection (HMI Prisons joins, a lead hands over); sync follows at once. An
 * inspection has one lead (S8 speaks of "the lead": reviews, judgements, closing concerns):
 * making someone the lead hands the role over, and the lead is made an inspector only by making
 * someone else the lead. Resolves to what to tell the coordinator.
 */
export const setMember = async (
  store: Store,
  clock: Clock,
  input: { inspection: string; username: string; role: string },
): Promise<string> => {
  const role = input.role;
  if (role !== 'lead' && role !== 'inspector')
    throw new UsageError('--role must be lead or inspector');
  const inspection = await inspectionOf(store, input.inspection);
  const user = await store.userByUsername(input.username.trim().toLowerCase());
  if (!user) throw new UsageError(`Unknown user "${input.username}"; add them first with add-user`);
  const change = await store.setTeamMember({ inspectionId: inspection.id, userId: user.id, role });
  if (change.status === 'needs-a-lead')
    throw new UsageError(
      `${user.username} is the lead of the ${inspection.area} inspection and it needs one: make another member the lead (--role lead), which makes ${user.username} an inspector`,
    );
  const nameOf = (userId: string) => inspection.team.find((m) => m.userId === userId)?.name;
  const demoted = change.demoted.map((userId) => ({ userId, name: nameOf(userId) ?? userId }));
  await store.audit([
    {
      at: isoAt(clock),
      kind: 'team-changed',
      detail: {
        inspectionId: inspection.id,
        target: { userId: user.id, username: user.username },
        role,
        ...(demoted.length > 0 ? { demoted: demoted.map((m) => m.userId) } : {}),
        via: 'cli',
      },
    },
  ]);
  const now = `${user.username} is now on the ${inspection.area} team as ${role}`;
  return demoted.length === 0
    ? now
    : `${now}; ${demoted.map((m) => m.name).join(' and ')}, who led it, ${demoted.length === 1 ? 'is' : 'are'} now ${demoted.length === 1 ? 'an inspector' : 'inspectors'} (an inspection has one lead)`;
};

export const setStatus = async (
  store: Store,
  clock: Clock,
  input: { inspection: string; status: string },
  actor?: Actor,
): Promise<void> => {
  const inspection = await inspectionOf(store, input.inspection);
  if (!(INSPECTION_STATUS_IDS as readonly string[]).includes(input.status)) {
    throw new UsageError(`--status must be one of: ${INSPECTION_STATUS_IDS.join(', ')}`);
  }
  await store.setInspectionStatus(
    inspection.id,
    input.status as InspectionRecord['status'],
    isoAt(clock),
  );
  await auditChange(store, clock, actor, 'status-changed', {
    inspectionId: inspection.id,
    status: input.status,
    before: inspection.status,
  });
};

/**
 * The coordinator's team editor: the whole team at once, by user id. Someone left off loses
 * sight of the inspection at their next request; what they wrote stays, authored by them.
 */
export const setTeam = async (
  store: Store,
  clock: Clock,
  input: { inspection: string; members: readonly { userId: string; role: string }[] },
  actor?: Actor,
): Promise<void> => {
  const inspection = await inspectionOf(store, input.inspection);
  const seen = new Set<string>();
  const team: TeamMemberRecord[] = [];
  for (const member of input.members) {
    if (member.role !== 'lead' && member.role !== 'inspector')
      throw new UsageError('A role must be lead or inspector', 'members');
    if (seen.has(member.userId))
      throw new UsageError(`User ${member.userId} is listed twice`, 'members');
    seen.add(member.userId);
    if (!(await store.userById(member.userId)))
      throw new UsageError(`Unknown user ${member.userId}; add them first`, 'members');
    team.push({ inspectionId: inspection.id, userId: member.userId, role: member.role });
  }
  // Reviews, judgements and closing concerns need the lead (S8): a team without one is stuck, and
  // with two, each would overwrite the other's judgements.
  const leads = team.filter((m) => m.role === 'lead').length;
  if (leads === 0) throw new UsageError('The team needs a lead', 'members');
  if (leads > 1)
    throw new UsageError(
      `The team has one lead; ${leads} members are marked lead. Choose one`,
      'members',
    );
  await store.setTeam(inspection.id, team);
  await auditChange(store, clock, actor, 'team-changed', {
    inspectionId: inspection.id,
    team: team.map((m) => ({ userId: m.userId, role: m.role })),
    before: inspection.team.map((m) => ({ userId: m.userId, role: m.role })),
  });
};

/**
 * The authority's safeguarding numbers for an inspection (issue 9). `input` names the numbers to
 * change: a number is set, an empty string or null clears it, and one left out is kept. The audit
 * says which changed, from what, so a wrong number can be traced.
 */
export const setContacts = async (
  store: Store,
  clock: Clock,
  input: { inspection: string; contacts: Record<string, string | null | undefined> },
  actor?: Actor,
): Promise<SafeguardingContacts> => {
  const inspection = await inspectionOf(store, input.inspection);
  const before = inspection.contacts ?? {};
  const next: Record<string, string | null> = { ...before };
  for (const { id } of SAFEGUARDING_CONTACTS) {
    const value = input.contacts[id];
    if (value === undefined) continue;
    next[id] = value === null || value.trim() === '' ? null : value.trim();
  }
  const parsed = SafeguardingContactsSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    const label = SAFEGUARDING_CONTACTS.find((c) => c.id === field)?.label ?? field;
    throw new UsageError(`${label}: ${issue.message}`, field);
  }
  const contacts = Object.fromEntries(
    Object.entries(parsed.data).filter(([, v]) => v !== null && v !== undefined),
  ) as SafeguardingContacts;
  await store.setInspectionContacts(inspection.id, contacts);
  await auditChange(store, clock, actor, 'contacts-changed', {
    inspectionId: inspection.id,
    contacts,
    before,
  });
  return contacts;
};
