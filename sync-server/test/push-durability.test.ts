import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/clock';
import { SCHEMA_VERSION, type PushResponse } from '../../src/domain/protocol';
import { openSqliteStore, SQLITE_FILE_NAME } from '../src/store/open';
import { pushOps } from '../src/sync/push';
import { startServer } from './processes';
import { addInspection, addPerson, evidenceFields, op, type Person } from './world';

/**
 * Durability on SQLite under group commit: a push is answered only after the transaction that
 * holds it has committed, and a crash (SIGKILL, no shutdown code) leaves every answered push
 * stored whole and no push stored in part.
 */
describe('[S3] SQLite answers a push only after it is durable', () => {
  const wall: Clock = { now: () => Date.now() };
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A SQLite store in a fresh DATA_DIR with a lead and three inspectors on one inspection. */
  const teamInFreshStore = async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldbook-durable-'));
    dirs.push(dataDir);
    const store = await openSqliteStore(dataDir, { clock: wall });
    const people = [await addPerson(store, 'lead', wall)];
    for (let i = 0; i < 3; i++) people.push(await addPerson(store, `inspector${i}`, wall));
    const [lead, ...team] = people as [Person, ...Person[]];
    const inspection = await addInspection(store, 'cp-joint-2012', lead, team);
    return { dataDir, store, people, inspection, file: path.join(dataDir, SQLITE_FILE_NAME) };
  };
  const notes = (inspection: string, count: number) =>
    Array.from({ length: count }, () =>
      op(inspection, { entity: 'evidence', fields: evidenceFields() }),
    );
  /** How many of these op ids another connection to the file reads. */
  const counter = (db: BetterSqlite3.Database) => {
    const count = db.prepare(
      'select count(*) as n from ops where op_id in (select value from json_each(?))',
    );
    return (opIds: string[]) => (count.get(JSON.stringify(opIds)) as { n: number }).n;
  };

  it('answers a push only once it is committed: another connection already reads all of it', async () => {
    const { store, people, inspection, file } = await teamInFreshStore();
    const other = new BetterSqlite3(file, { readonly: true });
    const stored = counter(other);
    try {
      // Several pushes at once, so they share commit groups with others still being judged.
      const seen = await Promise.all(
        Array.from({ length: 8 }, (_, i) => {
          const ops = notes(inspection, 50);
          const who = people[i % people.length] as Person;
          return pushOps(store, wall, { userId: who.id, clientId: randomUUID(), ops }).then(
            // Read the moment the answer exists, before anything else can run on this thread.
            (results) => ({ results, stored: stored(ops.map((o) => o.opId)) }),
          );
        }),
      );
      for (const { results, stored: n } of seen) {
        expect(results.every((r) => r.status === 'applied')).toBe(true);
        expect(n).toBe(50);
      }
    } finally {
      other.close();
      await store.close();
    }
  });

  it('[S4] a server killed mid-burst has stored every push it answered, whole, and no push in part', async () => {
    const { dataDir, store, people, inspection, file } = await teamInFreshStore();
    await store.close();
    const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' });
    const answered: string[][] = [];
    const sent: string[][] = [];
    let killing: Promise<void> | null = null;
    const client = async (who: Person) => {
      const clientId = randomUUID();
      for (let push = 0; push < 40 && !killing; push++) {
        const ops = notes(inspection, 50);
        sent.push(ops.map((o) => o.opId));
        const res = await fetch(`${server.url}/api/sync/push`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${who.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ clientId, schemaVersion: SCHEMA_VERSION, ops }),
        }).catch(() => null);
        if (!res || res.status !== 200) return;
        const body = (await res.json()) as PushResponse;
        expect(body.results.every((r) => r.status === 'applied')).toBe(true);
        answered.push(ops.map((o) => o.opId));
        // Killed while the others' pushes are being judged, written or committed.
        if (answered.length === 12) killing = server.kill();
      }
    };
    await Promise.all(people.map(client));
    await killing;
    expect(answered.length).toBeGreaterThanOrEqual(12);

    const db = new BetterSqlite3(file);
    try {
      const stored = counter(db);
      for (const ids of answered) expect(stored(ids)).toBe(50);
      for (const ids of sent) expect([0, 50]).toContain(stored(ids));
      // The counter is where the last committed group left it: no seq given out twice.
      const { seq } = db.prepare("select value as seq from counters where name = 'seq'").get() as {
        seq: number;
      };
      expect(db.prepare('select max(seq) as top, count(*) as n from rows').get()).toEqual({
        top: seq,
        n: seq,
      });
    } finally {
      db.close();
    }
  }, 120_000);
});
