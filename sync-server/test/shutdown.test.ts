import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropSchema, openPostgresStore, openSqliteStore } from '../src/store/open';
import type { Store } from '../src/store/types';
import { startServer } from './processes';
import { PG_URL, addPerson, notePgSkipped, storeKinds } from './world';

/**
 * Graceful shutdown (issue 11 point 5): SIGTERM ends open event streams at once, the store is
 * closed (PostgreSQL's LISTEN connection too, or the process would never exit), the process exits
 * 0, and everything it logged on the way is one JSON object per line.
 */
const live = { now: () => Date.now() };

notePgSkipped('graceful shutdown');
describe.each(storeKinds())('graceful shutdown on %s', (kind) => {
  it('SIGTERM ends open event streams, closes the store and exits 0, logging JSON lines', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldbook-shutdown-'));
    const schema = `fb_stop_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const store: Store =
      kind === 'postgres'
        ? await openPostgresStore(PG_URL ?? '', { clock: live, schema })
        : await openSqliteStore(dataDir, { clock: live });
    const ann = await addPerson(store, 'ann', live);
    await store.close();
    const env: Record<string, string> =
      kind === 'postgres'
        ? { DATABASE_URL: PG_URL ?? '', DATABASE_SCHEMA: schema }
        : { DATA_DIR: dataDir, DATABASE_URL: '' };
    const server = await startServer({ ...env, LOG_LEVEL: 'info' });
    try {
      const res = await fetch(`${server.url}/api/sync/events`, {
        headers: { Authorization: `Bearer ${ann.token}` },
      });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      const streamEnded = (async () => {
        for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) return true;
      })();
      expect(await server.stop()).toBe(0);
      expect(await streamEnded).toBe(true);
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; route?: string; userId?: string });
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['Shutting down', 'Stopped']));
      expect(lines.find((l) => l.route === '/api/sync/events')?.userId).toBe(ann.id);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (kind === 'postgres') await dropSchema(PG_URL ?? '', schema);
    }
  }, 120_000);
});
