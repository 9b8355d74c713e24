import { randomUUID } from 'node:crypto';
import { addInspection, addUser, runAdmin } from './server';

/**
 * A team with one of each role and a little of everything on its inspection, set up through the
 * coordinator CLI and the public sync API (the same doors a real team uses), so every screen of
 * every role has something to show without driving each form first.
 */
export const SEED_PASSWORD = 'a long fieldwork passphrase';
export const SEED_AREA = 'Northshire';
export const COORDINATOR_AREA = 'Westshire';

export const SEED_CONTACTS = {
  frontDoor: '0300 123 4567',
  outOfHours: '0300 765 4321',
  lado: '01632 960 001',
} as const;

export const SEED_USERS = {
  inspector: { username: 'ivy', name: 'Ivy Inspector', inspectorate: 'cqc' },
  lead: { username: 'leo', name: 'Leo Lead', inspectorate: 'ofsted' },
  coordinator: { username: 'cora', name: 'Cora Coordinator', inspectorate: 'ofsted' },
} as const;

export type Seeded = {
  inspectionId: string;
  /** The coordinator leads this one, so the widest nav row (lead + Coordinator) is on screen. */
  coordinatorInspectionId: string;
  userIds: Record<keyof typeof SEED_USERS, string>;
  evidenceId: string;
  shadowingId: string;
  caseId: string;
  concernId: string;
  meetingId: string;
};

type Op = { entity: string; entityId: string; fields: Record<string, unknown> };

const login = async (url: string, username: string) => {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: SEED_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status}`);
  return (await response.json()) as { token: string; user: { id: string } };
};

const push = async (url: string, token: string, inspectionId: string, ops: readonly Op[]) => {
  const health = (await (await fetch(`${url}/healthz`)).json()) as { schemaVersion: number };
  const response = await fetch(`${url}/api/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      clientId: randomUUID(),
      schemaVersion: health.schemaVersion,
      ops: ops.map((op) => ({ opId: randomUUID(), inspectionId, kind: 'put', base: {}, ...op })),
    }),
  });
  const body = (await response.json()) as { results: { status: string; reason?: string }[] };
  const refused = body.results.filter((r) => r.status !== 'applied');
  if (!response.ok || refused.length > 0)
    throw new Error(`seed push refused: ${response.status} ${JSON.stringify(body)}`);
};

/** Users and inspections through the CLI: run before the server starts, on its data directory. */
export const seedTeam = async (dataDir: string) => {
  const admin = { dataDir, password: SEED_PASSWORD };
  for (const [role, user] of Object.entries(SEED_USERS))
    await addUser(admin, { ...user, admin: role === 'coordinator' });
  const starts = '2026-11-23';
  const { inspector, lead, coordinator } = SEED_USERS;
  const inspectionId = await addInspection(admin, {
    area: SEED_AREA,
    starts,
    lead: lead.username,
    members: [inspector.username, coordinator.username],
  });
  // The authority's safeguarding numbers, through the CLI as a coordinator would record them.
  await runAdmin(
    [
      'set-contacts',
      '--inspection',
      inspectionId,
      '--front-door',
      SEED_CONTACTS.frontDoor,
      '--out-of-hours',
      SEED_CONTACTS.outOfHours,
      '--lado',
      SEED_CONTACTS.lado,
    ],
    admin,
  );
  return {
    inspectionId,
    coordinatorInspectionId: await addInspection(admin, {
      area: COORDINATOR_AREA,
      starts,
      lead: coordinator.username,
    }),
  };
};

/** Records through the running server's sync API: what a day of fieldwork leaves behind. */
export const seedRecords = async (
  url: string,
  ids: { inspectionId: string; coordinatorInspectionId: string },
): Promise<Seeded> => {
  const inspector = await login(url, SEED_USERS.inspector.username);
  const lead = await login(url, SEED_USERS.lead.username);
  const coordinator = await login(url, SEED_USERS.coordinator.username);
  const caseId = randomUUID();
  const evidenceId = randomUUID();
  const shadowingId = randomUUID();
  const concernId = randomUUID();
  const meetingId = randomUUID();
  const at = '2026-11-24T10:15:00.000Z';
  await push(url, inspector.token, ids.inspectionId, [
    {
      entity: 'childCase',
      entityId: caseId,
      fields: {
        caseRef: 'NS-10472',
        selection: 'tracked',
        ageBand: '5-9',
        status: 'child-in-need',
      },
    },
    {
      entity: 'evidence',
      entityId: evidenceId,
      fields: {
        kind: 'practitioner-interview',
        occurredAt: at,
        status: 'final',
        agency: 'childrens-social-care',
        role: 'Social worker',
        caseIds: [caseId],
        judgementIds: ['help-and-protection'],
        evaluation: 'priority-action',
        text: 'The allocated worker had not seen the child alone since the referral.',
      },
    },
    {
      entity: 'evidence',
      entityId: shadowingId,
      fields: {
        kind: 'shadowing-observation',
        occurredAt: at,
        status: 'draft',
        agency: 'mash',
        lines: [
          { at, text: 'Strategy discussion opened with police and health present.' },
          { at: '2026-11-24T10:22:00.000Z', text: 'Health records shared on screen.' },
        ],
      },
    },
    {
      entity: 'safeguardingConcern',
      entityId: concernId,
      fields: { raisedAt: at, concern: 'Child left alone overnight.', status: 'open' },
    },
  ]);
  await push(url, lead.token, ids.inspectionId, [
    {
      entity: 'review',
      entityId: randomUUID(),
      fields: { evidenceId, state: 'follow-up', comment: 'Which manager signed the plan?' },
    },
    {
      entity: 'judgementDraft',
      entityId: randomUUID(),
      fields: { judgementId: 'help-and-protection', state: 'draft', grade: 'adequate' },
    },
    {
      entity: 'teamMeeting',
      entityId: meetingId,
      fields: { date: '2026-11-24', gaps: 'No conversation with a care leaver yet.' },
    },
  ]);
  return {
    ...ids,
    userIds: { inspector: inspector.user.id, lead: lead.user.id, coordinator: coordinator.user.id },
    evidenceId,
    shadowingId,
    caseId,
    concernId,
    meetingId,
  };
};
