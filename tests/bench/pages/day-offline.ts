/**
 * Issue 8's "a day offline" on the bench page: the app's own repository and sync engine (over
 * `createHttpTransport`, encrypted as the app runs) record 200 notes and edit each in three
 * sittings while every push fails (its ops frozen as "sending"), then one sync sends the
 * day. Beside it, the floor: the day's final notes pushed as one request of one op each, pulled
 * back and written in one raw IndexedDB transaction. Exposed as `window.fieldbookDayBench` for
 * tests/bench/client-day-offline.ts.
 */
import {
  attachSignIn,
  createKeyring,
  createRepository,
  deleteDatabase as deleteAppDatabase,
  getClientId,
  listInspections,
  openDatabase,
  systemClock,
  type KeyHolder,
} from '../../../src/db';
import { SCHEMA_VERSION } from '../../../src/domain';
import {
  createHttpTransport,
  createSyncEngine,
  signIn,
  TransportError,
  type Transport,
} from '../../../src/sync';
import { committed, deleteDatabase, openRawDatabase } from './raw-idb';

export type DayRequest = { username: string; password: string; notes: number; sittings: number };
export type DayResult = {
  /** The one sync after the day: from `engine.sync()` until it resolved, idle. */
  syncMs: number;
  /** Ops the engine had to send (the sittings' edits, not folded across failed pushes). */
  ops: number;
  /** Conflict entries on the server's rows of the day afterwards: S5a says 0. */
  conflicts: number;
  finalRows: number;
  state: string;
};
export type DayFloorRequest = { token: string; inspectionId: string; notes: number };

const http = createHttpTransport('');
/**
 * Hotel Wi-Fi: small requests get through, but every push dies on the way (the answer never
 * comes), so its ops stay frozen as "sending" and the next sitting's edits become new ops — the
 * case where a device could race itself (issue 8 point 1). S5a must still find no conflict.
 */
const pushesFail: Transport = {
  ...http,
  push: () => Promise.reject(new TransportError({ kind: 'offline' })),
};

const sentence = (note: number, sitting: number) =>
  `Sitting ${sitting + 1} of note ${note}: the team manager explained how strategy discussions are recorded and reviewed.`;

const dayOffline = async ({ username, password, notes, sittings }: DayRequest) => {
  const name = `bench-day-${Math.random().toString(36).slice(2)}`;
  const holder: KeyHolder = { current: null };
  const db = openDatabase(name, holder);
  const repo = createRepository({ db, clock: systemClock });
  try {
    const session = await signIn(
      db,
      repo,
      http,
      systemClock,
      { username, password },
      (p) => async (device) => {
        if (device) await attachSignIn(db, holder, p, device);
        else await createKeyring(db, holder, p);
      },
    );
    const inspectionId = (await listInspections(db))[0]!.id;
    const deps = {
      db,
      clock: systemClock,
      clientId: await getClientId(db, systemClock),
      token: session.token,
      userId: session.user.id,
      // No retry timers: this run decides when to sync.
      timers: { setTimeout: () => 0, clearTimeout: () => undefined },
    };
    const offline = createSyncEngine({ ...deps, transport: pushesFail });
    const online = createSyncEngine({ ...deps, transport: http });

    const ids: string[] = [];
    for (let sitting = 0; sitting < sittings; sitting++) {
      for (let n = 0; n < notes; n++) {
        const text = Array.from({ length: sitting + 1 }, (_, s) => sentence(n, s)).join(' ');
        const last = sitting === sittings - 1;
        if (sitting === 0) {
          ids.push(
            await repo.create('evidence', inspectionId, {
              kind: 'practitioner-interview',
              occurredAt: new Date(Date.UTC(2026, 10, 26, 8) + n * 60_000).toISOString(),
              status: last ? 'final' : 'draft',
              text,
            }),
          );
        } else {
          await repo.update('evidence', ids[n]!, { text, ...(last ? { status: 'final' } : {}) });
        }
      }
      // The app tries to sync between sittings and fails: the ops are frozen as "sending".
      await offline.sync();
      if (offline.getStatus().state !== 'offline') throw new Error('the offline sync did not fail');
    }
    const ops = await db.outbox.count();
    const started = performance.now();
    await online.sync();
    const syncMs = performance.now() - started;
    const state = online.getStatus().state;

    const rows = await pullEverything(session.token);
    const day = rows.filter((r) => r.inspectionId === inspectionId && ids.includes(r.id));
    const conflicts = day.reduce(
      (sum, r) => sum + Object.values(r.conflicts).reduce((s, values) => s + values.length, 0),
      0,
    );
    const finalRows = day.filter((r) => r.fields.status === 'final').length;
    offline.stop();
    online.stop();
    return { syncMs, ops, conflicts, finalRows, state } satisfies DayResult;
  } finally {
    db.close();
    await deleteAppDatabase(name);
  }
};

type WireRow = {
  id: string;
  inspectionId: string;
  fields: Record<string, unknown>;
  conflicts: Record<string, unknown[]>;
};

/** Every row the user may see (the cursor is opaque: sent back exactly as received, S6). */
const pullEverything = async (token: string): Promise<WireRow[]> => {
  const headers = { Authorization: `Bearer ${token}` };
  const rows: WireRow[] = [];
  let query = '';
  for (;;) {
    const response = await fetch(`/api/sync/pull?limit=1000${query}`, {
      headers,
      cache: 'no-store',
    });
    if (!response.ok) throw new Error(`pull: ${response.status}`);
    const page = (await response.json()) as { rows: WireRow[]; next: unknown; hasMore: boolean };
    rows.push(...page.rows);
    if (!page.hasMore) return rows;
    query = `&since=${encodeURIComponent(String(page.next))}`;
  }
};

/** Floor: the day's end state as one push of one op per note, pulled back and stored in one raw transaction. */
const dayFloor = async ({ token, inspectionId, notes }: DayFloorRequest) => {
  const name = `bench-day-floor-${Math.random().toString(36).slice(2)}`;
  const db = await openRawDatabase(name);
  try {
    const ops = Array.from({ length: notes }, (_, n) => ({
      opId: crypto.randomUUID(),
      entity: 'evidence',
      entityId: crypto.randomUUID(),
      inspectionId,
      kind: 'put',
      fields: {
        kind: 'practitioner-interview',
        occurredAt: new Date(Date.UTC(2026, 10, 26, 8) + n * 60_000).toISOString(),
        status: 'final',
        text: [0, 1, 2].map((s) => sentence(n, s)).join(' '),
      },
      base: {},
    }));
    const started = performance.now();
    const pushed = await fetch('/api/sync/push', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      cache: 'no-store',
      body: JSON.stringify({ clientId: crypto.randomUUID(), schemaVersion: SCHEMA_VERSION, ops }),
    });
    if (!pushed.ok) throw new Error(`floor push: ${pushed.status}`);
    await pushed.json();
    const rows = await pullEverything(token);
    const tx = db.transaction('evidence', 'readwrite');
    for (const row of rows) tx.objectStore('evidence').put(row);
    await committed(tx);
    return { ms: performance.now() - started, rows: rows.length };
  } finally {
    db.close();
    await deleteDatabase(name);
  }
};

declare global {
  interface Window {
    fieldbookDayBench?: { dayOffline: typeof dayOffline; dayFloor: typeof dayFloor };
  }
}

window.fieldbookDayBench = { dayOffline, dayFloor };
