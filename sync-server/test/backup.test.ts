import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PushResponseSchema, SCHEMA_VERSION } from '../../src/domain/protocol';
import { lastLine, runAdmin } from '../../tests/support/server';
import { PG_DUMP_LINE } from '../src/ops/backup';
import { SQLITE_FILE_NAME, openPostgresStore, openSqliteStore } from '../src/store/open';
import { startServer, type RunningServer } from './processes';
import { PG_URL, addInspection, addPerson, makeWorld, notePgSkipped, op, snapshot } from './world';

/**
 * Issue 11 point 5: `npm run admin -- backup <file>` copies the SQLite database while the server
 * runs and takes pushes, and the README's restore (stop, put the file back, start) brings back
 * exactly that snapshot. On PostgreSQL the CLI points at pg_dump, and the README's dump line with
 * pg_restore brings the data back.
 */
const run = promisify(execFile);
const live = { now: () => Date.now() };

describe('[backup] SQLite', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'fieldbook-backup-'));
  const dataDir = path.join(root, 'data');
  const restoredDir = path.join(root, 'restored');
  const file = path.join(root, 'fieldbook-backup.sqlite');
  const servers: RunningServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(root, { recursive: true, force: true });
  });

  it('backs up while the server takes pushes; the restored copy is a consistent snapshot the server runs on', async () => {
    const seed = await openSqliteStore(dataDir, { clock: live });
    const lead = await addPerson(seed, 'lead', live);
    const ann = await addPerson(seed, 'ann', live);
    const inspectionId = await addInspection(seed, 'cp-joint-2012', lead, [ann]);
    await seed.close();
    const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
    const server = await startServer(env);
    servers.push(server);
    const push = async (count: number) => {
      const res = await fetch(`${server.url}/api/sync/push`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ann.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          clientId: randomUUID(),
          schemaVersion: SCHEMA_VERSION,
          ops: Array.from({ length: count }, () => op(inspectionId)),
        }),
      });
      return PushResponseSchema.parse(await res.json()).results.length;
    };
    expect(await push(50)).toBe(50);

    // Pushes keep landing while the CLI copies the database.
    let backingUp = true;
    let pushedDuring = 0;
    const pusher = (async () => {
      while (backingUp) pushedDuring += await push(5);
    })();
    const output = await runAdmin(['backup', file], { dataDir });
    backingUp = false;
    await pusher;
    expect(lastLine(output)).toMatch(/^Backed up \d+ pages to /);
    expect(pushedDuring).toBeGreaterThan(0);
    await expect(runAdmin(['backup', file], { dataDir })).rejects.toThrow(/exists already/);
    await server.stop();

    // The README's restore: the server stopped, the file put back as DATA_DIR/fieldbook.sqlite.
    mkdirSync(restoredDir);
    copyFileSync(file, path.join(restoredDir, SQLITE_FILE_NAME));
    const restored = await openSqliteStore(restoredDir, { clock: live });
    const { seq, rows } = await snapshot(restored);
    await restored.close();
    // A snapshot: the 50 pushed before, none lost between, and a seq counter matching the rows.
    expect(rows.length).toBeGreaterThanOrEqual(50);
    expect(rows.length).toBeLessThanOrEqual(50 + pushedDuring);
    expect(seq).toBe(rows.length);
    const again = await startServer({ DATA_DIR: restoredDir, DATABASE_URL: '' });
    servers.push(again);
    // Every page: on a slow machine more than one page's worth can land during the backup.
    let served = 0;
    for (let since: string | number = 0, more = true; more;) {
      const pulled = await fetch(`${again.url}/api/sync/pull?limit=1000&since=${since}`, {
        headers: { Authorization: `Bearer ${ann.token}` },
      });
      expect(pulled.status).toBe(200);
      const page = (await pulled.json()) as {
        rows: unknown[];
        next: string | number;
        hasMore: boolean;
      };
      served += page.rows.length;
      since = encodeURIComponent(String(page.next));
      more = page.hasMore;
    }
    expect(served).toBe(rows.length);
  }, 180_000);
});

notePgSkipped('PostgreSQL backup');
describe.skipIf(!PG_URL)('[backup] PostgreSQL', () => {
  it('the CLI points at pg_dump; the README line with pg_restore brings the data back', async () => {
    const url = PG_URL ?? '';
    const w = await makeWorld('postgres');
    const restoredDb = `fb_restore_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
    const dump = path.join(mkdtempSync(path.join(tmpdir(), 'fieldbook-pgdump-')), 'fieldbook.dump');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await w.push(w.ann, [op(w.inspectionId), op(w.inspectionId), op(w.inspectionId)]);
      const before = await snapshot(w.store);
      expect(before.rows).toHaveLength(3);

      await expect(
        runAdmin(['backup', dump], {
          dataDir: tmpdir(),
          env: { DATABASE_URL: url, DATABASE_SCHEMA: w.schema ?? '' },
        }),
      ).rejects.toThrow(/pg_dump --format=custom/);

      // PG_DUMP_LINE, narrowed to this test's schema because the test database is shared.
      expect(PG_DUMP_LINE).toBe('pg_dump --format=custom --file=fieldbook.dump "$DATABASE_URL"');
      await run('pg_dump', ['--format=custom', `--schema=${w.schema}`, `--file=${dump}`, url]);
      expect(existsSync(dump)).toBe(true);
      await admin.query(`create database ${restoredDb}`);
      const restoredUrl = new URL(url);
      restoredUrl.pathname = `/${restoredDb}`;
      await run('pg_restore', ['--no-owner', `--dbname=${restoredUrl.href}`, dump]);
      const restored = await openPostgresStore(restoredUrl.href, {
        clock: w.clock,
        schema: w.schema ?? 'public',
      });
      try {
        expect(await snapshot(restored)).toEqual(before);
      } finally {
        await restored.close();
      }
    } finally {
      await w.close();
      await admin.query(`drop database if exists ${restoredDb} with (force)`);
      await admin.end();
    }
  }, 120_000);
});
