import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { fixedClock, type Clock } from '../../src/domain/clock';
import { SCHEMA_VERSION } from '../../src/domain/protocol';
// eslint-disable-next-line no-restricted-imports -- this is the server's own src/app.ts; the boundary pattern `**/src/app` meant the client's src/app/ and cannot tell them apart
import { createApp } from '../src/app';
import { hashPassword } from '../src/auth/passwords';
import { hashToken, newToken } from '../src/auth/sessions';
import { dropSchema, openPostgresStore, openSqliteStore } from '../src/store/open';
import type { Store, TeamMemberRecord } from '../src/store/types';

/** Shared fixtures for server tests: real databases, a fake clock, a small inspection team. */
export const PG_URL = process.env.DATABASE_URL;
export const START_MS = Date.parse('2026-03-02T09:00:00.000Z');
export const PASSWORD = 'correct-horse-battery';

export type StoreKind = 'sqlite' | 'postgres';
export type OpenedStore = {
  store: Store;
  close: () => Promise<void>;
  schema?: string;
  /** SQLite only: the DATA_DIR holding the database file. */
  dataDir?: string;
};

export const openTestStore = async (kind: StoreKind, clock: Clock): Promise<OpenedStore> => {
  if (kind === 'postgres') {
    if (!PG_URL) throw new Error('DATABASE_URL is not set');
    const schema = `fb_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const store = await openPostgresStore(PG_URL, { clock, schema, poolSize: 4 });
    return {
      store,
      schema,
      close: async () => {
        await store.close();
        await dropSchema(PG_URL, schema);
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'fieldbook-test-'));
  const store = await openSqliteStore(dir, { clock });
  return {
    store,
    dataDir: dir,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

export const storeKinds = (): StoreKind[] => (PG_URL ? ['sqlite', 'postgres'] : ['sqlite']);

export const notePgSkipped = (what: string): void => {
  if (!PG_URL)
    console.info(
      `[${what}] PostgreSQL skipped: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it`,
    );
};

let passwordHash: Promise<string> | undefined;

export type Person = { id: string; username: string; token: string };

export const addPerson = async (
  store: Store,
  username: string,
  clock: Clock,
  admin = false,
): Promise<Person> => {
  passwordHash ??= hashPassword(PASSWORD);
  const id = randomUUID();
  await store.insertUser({
    id,
    username,
    name: `${username[0]?.toUpperCase()}${username.slice(1)}`,
    inspectorate: 'ofsted',
    admin,
    passwordHash: await passwordHash,
    createdAt: new Date(clock.now()).toISOString(),
  });
  const token = newToken();
  await store.insertSession({
    tokenHash: hashToken(token),
    userId: id,
    createdAt: new Date(clock.now()).toISOString(),
    expiresAt: new Date(clock.now() + 30 * 86_400_000).toISOString(),
  });
  return { id, username, token };
};

export const addInspection = async (
  store: Store,
  frameworkId: string,
  lead: Person,
  inspectors: Person[],
): Promise<string> => {
  const id = randomUUID();
  const team: TeamMemberRecord[] = [
    { inspectionId: id, userId: lead.id, role: 'lead' },
    ...inspectors.map((p): TeamMemberRecord => ({
      inspectionId: id,
      userId: p.id,
      role: 'inspector',
    })),
  ];
  await store.insertInspection(
    {
      id,
      frameworkId,
      area: 'Leeds',
      startsOn: '2026-03-02',
      endsOn: '2026-03-13',
      status: 'fieldwork',
    },
    team,
  );
  return id;
};

/** A lead, two inspectors on one cp-joint-2012 inspection, and an outsider on another. */
export const makeWorld = async (kind: StoreKind = 'sqlite') => {
  const clock = fixedClock(START_MS, 1);
  const opened = await openTestStore(kind, clock);
  const { store } = opened;
  const suffix = randomUUID().slice(0, 8);
  const lead = await addPerson(store, `lead-${suffix}`, clock);
  const ann = await addPerson(store, `ann-${suffix}`, clock);
  const ben = await addPerson(store, `ben-${suffix}`, clock);
  const outsider = await addPerson(store, `out-${suffix}`, clock);
  const inspectionId = await addInspection(store, 'cp-joint-2012', lead, [ann, ben]);
  const otherInspectionId = await addInspection(store, 'lac-2012', outsider, []);
  const app = createApp({ store, clock, heartbeatSeconds: 0.2 });
  const http = supertest(app);
  const clientId = randomUUID();

  /** `device` is the push's clientId: one device per world unless a test names another (S5a). */
  const push = (who: Person, ops: unknown[], device: string = clientId) =>
    http
      .post('/api/sync/push')
      .set('Authorization', `Bearer ${who.token}`)
      .send({ clientId: device, schemaVersion: SCHEMA_VERSION, ops });
  const pull = (who: Person, query = '') =>
    http.get(`/api/sync/pull${query}`).set('Authorization', `Bearer ${who.token}`);

  return {
    ...opened,
    clock,
    app,
    http,
    lead,
    ann,
    ben,
    outsider,
    inspectionId,
    otherInspectionId,
    push,
    pull,
  };
};
export type World = Awaited<ReturnType<typeof makeWorld>>;

export const id = (): string => randomUUID();

type OpInput = {
  entity?: string;
  entityId?: string;
  kind?: 'put' | 'delete' | 'resolve';
  fields?: Record<string, unknown>;
  base?: Record<string, number>;
};
export const op = (inspectionId: string, input: OpInput = {}) => ({
  opId: randomUUID(),
  entity: input.entity ?? 'childCase',
  entityId: input.entityId ?? randomUUID(),
  inspectionId,
  kind: input.kind ?? 'put',
  fields: input.fields ?? { caseRef: 'LA-1001', selection: 'tracked' },
  base: input.base ?? {},
});

export const evidenceFields = (extra: Record<string, unknown> = {}) => ({
  kind: 'practitioner-interview',
  occurredAt: '2026-03-02T10:15:00.000Z',
  status: 'draft',
  text: 'Social worker described the strategy discussion.',
  ...extra,
});

/** Everything a test can compare to prove a request changed nothing. */
export const snapshot = async (store: Store) => ({
  seq: await store.currentSeq(),
  rows: await store.rowsSince(await allInspectionIds(store), 0, 100_000),
});
const allInspectionIds = async (store: Store) => (await store.listInspections()).map((i) => i.id);
