/**
 * Sync on the bench page: the app's own sync engine (`createSyncEngine` over `createHttpTransport`,
 * triggers of S7, the app's sign-in and keyring) against a real sync server that also serves this
 * page, so every request is same-origin as in the app. Floors beside it: one JSON array fetched
 * and written in one raw IndexedDB transaction, one push + one pull round trip, one PBKDF2
 * derivation. Exposed as `window.fieldbookSyncBench` for tests/bench/client-sync.ts.
 */
import { liveQuery } from 'dexie';
import {
  applyPulledPage,
  attachSignIn,
  countUnsent,
  createKeyring,
  createRepository,
  deleteDatabase as deleteAppDatabase,
  getClientId,
  listInspections,
  listRows,
  lock,
  openDatabase,
  systemClock,
  unlockWithPassword,
} from '../../../src/db';
import type { FieldbookDB, KeyHolder, Repository } from '../../../src/db';
import { PBKDF2_ITERATIONS } from '../../../src/db/cipher';
import { SCHEMA_VERSION, type PullCursor } from '../../../src/domain';
import {
  createHttpTransport,
  createSyncEngine,
  signIn,
  startSyncTriggers,
  webLock,
  type SyncEngine,
} from '../../../src/sync';
import { committed, deleteDatabase, openRawDatabase } from './raw-idb';

export type Credentials = { username: string; password: string };

export type InitialSyncResult = {
  /** From `engine.sync()` until it resolved with the engine idle (sign-in and key set-up excluded). */
  ms: number;
  rows: number;
  state: string;
};

export type FloorResult = { fetchMs: number; writeMs: number; ms: number; rows: number };
export type PagesResult = { ms: number; rows: number; pages: number };
export type UnlockTimings = { unlock: number[]; floor: number[]; iterations: number };

export type SyncBench = {
  /** The app's first sync into a fresh device database, encrypted as the app runs it or in clear. */
  initialSync: (request: Credentials & { encrypted: boolean }) => Promise<InitialSyncResult>;
  /** Floor: fetch one JSON array of all the rows, then put them all in one raw IndexedDB transaction. */
  oneArrayFloor: (request: { url: string }) => Promise<FloorResult>;
  /** Diagnostic: only fetching and parsing the pull pages the engine asks for, nothing stored. */
  fetchPullPages: (request: { token: string; limit: number }) => Promise<PagesResult>;
  /**
   * Diagnostic: the engine's write side alone. The pull pages of 500 are fetched first (untimed),
   * then `applyPulledPage` stores each in its own transaction, as the engine does.
   */
  applyPagesOnly: (request: {
    token: string;
    encrypted: boolean;
  }) => Promise<{ ms: number; pages: number; rows: number }>;
  /** A device with the app's engine and triggers (SSE included), signed in; resolves once idle. */
  startDevice: (request: Credentials) => Promise<{ inspectionIds: string[] }>;
  /** Writes one evidence through the repository; returns the wall time just before the write. */
  writeEvidence: (request: {
    inspectionId: string;
    n: number;
    syncNow: boolean;
  }) => Promise<number>;
  /** Resolves with the wall time at which the screen's live query first sees `count` evidence rows. */
  waitForEvidence: (request: {
    inspectionId: string;
    count: number;
    timeoutMs: number;
  }) => Promise<number>;
  evidenceCount: (request: { inspectionId: string }) => Promise<number>;
  /** Waits until this device's engine is idle and its outbox empty. */
  settle: () => Promise<void>;
  /** Floor: one push of one op, then one pull, from this page over HTTP. */
  pushPullRoundTrips: (request: {
    token: string;
    inspectionId: string;
    runs: number;
  }) => Promise<number[]>;
  unlockTimings: (request: { runs: number; password: string }) => Promise<UnlockTimings>;
};

const transport = createHttpTransport('');
let runs = 0;
const freshName = (what: string) =>
  `bench-${what}-${++runs}-${Math.random().toString(36).slice(2)}`;
/** Wall time, comparable between two pages of one browser (their performance.now differ). */
const wallNow = () => performance.timeOrigin + performance.now();
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Signs in as the app does: login, then the keyring from the password and the device key, then /api/me. */
const signedInDevice = async (credentials: Credentials, encrypted: boolean) => {
  const name = freshName(encrypted ? 'sync-enc' : 'sync-clear');
  const holder: KeyHolder = { current: null };
  const db = encrypted ? openDatabase(name, holder) : openDatabase(name);
  const repo = createRepository({ db, clock: systemClock });
  const session = await signIn(
    db,
    repo,
    transport,
    systemClock,
    credentials,
    (password) => async (device) => {
      if (!encrypted) return;
      if (device) await attachSignIn(db, holder, password, device);
      else await createKeyring(db, holder, password);
    },
  );
  const engine = createSyncEngine({
    db,
    transport,
    clock: systemClock,
    clientId: await getClientId(db, systemClock),
    token: session.token,
    userId: session.user.id,
    withLock: webLock,
  });
  return { db, repo, engine, session, name };
};

