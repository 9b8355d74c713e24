import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../../src/domain/clock';
import { newId } from '../../src/domain/ids';
import { dropSchema, openPostgresStore, openSqliteStore } from '../../sync-server/src/store/open';
import type { Store } from '../../sync-server/src/store/types';
import { startServer, type RunningServer } from '../../sync-server/test/processes';
import { addInspection, addPerson, type Person } from '../../sync-server/test/world';

/**
 * Shared set-up for the server benchmarks: a fresh database (SQLite in a temp dir, or a throwaway
 * PostgreSQL schema), a team, and a real server process on its own port, so the clients measured
 * here and the server do not share one event loop.
 */
export const wallClock: Clock = { now: () => Date.now() };
export const PG_URL = process.env.DATABASE_URL || undefined;
export type BenchDb = 'sqlite' | 'postgres';

export type BenchServer = {
  url: string;
  /** The server process's id. */
  pid: number;
  store: Store;
  people: Person[];
  inspectionIds: string[];
  /** SQLite only: the directory holding fieldbook.sqlite. */
  dataDir?: string;
  stop: () => Promise<void>;
};

/** A fresh store, and the environment a server process needs to open the same database. */
export type BenchStore = {
  store: Store;
  env: Record<string, string>;
  cleanup: () => Promise<void>;
  dataDir: string | undefined;
};

export const openBenchStore = async (db: BenchDb): Promise<BenchStore> => {
  if (db === 'postgres') {
    const url = PG_URL ?? '';
    const schema = `fb_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const store = await openPostgresStore(url, { clock: wallClock, schema, poolSize: 2 });
    return {
      store,
      env: { DATABASE_URL: url, DATABASE_SCHEMA: schema },
      cleanup: () => dropSchema(url, schema),
      dataDir: undefined,
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldbook-bench-'));
  const store = await openSqliteStore(dataDir, { clock: wallClock });
  return {
    store,
    env: { DATA_DIR: dataDir, DATABASE_URL: '' },
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    dataDir,
  };
};

/** `people` inspectors spread over `inspections` inspections, each led by the first of its team. */
export const startBenchServer = async (
  db: BenchDb,
  people: number,
  inspections: number,
  /** More environment for the server process (profile-push.ts: NODE_OPTIONS=--inspect). */
  extraEnv: Record<string, string> = {},
): Promise<BenchServer> => {
  const opened = await openBenchStore(db);
  const team: Person[] = [];
  for (let i = 0; i < people; i++) team.push(await addPerson(opened.store, `bench${i}`, wallClock));
  const inspectionIds: string[] = [];
  for (let k = 0; k < inspections; k++) {
    const members = team.filter((_, i) => i % inspections === k);
    const [lead, ...rest] = members;
    if (lead) inspectionIds.push(await addInspection(opened.store, 'cp-joint-2012', lead, rest));
  }
  let server: RunningServer;
  try {
    server = await startServer({ ...opened.env, ...extraEnv });
  } catch (error) {
    await opened.store.close();
    await opened.cleanup();
    throw error;
  }
  return {
    url: server.url,
    pid: server.pid,
    store: opened.store,
    people: team,
    inspectionIds,
    ...(opened.dataDir ? { dataDir: opened.dataDir } : {}),
    stop: async () => {
      await server.stop();
      await opened.store.close();
      await opened.cleanup();
    },
  };
};

/**
 * A realistic evidence create: a practitioner interview note of a few hundred characters, with
 * op and record ids made as the app makes them (S1: UUIDv7, time-ordered). Random v4 ids would
 * land all over the indexes on op and row ids and make every push rewrite pages no tablet's
 * push touches: the figure would measure the ids, not the server.
 */
export const evidenceOp = (inspectionId: string) => ({
  opId: newId(wallClock),
  entity: 'evidence',
  entityId: newId(wallClock),
  inspectionId,
  kind: 'put' as const,
  fields: {
    kind: 'practitioner-interview',
    occurredAt: '2026-03-03T10:15:00.000Z',
    status: 'draft',
    agency: 'childrens-social-care',
    role: 'Team manager, assessment team',
    judgementIds: ['help-and-protection', 'quality-of-practice'],
    evaluation: 'area-for-improvement',
    text:
      'The team manager described how contacts from the police are screened in the MASH within 24 hours. ' +
      'Strategy discussions are held promptly but health partners are not always invited; the manager ' +
      'acknowledged that records of the rationale for step-down to early help are inconsistent.',
  },
  base: {},
});
