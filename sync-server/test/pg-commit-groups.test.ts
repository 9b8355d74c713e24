import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import type { MergeRow } from '../../src/domain/merge';
import { pushOps } from '../src/sync/push';
import {
  PG_URL,
  START_MS,
  addInspection,
  addPerson,
  notePgSkipped,
  op,
  openTestStore,
  type OpenedStore,
  type Person,
} from './world';

/**
 * How commit groups keep PostgreSQL busy (sync-store.ts): a group sends its first writes while it
 * judges the rest (writeAhead), and the next group opens its transaction while the one before is
 * still writing: it waits at the counter lock, so it is judged only after that group has
 * committed, on what it committed, and its seqs follow (S4).
 */
notePgSkipped('PostgreSQL commit groups');

const POLL_MS = 20;
const WAIT_LIMIT_MS = 5_000;

describe.skipIf(!PG_URL)('[S4] PostgreSQL commit groups', () => {
  const clock = fixedClock(START_MS, 1);
  let opened: OpenedStore;
  let outside: pg.Client;
  let ann: Person;
  let inspectionId = '';

  beforeAll(async () => {
    opened = await openTestStore('postgres', clock);
    const lead = await addPerson(opened.store, 'lead', clock);
    ann = await addPerson(opened.store, 'ann', clock);
    inspectionId = await addInspection(opened.store, 'cp-joint-2012', lead, [ann]);
    outside = new pg.Client({ connectionString: PG_URL });
    await outside.connect();
  });

  afterAll(async () => {
    await outside?.end();
    await opened?.close();
  });

  const push = (ops: unknown[]) =>
    pushOps(opened.store, clock, { userId: ann.id, clientId: randomUUID(), ops });

  /** Whether any transaction holds a lock to write this schema's table (only writers take it). */
  const writing = async (table: 'rows' | 'ops'): Promise<boolean> => {
    const { rows } = await outside.query<{ n: string }>(
      `select count(*) as n from pg_locks
        where locktype = 'relation' and mode = 'RowExclusiveLock' and relation = $1::regclass`,
      [`"${opened.schema}".${table}`],
    );
    return Number(rows[0]?.n) > 0;
  };
  const rowOf = (id: string, seq: number, caseRef: string): MergeRow => ({
    entity: 'childCase',
    id,
    inspectionId,
    author: ann.id,
    createdAt: 'x',
    updatedAt: 'x',
    seq,
    deleted: false,
    fields: { caseRef },
    stamps: {},
    conflicts: {},
    deletedBy: null,
    changedBy: null,
    changedElsewhere: null,
  });

  it('[S4] a group writes its first writes while it runs the next, and changes a row it wrote ahead in place', async () => {
    const before = await opened.store.currentSeq();
    const id = randomUUID();
    const runs = { first: 0, second: 0, third: 0 };
    let writtenAhead = false;
    // Queued in one tick: one group. The first creates a row; while the second runs, the first's
    // writes are already in the database's hands; the second changes the same row again.
    const writes = [
      opened.store.write(async (tx) => {
        runs.first += 1;
        expect((await tx.rowsById([id])).size).toBe(0);
        await tx.upsertRows([rowOf(id, tx.seqAtStart + 1, 'LA-1')]);
        await tx.setSeq(tx.seqAtStart + 1);
      }),
      opened.store.write(async (tx) => {
        runs.second += 1;
        writtenAhead = await until(() => writing('rows'));
        await tx.upsertRows([rowOf(id, tx.seqAtStart + 1, 'LA-2')]);
        await tx.setSeq(tx.seqAtStart + 1);
      }),
      opened.store.write(async () => {
        runs.third += 1;
      }),
    ];
    await Promise.all(writes);
    expect(writtenAhead).toBe(true);
    // Not run again one by one, as after a failed group: the row written ahead was upserted.
    expect(runs).toEqual({ first: 1, second: 1, third: 1 });
    expect((await opened.store.rowById(id))?.fields.caseRef).toBe('LA-2');
    expect(await opened.store.currentSeq()).toBe(before + 2);
  });

  /** Transactions waiting for a row of this schema's `table`: each holds that row's tuple lock. */
  const waitingAt = async (table: 'rows' | 'counters'): Promise<number> => {
    const { rows } = await outside.query<{ n: string }>(
      `select count(*) as n from pg_locks
        where locktype = 'tuple' and relation = $1::regclass`,
      [`"${opened.schema}".${table}`],
    );
    return Number(rows[0]?.n);
  };
  const until = async (check: () => Promise<boolean>): Promise<boolean> => {
    for (let waited = 0; waited < WAIT_LIMIT_MS; waited += POLL_MS) {
      if (await check()) return true;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return false;
  };

  it('[S4] the next group waits at the counter lock while the one before writes, then follows it', async () => {
    const stored = op(inspectionId);
    const [made] = await push([stored]);
    const storedSeq = made?.status === 'applied' ? made.seq : 0;
    // Another transaction holds the stored row, so the first group's last statement (its
    // upsert of that row) waits with the counter locked.
    await outside.query('begin');
    await outside.query(`select 1 from "${opened.schema}".rows where id = $1 for update`, [
      stored.entityId,
    ]);
    const change = op(inspectionId, {
      entityId: stored.entityId,
      fields: { caseRef: 'LA-2002' },
      base: { caseRef: storedSeq },
    });
    const first = push([change]);
    let second: ReturnType<typeof push> | undefined;
    try {
      expect(await until(async () => (await waitingAt('rows')) === 1)).toBe(true);
      second = push([op(inspectionId)]);
      // The second group has begun and waits for the counter while the first is still writing.
      expect(await until(async () => (await waitingAt('counters')) === 1)).toBe(true);
    } finally {
      await outside.query('commit');
    }
    const [changed] = await first;
    const [created] = (await second) ?? [];
    expect(changed).toMatchObject({ status: 'applied', seq: storedSeq + 1 });
    expect(created).toMatchObject({ status: 'applied', seq: storedSeq + 2 });
    expect((await opened.store.rowById(stored.entityId))?.fields.caseRef).toBe('LA-2002');
    expect(await opened.store.currentSeq()).toBe(storedSeq + 2);
  });
});
