import { randomUUID } from 'node:crypto';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import supertest from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/clock';
import { ADMIN_ROUTES } from '../../src/domain/admin';
import { SCHEMA_VERSION } from '../../src/domain/protocol';
import { setStatus } from '../src/admin/inspection-commands';
import {
  PURGE_EVERY_MS,
  liftLegalHold,
  purgeDue,
  setLegalHold,
  setRetention,
  startPurgeSchedule,
} from '../src/admin/retention-commands';
import { createApp } from '../src/app';
import { SQLITE_FILE_NAME } from '../src/store/open';
import {
  PG_URL,
  START_MS,
  addInspection,
  addPerson,
  evidenceFields,
  notePgSkipped,
  openTestStore,
  storeKinds,
  type OpenedStore,
} from './world';

/** DESIGN.md §4.3 on both stores: retention date, legal hold, purge at start and daily. */
notePgSkipped('retention');

/** Distinctive, so finding any of them anywhere in the database can only mean a leftover. */
const EVIDENCE_TEXT = 'Quillfeather strategy minutes were never signed by the police sergeant';
const EARLIER_TEXT = 'Bramblewick first draft of the strategy minutes note';
const CASE_REF = 'QX-88213-RT';
const CONCERN = 'Larkspur sibling seen with an unexplained bruise at the contact centre';
const REFUSED_TEXT = 'Thistledown text inside an op the server refused';
const SECRETS = [EVIDENCE_TEXT, EARLIER_TEXT, CASE_REF, CONCERN, REFUSED_TEXT];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every row of every table, raw from the database file or schema, as one string to search. */
const dumpDatabase = async (opened: OpenedStore): Promise<string> => {
  if (opened.dataDir) {
    const db = new BetterSqlite3(path.join(opened.dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      const tables = db.prepare(`select name from sqlite_master where type = 'table'`).all() as {
        name: string;
      }[];
      return JSON.stringify(
        Object.fromEntries(
          tables.map((t) => [t.name, db.prepare(`select * from "${t.name}"`).all()]),
        ),
      );
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = $1`,
      [opened.schema],
    );
    const dump: Record<string, unknown> = {};
    for (const { table_name: name } of tables.rows)
      dump[name] = (await client.query(`select * from "${opened.schema}"."${name}"`)).rows;
    return JSON.stringify(dump);
  } finally {
    await client.end();
  }
};

const leftovers = (dump: string) => SECRETS.filter((s) => dump.includes(s));

describe.each(storeKinds())('§4.3 retention and purge on %s', (kind) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  /** An inspection with evidence (and a conflict over its text), a case, a concern and a refused op. */
  const setUp = async () => {
    let nowMs = START_MS;
    const clock: Clock = { now: () => nowMs };
    opened = await openTestStore(kind, clock);
    const { store } = opened;
    const lead = await addPerson(store, 'lena', clock);
    const ivy = await addPerson(store, 'ivy', clock);
    const coordinator = await addPerson(store, 'cora', clock, true);
    const inspectionId = await addInspection(store, 'cp-joint-2012', lead, [ivy]);
    const http = supertest(createApp({ store, clock }));
    const push = async (token: string, ops: unknown[], clientId = randomUUID()) =>
      (
        await http
          .post('/api/sync/push')
          .set('Authorization', `Bearer ${token}`)
          .send({ clientId, schemaVersion: SCHEMA_VERSION, ops })
      ).body as { results: { status: string }[] };
    const evidenceId = randomUUID();
    const put = (entity: string, entityId: string, fields: Record<string, unknown>) => ({
      opId: randomUUID(),
      entity,
      entityId,
      inspectionId,
      kind: 'put',
      fields,
      base: {},
    });
    const first = await push(ivy.token, [
      put('evidence', evidenceId, evidenceFields({ text: EARLIER_TEXT })),
      put('childCase', randomUUID(), { caseRef: CASE_REF, selection: 'tracked' }),
      put('safeguardingConcern', randomUUID(), {
        raisedAt: '2026-03-02T11:00:00Z',
        concern: CONCERN,
        status: 'open',
      }),
      // Refused (an unknown field) but kept in the op log as sent.
      put('evidence', randomUUID(), evidenceFields({ text: REFUSED_TEXT, colour: 'red' })),
    ]);
    expect(first.results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'rejected',
    ]);
    // Ivy's second tablet edits the text without having seen the first: a conflict keeps both.
    const second = await push(ivy.token, [put('evidence', evidenceId, { text: EVIDENCE_TEXT })]);
    expect(second.results[0]?.status).toBe('conflict');

    const before = await dumpDatabase(opened);
    expect(leftovers(before)).toEqual(SECRETS); // the search finds what is there
    await setStatus(store, clock, { inspection: inspectionId, status: 'reported' });
    const reportedAt = new Date(nowMs).toISOString();
    const actor = { userId: coordinator.id, username: 'cora', address: null };
    return {
      store,
      opened,
      clock,
      http,
      coordinator,
      lead,
      inspectionId,
      reportedAt,
      actor,
      ivy,
      evidenceId,
      push,
      put,
      setNow: (ms: number) => (nowMs = ms),
    };
  };

  it('[§4.3] purges at the retention date (12 months after reported): no evidence text, case reference or concern left in any table or the op log; one audit entry; a legal hold stops it until lifted', async () => {
    const { store, opened, clock, inspectionId, reportedAt, actor, setNow } = await setUp();
    const retention = async () => (await store.inspectionById(inspectionId))?.retention;
    expect(await retention()).toMatchObject({
      reportedAt,
      retainUntil: null,
      purgeOn: '2027-03-02',
      legalHold: null,
      purgedAt: null,
    });

    // At start, a day after it was reported: nothing is due. The daily timer is the test's.
    let tick: (() => void) | undefined;
    const errors: unknown[] = [];
    const schedule = startPurgeSchedule({
      store,
      clock,
      timers: {
        setInterval: (run, ms) => {
          expect(ms).toBe(PURGE_EVERY_MS);
          tick = run;
          return 1;
        },
        clearInterval: () => (tick = undefined),
      },
      onError: (e) => errors.push(e),
    });
    setNow(START_MS + DAY_MS);
    await schedule.first;
    const daily = async (ms: number) => {
      setNow(ms);
      tick?.();
      // Each run is queued behind the last: a purge of nothing due settles at once.
      await purgeDue(store, clock);
    };

    await daily(Date.parse('2027-03-01T23:59:00.000Z'));
    expect(leftovers(await dumpDatabase(opened))).toEqual(SECRETS);

    // A legal hold (with its reason), set the day before: the date passes, nothing is purged.
    await setLegalHold(
      store,
      clock,
      { inspection: inspectionId, reason: 'Family court disclosure order 2027/114' },
      actor,
    );
    expect((await retention())?.legalHold).toMatchObject({
      reason: 'Family court disclosure order 2027/114',
      by: 'cora',
    });
    await daily(Date.parse('2027-03-05T02:00:00.000Z'));
    expect(leftovers(await dumpDatabase(opened))).toEqual(SECRETS);
    expect((await retention())?.purgedAt).toBeNull();

    // Lifted (with a reason): the next daily run purges.
    await liftLegalHold(
      store,
      clock,
      { inspection: inspectionId, reason: 'Disclosure completed' },
      actor,
    );
    setNow(Date.parse('2027-03-06T02:00:00.000Z'));
    tick?.();
    await expect.poll(async () => (await retention())?.purgedAt).toBe('2027-03-06T02:00:00.000Z');
    schedule.stop();
    expect(tick).toBeUndefined();
    expect(errors).toEqual([]);

    const dump = await dumpDatabase(opened);
    expect(leftovers(dump)).toEqual([]);
    // Ids, authors and times are kept: the rows and the op log are all still there, content-free.
    const rows = await store.rowsSince([inspectionId], 0, 100);
    expect(rows.map((r) => r.entity).sort()).toEqual([
      'childCase',
      'evidence',
      'safeguardingConcern',
    ]);
    for (const row of rows) {
      expect(row.fields).toEqual({});
      expect(row.conflicts).toEqual({});
      expect(row.author).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.createdAt).toMatch(/^2026-03-02T/);
    }
    expect(dump).toContain(inspectionId);

    const audit = await store.auditEntries(50);
    const purges = audit.filter((e) => e.kind === 'inspection-purged');
    expect(purges).toHaveLength(1);
    expect(purges[0]).toMatchObject({
      at: '2027-03-06T02:00:00.000Z',
      userId: null, // by the daily schedule
      detail: {
        inspectionId,
        area: 'Leeds',
        via: 'schedule',
        rows: 3,
        ops: 5,
        purgeOn: '2027-03-02',
        purged: expect.stringContaining('content'),
      },
    });
    expect(audit.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['legal-hold-set', 'legal-hold-lifted']),
    );
    // Purged once only: later runs find nothing due.
    expect(await purgeDue(store, clock)).toEqual([]);
  });

  it('[§4.3] a coordinator’s retention date replaces the default, and the purge command runs what is due', async () => {
    const { store, opened, clock, inspectionId, actor, setNow } = await setUp();
    await setRetention(store, clock, { inspection: inspectionId, until: '2026-06-30' }, actor);
    expect((await store.inspectionById(inspectionId))?.retention).toMatchObject({
      retainUntil: '2026-06-30',
      purgeOn: '2026-06-30',
    });
    await expect(
      setRetention(store, clock, { inspection: inspectionId, until: '30/06/2026' }, actor),
    ).rejects.toThrow(/date like/);
    await expect(
      setLegalHold(store, clock, { inspection: inspectionId, reason: '   ' }, actor),
    ).rejects.toThrow(/reason/);
    setNow(Date.parse('2026-06-29T12:00:00.000Z'));
    expect(await purgeDue(store, clock, actor)).toEqual([]);
    setNow(Date.parse('2026-06-30T08:00:00.000Z'));
    expect(await purgeDue(store, clock, actor)).toEqual([
      { inspectionId, area: 'Leeds', rows: 3, ops: 5 },
    ]);
    expect(leftovers(await dumpDatabase(opened))).toEqual([]);
    const [entry] = (await store.auditEntries(5)).filter((e) => e.kind === 'inspection-purged');
    expect(entry).toMatchObject({ username: 'cora', detail: { via: 'api' } });
    // Back to a status before reported: no purge date until it is reported again.
    await setStatus(store, clock, { inspection: inspectionId, status: 'moderation' });
    expect((await store.inspectionById(inspectionId))?.retention.purgeOn).toBeNull();
  });

  it('[§4.3] a device offline since before the purge pushes into the purged inspection: its ops are refused (forbidden) and none of their content is kept, not even in the op log; a retry is a duplicate of that refusal', async () => {
    const { store, opened, clock, inspectionId, actor, ivy, evidenceId, push, put, setNow } =
      await setUp();
    // Within the test sessions' 30 days, so the device's token still works.
    await setRetention(store, clock, { inspection: inspectionId, until: '2026-03-20' }, actor);
    setNow(Date.parse('2026-03-21T09:00:00.000Z'));
    expect(await purgeDue(store, clock, actor)).toHaveLength(1);
    const seqAfterPurge = await store.currentSeq();

    const LATE_TEXT = 'Marigoldfen note typed offline on a tablet that missed the purge';
    const LATE_CASE_REF = 'MF-40417-LT';
    const LATE_CONCERN = 'Cobblestone concern raised offline after the inspection was reported';
    const late = [
      put('evidence', evidenceId, { text: LATE_TEXT }),
      put('evidence', randomUUID(), evidenceFields({ text: LATE_TEXT })),
      put('childCase', randomUUID(), { caseRef: LATE_CASE_REF, selection: 'sampled' }),
      put('safeguardingConcern', randomUUID(), {
        raisedAt: '2026-03-19T16:00:00Z',
        concern: LATE_CONCERN,
        status: 'open',
      }),
    ];
    const clientId = randomUUID();
    const answer = await push(ivy.token, late, clientId);
    expect(answer.results).toEqual(
      late.map((op) => ({ opId: op.opId, status: 'rejected', reason: 'forbidden' })),
    );
    // Sent again (the device never heard the answer): the same refusal, and still nothing kept.
    const retry = await push(ivy.token, late, clientId);
    expect(retry.results).toEqual(
      late.map((op) => ({
        opId: op.opId,
        status: 'duplicate',
        original: 'rejected',
        reason: 'forbidden',
      })),
    );

    const dump = await dumpDatabase(opened);
    for (const secret of [...SECRETS, LATE_TEXT, LATE_CASE_REF, LATE_CONCERN])
      expect(dump.includes(secret), secret).toBe(false);
    expect(await store.currentSeq()).toBe(seqAfterPurge);
    const rows = await store.rowsSince([inspectionId], 0, 100);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.fields).toEqual({});
    // The refusals are in the audit log, saying why, with nothing of what was sent.
    const refused = (await store.auditEntries(50)).filter(
      (e) => e.kind === 'op-rejected' && late.some((op) => op.opId === e.detail?.opId),
    );
    expect(refused).toHaveLength(4);
    expect(refused[0]?.detail).toMatchObject({
      reason: 'forbidden',
      message: expect.stringMatching(/purged/),
    });
  });

  it('[§4.3] the coordinator’s API sets the date and the hold (with a reason) and purges; the lead sees the purge date on /api/me', async () => {
    const { http, coordinator, lead, inspectionId, setNow } = await setUp();
    const as = (p: { token: string }) => `Bearer ${p.token}`;
    const retention = ADMIN_ROUTES.inspectionRetention(inspectionId);
    const hold = ADMIN_ROUTES.inspectionLegalHold(inspectionId);

    const me = await http.get('/api/me').set('Authorization', as(lead));
    expect(me.body.inspections[0].retention).toMatchObject({ purgeOn: '2027-03-02' });
    expect((await http.put(retention).set('Authorization', as(lead)).send({})).status).toBe(403);

    const bad = await http
      .put(retention)
      .set('Authorization', as(coordinator))
      .send({ retainUntil: '2026-13-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('retainUntil');
    const set = await http
      .put(retention)
      .set('Authorization', as(coordinator))
      .send({ retainUntil: '2026-03-20' });
    expect(set.status).toBe(200);
    expect(set.body.inspection.retention).toMatchObject({
      retainUntil: '2026-03-20',
      purgeOn: '2026-03-20',
    });

    const unexplained = await http
      .post(hold)
      .set('Authorization', as(coordinator))
      .send({ action: 'set', reason: '  ' });
    expect(unexplained.status).toBe(400);
    expect(unexplained.body.error.details.issues[0].path).toBe('reason');
    const held = await http
      .post(hold)
      .set('Authorization', as(coordinator))
      .send({ action: 'set', reason: 'Serious case review' });
    expect(held.body.inspection.retention.legalHold).toMatchObject({
      reason: 'Serious case review',
      by: 'cora',
    });
    // Within the test sessions' 30 days.
    setNow(Date.parse('2026-03-21T09:00:00.000Z'));
    const purge = () => http.post(ADMIN_ROUTES.purge).set('Authorization', as(coordinator));
    expect((await purge()).body).toEqual({ purged: [] });
    const lifted = await http
      .post(hold)
      .set('Authorization', as(coordinator))
      .send({ action: 'lift', reason: 'Review closed' });
    expect(lifted.body.inspection.retention.legalHold).toBeNull();
    expect((await purge()).body).toEqual({
      purged: [{ inspectionId, area: 'Leeds', rows: 3, ops: 5 }],
    });
    const after = await http.get('/api/me').set('Authorization', as(lead));
    expect(after.body.inspections[0].retention.purgedAt).toBe('2026-03-21T09:00:00.000Z');
    const pulled = await http.get('/api/sync/pull').set('Authorization', as(lead));
    expect(leftovers(JSON.stringify(pulled.body))).toEqual([]);
  });
});