const initialSync: SyncBench['initialSync'] = async ({ encrypted, ...credentials }) => {
  const device = await signedInDevice(credentials, encrypted);
  try {
    const started = performance.now();
    await device.engine.sync();
    const ms = performance.now() - started;
    const state = device.engine.getStatus().state;
    const rows = await device.db.evidence.count();
    return { ms, rows, state };
  } finally {
    device.engine.stop();
    device.db.close();
    await deleteAppDatabase(device.name);
  }
};

const oneArrayFloor: SyncBench['oneArrayFloor'] = async ({ url }) => {
  const name = freshName('floor');
  const db = await openRawDatabase(name);
  try {
    const started = performance.now();
    const response = await fetch(url, { cache: 'no-store' });
    const wire = (await response.json()) as Record<string, unknown>[];
    const fetched = performance.now();
    const tx = db.transaction('evidence', 'readwrite');
    const store = tx.objectStore('evidence');
    // The row as the device keeps it: the wire row without its entity name (the table says it).
    for (const { entity: _entity, ...row } of wire) store.put(row);
    await committed(tx);
    const done = performance.now();
    return {
      fetchMs: fetched - started,
      writeMs: done - fetched,
      ms: done - started,
      rows: wire.length,
    };
  } finally {
    db.close();
    await deleteDatabase(name);
  }
};

const fetchPullPages: SyncBench['fetchPullPages'] = async ({ token, limit }) => {
  const started = performance.now();
  let since: PullCursor = 0;
  let rows = 0;
  let pages = 0;
  for (;;) {
    const response = await fetch(
      `/api/sync/pull?since=${encodeURIComponent(since)}&limit=${limit}`,
      {
        headers: { Authorization: `Bearer ${token}` },
        cache: 'no-store',
      },
    );
    const page = (await response.json()) as { rows: unknown[]; next: PullCursor; hasMore: boolean };
    rows += page.rows.length;
    pages += 1;
    since = page.next;
    if (!page.hasMore) break;
  }
  return { ms: performance.now() - started, rows, pages };
};

const applyPagesOnly: SyncBench['applyPagesOnly'] = async ({ token, encrypted }) => {
  const pages = [];
  for (let since: PullCursor = 0; ;) {
    const page = await transport.pull(token, since, 500, SCHEMA_VERSION);
    pages.push(page);
    since = page.next;
    if (!page.hasMore) break;
  }
  const name = freshName('apply');
  const holder: KeyHolder = { current: null };
  const db = encrypted ? openDatabase(name, holder) : openDatabase(name);
  try {
    if (encrypted) await createKeyring(db, holder, 'correct horse battery staple');
    else await db.open();
    const started = performance.now();
    for (const page of pages) {
      await applyPulledPage(db, page.rows, { key: 'pullSince:bench', value: page.next });
    }
    const ms = performance.now() - started;
    return { ms, pages: pages.length, rows: await db.evidence.count() };
  } finally {
    db.close();
    await deleteAppDatabase(name);
  }
};

type Device = {
  db: FieldbookDB;
  repo: Repository;
  engine: SyncEngine;
  stop: () => void;
};
let device: Device | undefined;
const theDevice = (): Device => {
  if (!device) throw new Error('startDevice first');
  return device;
};

const idle = async (engine: SyncEngine) => {
  while (engine.getStatus().state !== 'idle') await delay(5);
};

const startDevice: SyncBench['startDevice'] = async (credentials) => {
  const { db, repo, engine, session } = await signedInDevice(credentials, true);
  const stop = startSyncTriggers({
    engine,
    db,
    transport,
    token: session.token,
    target: { window, document },
  });
  device = { db, repo, engine, stop };
  await engine.sync();
  await idle(engine);
  const inspections = await listInspections(db);
  return { inspectionIds: inspections.map((i) => i.id) };
};

const writeEvidence: SyncBench['writeEvidence'] = async ({ inspectionId, n, syncNow }) => {
  const { repo, engine } = theDevice();
  const at = wallNow();
  await repo.create('evidence', inspectionId, {
    kind: 'practitioner-interview',
    occurredAt: new Date().toISOString(),
    status: 'draft',
    text: `Propagation check ${n}: the team manager explained how strategy discussions are recorded.`,
  });
  if (syncNow) void engine.sync();
  return at;
};

