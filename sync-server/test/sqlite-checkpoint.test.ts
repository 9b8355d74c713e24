import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { SQLITE_FILE_NAME } from '../src/store/open';
import { BACKSTOP_CHECKPOINT_PAGES } from '../src/store/sqlite-checkpoint';
import { pushOps } from '../src/sync/push';
import {
  START_MS,
  addInspection,
  addPerson,
  evidenceFields,
  op,
  openTestStore,
  type OpenedStore,
  type Person,
} from './world';

/**
 * The SQLite store checkpoints its WAL from a worker thread after commits, so no push's commit
 * has to copy pages into the database file on the request thread (sqlite-checkpoint.ts).
 */
describe('SQLite WAL checkpoints off the request thread', () => {
  const clock = fixedClock(START_MS, 1);
  let opened: OpenedStore;
  let ann: Person;
  let inspectionId: string;

  beforeAll(async () => {
    opened = await openTestStore('sqlite', clock);
    ann = await addPerson(opened.store, 'ann', clock);
    inspectionId = await addInspection(opened.store, 'cp-joint-2012', ann, []);
  });
  afterAll(() => opened.close());

  it('copies pushed pages into the database file long before the WAL reaches its backstop', async () => {
    const file = path.join(opened.dataDir ?? '', SQLITE_FILE_NAME);
    const before = statSync(file).size;
    const text = 'x'.repeat(2_000);
    for (let push = 0; push < 10; push++) {
      const ops = Array.from({ length: 100 }, () =>
        op(inspectionId, { entity: 'evidence', fields: evidenceFields({ text }) }),
      );
      const results = await pushOps(opened.store, clock, {
        userId: ann.id,
        clientId: randomUUID(),
        ops,
      });
      expect(results.every((r) => r.status === 'applied')).toBe(true);
    }
    // About 5 MB were written: a few thousand WAL pages, far below the automatic checkpoint's
    // threshold, so only the worker can have moved them into the database file.
    expect(BACKSTOP_CHECKPOINT_PAGES * 4096).toBeGreaterThan(50_000_000);
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 4_000_000), {
      timeout: 30_000,
      interval: 50,
    });
    // And what it copied is the data: a connection reading the file sees every row.
    const check = new BetterSqlite3(file, { readonly: true });
    try {
      const { n } = check.prepare('select count(*) as n from rows').get() as { n: number };
      expect(n).toBe(1_000);
    } finally {
      check.close();
    }
  });
});