const waitForEvidence: SyncBench['waitForEvidence'] = ({ inspectionId, count, timeoutMs }) => {
  const { db } = theDevice();
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`evidence count did not reach ${count} within ${timeoutMs} ms`));
    }, timeoutMs);
    // What a screen does (useLiveQuery over listRows): re-run whenever a transaction touches it.
    const subscription = liveQuery(() => listRows(db, 'evidence', inspectionId)).subscribe({
      next: (rows) => {
        if (rows.length < count) return;
        const at = wallNow();
        clearTimeout(timer);
        queueMicrotask(() => subscription.unsubscribe());
        resolve(at);
      },
      error: (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    });
  });
};

const evidenceCount: SyncBench['evidenceCount'] = async ({ inspectionId }) =>
  (await listRows(theDevice().db, 'evidence', inspectionId)).length;

const settle: SyncBench['settle'] = async () => {
  const { db, engine } = theDevice();
  for (;;) {
    const unsent = await countUnsent(db);
    if (unsent === 0 && engine.getStatus().state === 'idle') return;
    await delay(20);
  }
};

const pushPullRoundTrips: SyncBench['pushPullRoundTrips'] = async ({
  token,
  inspectionId,
  runs: n,
}) => {
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const samples: number[] = [];
  let since: PullCursor = 0;
  // Start from the head, so each pull brings back only what the push just wrote.
  for (;;) {
    const page = (await (
      await fetch(`/api/sync/pull?since=${since}&limit=1000`, { headers, cache: 'no-store' })
    ).json()) as { next: PullCursor; hasMore: boolean };
    since = page.next;
    if (!page.hasMore) break;
  }
  for (let i = 0; i < n; i++) {
    const op = {
      opId: crypto.randomUUID(),
      entity: 'evidence',
      entityId: crypto.randomUUID(),
      inspectionId,
      kind: 'put',
      fields: {
        kind: 'practitioner-interview',
        occurredAt: new Date().toISOString(),
        status: 'draft',
        text: `Round trip ${i}: the team manager explained how strategy discussions are recorded.`,
      },
      base: {},
    };
    const started = performance.now();
    const pushed = await fetch('/api/sync/push', {
      method: 'POST',
      headers,
      cache: 'no-store',
      body: JSON.stringify({
        clientId: crypto.randomUUID(),
        schemaVersion: SCHEMA_VERSION,
        ops: [op],
      }),
    });
    await pushed.json();
    const pulled = (await (
      await fetch(`/api/sync/pull?since=${since}&limit=500`, { headers, cache: 'no-store' })
    ).json()) as { rows: unknown[]; next: PullCursor };
    samples.push(performance.now() - started);
    if (!pushed.ok || pulled.rows.length === 0)
      throw new Error('the round trip floor pulled nothing');
    since = pulled.next;
  }
  return samples;
};

const unlockTimings: SyncBench['unlockTimings'] = async ({ runs: n, password }) => {
  const name = freshName('unlock');
  const holder: KeyHolder = { current: null };
  const db = openDatabase(name, holder);
  try {
    await createKeyring(db, holder, password);
    const unlock: number[] = [];
    const floor: number[] = [];
    const encoder = new TextEncoder();
    for (let i = 0; i < n; i++) {
      lock(holder);
      let started = performance.now();
      await unlockWithPassword(db, holder, password, systemClock);
      unlock.push(performance.now() - started);
      if (!holder.current) throw new Error('unlockWithPassword left the device locked');
      // Floor: one PBKDF2-SHA-256 derivation of the same cost, nothing read or unwrapped.
      started = performance.now();
      const material = await crypto.subtle.importKey(
        'raw',
        encoder.encode(password),
        'PBKDF2',
        false,
        ['deriveBits'],
      );
      await crypto.subtle.deriveBits(
        {
          name: 'PBKDF2',
          hash: 'SHA-256',
          salt: crypto.getRandomValues(new Uint8Array(16)),
          iterations: PBKDF2_ITERATIONS,
        },
        material,
        256,
      );
      floor.push(performance.now() - started);
    }
    return { unlock, floor, iterations: PBKDF2_ITERATIONS };
  } finally {
    db.close();
    await deleteDatabase(name);
  }
};

declare global {
  interface Window {
    fieldbookSyncBench?: SyncBench;
  }
}

window.fieldbookSyncBench = {
  initialSync,
  oneArrayFloor,
  fetchPullPages,
  applyPagesOnly,
  startDevice,
  writeEvidence,
  waitForEvidence,
  evidenceCount,
  settle,
  pushPullRoundTrips,
  unlockTimings,
};
