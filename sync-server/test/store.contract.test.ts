import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
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
  type StoreKind,
} from './world';

/**
 * One contract, two databases (STYLE.md 8): every store implementation must pass this suite.
 * PostgreSQL runs when DATABASE_URL is set, each file in its own throwaway schema.
 */
notePgSkipped('store contract');

const contract = (kind: StoreKind) => {
  const clock = fixedClock(START_MS, 1);
  let opened: OpenedStore;
  let ann: Person;
  let inspectionId: string;
  const push = (ops: unknown[]) =>
    pushOps(opened.store, clock, { userId: ann.id, clientId: randomUUID(), ops });

  beforeAll(async () => {
    opened = await openTestStore(kind, clock);
    ann = await addPerson(opened.store, 'ann', clock);
    const lead = await addPerson(opened.store, 'lead', clock);
    inspectionId = await addInspection(opened.store, 'cp-joint-2012', lead, [ann]);
  });
  afterAll(() => opened.close());

  it('[S4] gives each applied op its own seq, strictly increasing in commit order', async () => {
    const before = await opened.store.currentSeq();
    const first = await push([op(inspectionId), op(inspectionId), op(inspectionId)]);
    const second = await push([op(inspectionId)]);
    const seqs = [...first, ...second].map((r) => (r.status === 'applied' ? r.seq : -1));
    expect(seqs).toEqual([before + 1, before + 2, before + 3, before + 4]);
    expect(await opened.store.currentSeq()).toBe(before + 4);
  });

  it('[S4] rolls the whole transaction back on any error, seq included', async () => {
    const before = await opened.store.currentSeq();
    const row = op(inspectionId);
    await expect(
      opened.store.write(async (tx) => {
        await tx.upsertRows([
          {
            entity: 'childCase',
            id: row.entityId,
            inspectionId,
            author: ann.id,
            createdAt: 'x',
            updatedAt: 'x',
            seq: tx.seqAtStart + 1,
            deleted: false,
            fields: row.fields,
            stamps: {},
            conflicts: {},
            deletedBy: null,
            changedBy: null,
            changedElsewhere: null,
          },
        ]);
        await tx.setSeq(tx.seqAtStart + 1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await opened.store.currentSeq()).toBe(before);
    expect(await opened.store.rowById(row.entityId)).toBeUndefined();
  });

  it('[S3] a failing statement mid-push leaves nothing behind', async () => {
    const before = await opened.store.currentSeq();
    const good = op(inspectionId);
    await expect(
      opened.store.write(async (tx) => {
        await tx.insertOps([
          {
            opId: good.opId,
            seq: tx.seqAtStart + 1,
            userId: ann.id,
            clientId: randomUUID(),
            inspectionId,
            entity: 'childCase',
            entityId: good.entityId,
            kind: 'put',
            fields: {},
            base: {},
            bodyHash: 'h',
            status: 'applied',
            reason: null,
            at: 'x',
          },
        ]);
        // The same op id twice violates the primary key: the database itself refuses.
        await tx.insertOps([
          {
            opId: good.opId,
            seq: null,
            userId: ann.id,
            clientId: randomUUID(),
            inspectionId,
            entity: 'childCase',
            entityId: good.entityId,
            kind: 'put',
            fields: {},
            base: {},
            bodyHash: 'h',
            status: 'rejected',
            reason: 'invalid',
            at: 'x',
          },
        ]);
      }),
    ).rejects.toThrow();
    expect(await opened.store.currentSeq()).toBe(before);
    const [result] = await push([good]);
    expect(result?.status).toBe('applied');
  });

  it('[S4] concurrent pushes commit together, but a failing one rolls back alone', async () => {
    const before = await opened.store.currentSeq();
    const doomed = op(inspectionId);
    const pushes = [push([op(inspectionId), op(inspectionId)]), push([op(inspectionId)])];
    const failing = opened.store.write(async (tx) => {
      await tx.upsertRows([
        {
          entity: 'childCase',
          id: doomed.entityId,
          inspectionId,
          author: ann.id,
          createdAt: 'x',
          updatedAt: 'x',
          seq: tx.seqAtStart + 1,
          deleted: false,
          fields: doomed.fields,
          stamps: {},
          conflicts: {},
          deletedBy: null,
          changedBy: null,
          changedElsewhere: null,
        },
      ]);
      await tx.setSeq(tx.seqAtStart + 1);
      throw new Error('this push fails');
    });
    pushes.push(push([op(inspectionId)]));
    await expect(failing).rejects.toThrow('this push fails');
    const seqs = (await Promise.all(pushes))
      .flat()
      .map((r) => (r.status === 'applied' ? r.seq : -1));
    expect(seqs.sort((a, b) => a - b)).toEqual([before + 1, before + 2, before + 3, before + 4]);
    expect(await opened.store.rowById(doomed.entityId)).toBeUndefined();
    expect(await opened.store.currentSeq()).toBe(before + 4);
  });

  it('[S3] [S5] pushes that share a commit (and its one read) see what the earlier ones wrote', async () => {
    const lead = await addPerson(opened.store, `lead3-${randomUUID().slice(0, 6)}`, clock);
    const team = await addInspection(opened.store, 'cp-joint-2012', lead, [ann]);
    const stored = op(team);
    const [made] = await push([stored]);
    const storedSeq = made?.status === 'applied' ? made.seq : 0;
    const before = await opened.store.currentSeq();
    const created = op(team);
    const change = (base: number) =>
      op(team, {
        entityId: stored.entityId,
        fields: { caseRef: `LA-${base}-${randomUUID().slice(0, 4)}` },
        base: { caseRef: base },
      });
    const byAnn = (ops: unknown[]) =>
      pushOps(opened.store, clock, { userId: ann.id, clientId: randomUUID(), ops });
    // Not awaited one by one: queued in the same tick, the three run in one commit group.
    const [first, second, third] = await Promise.all([
      byAnn([created, change(storedSeq)]),
      byAnn([
        created,
        change(storedSeq),
        op(team, { entityId: created.entityId, fields: { caseRef: 'LA-9' } }),
      ]),
      pushOps(opened.store, clock, {
        userId: lead.id,
        clientId: randomUUID(),
        ops: [{ ...op(team), opId: created.opId }],
      }),
    ]);
    expect(first?.map((r) => [r.status, r.status === 'applied' ? r.seq : null])).toEqual([
      ['applied', before + 1],
      ['applied', before + 2],
    ]);
    // From the group's buffer: the op first stored, the row it made, the field it changed.
    expect(second?.map((r) => r.status)).toEqual(['duplicate', 'conflict', 'conflict']);
    expect(third).toEqual([{ opId: created.opId, status: 'rejected', reason: 'op-id-reused' }]);
    expect(await opened.store.currentSeq()).toBe(before + 4);
    const row = await opened.store.rowById(stored.entityId);
    expect(row?.conflicts.caseRef).toHaveLength(1);
    expect((await opened.store.rowById(created.entityId))?.fields.caseRef).toBe('LA-9');
  });

  it('[S4] a commit group larger than one bulk statement is written whole, counter and refusals included', async () => {
    const before = await opened.store.currentSeq();
    // Queued in one tick, twelve pushes of 500 share one group: 6,000 ops, more than PostgreSQL
    // writes in one statement (pg-writes.ts), so it takes several plus the group's last one.
    const pushes = Array.from({ length: 12 }, () =>
      Array.from({ length: 500 }, () => op(inspectionId)),
    );
    const refused = { ...op(inspectionId), entity: 'noSuchEntity' };
    pushes[11]?.splice(499, 1, refused);
    const results = (await Promise.all(pushes.map((ops) => push(ops)))).flat();
    expect(results.filter((r) => r.status === 'applied')).toHaveLength(5_999);
    expect(results.at(-1)).toEqual({
      opId: refused.opId,
      status: 'rejected',
      reason: 'unknown-entity',
    });
    expect(await opened.store.currentSeq()).toBe(before + 5_999);
    // The first op and row of the group and the last: each written, the op in the row's history.
    for (const sent of [pushes[0]?.[0], pushes[11]?.[498]]) {
      expect(await opened.store.rowById(sent?.entityId ?? '')).toBeDefined();
      expect((await opened.store.history(sent?.entityId ?? '')).map((o) => o.opId)).toEqual([
        sent?.opId,
      ]);
    }
    // The refused op was recorded too: sent again, it is a duplicate of a rejection.
    expect(await push([refused])).toEqual([
      { opId: refused.opId, status: 'duplicate', original: 'rejected', reason: 'unknown-entity' },
    ]);
  });

  it('[S5] keeps a tombstone for a deleted row, and pull still returns it', async () => {
    const created = op(inspectionId);
    const [put] = await push([created]);
    const rowSeq = put?.status === 'applied' ? put.seq : 0;
    const [del] = await push([
      op(inspectionId, {
        entityId: created.entityId,
        kind: 'delete',
        fields: {},
        base: { _row: rowSeq },
      }),
    ]);
    expect(del?.status).toBe('applied');
    const row = await opened.store.rowById(created.entityId);
    expect(row?.deleted).toBe(true);
    expect(row?.fields.caseRef).toBe('LA-1001');
    const pulled = await opened.store.rowsSince([inspectionId], rowSeq, 10);
    expect(pulled.find((r) => r.id === created.entityId)?.deleted).toBe(true);
  });

  it('[S3] is idempotent: the same op twice is applied once and then a duplicate', async () => {
    const once = op(inspectionId);
    const [first] = await push([once]);
    const seqAfter = await opened.store.currentSeq();
    const [again] = await push([once]);
    expect(first?.status).toBe('applied');
    expect(again).toEqual({ opId: once.opId, status: 'duplicate', original: 'applied' });
    expect(await opened.store.currentSeq()).toBe(seqAfter);
    expect((await opened.store.history(once.entityId)).length).toBe(1);
  });

  it('[S6] reads rows after a cursor in seq order, across several inspections', async () => {
    const lead = await addPerson(opened.store, `lead2-${randomUUID().slice(0, 6)}`, clock);
    const second = await addInspection(opened.store, 'lac-2012', lead, [ann]);
    await push([op(second), op(inspectionId), op(second)]);
    const rows = await opened.store.rowsSince([inspectionId, second], 0, 1000);
    const seqs = rows.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const page = await opened.store.rowsSince([inspectionId, second], seqs[1] ?? 0, 2);
    expect(page.map((r) => r.seq)).toEqual(seqs.slice(2, 4));
  });

  it('ends sessions on revocation and on expiry', async () => {
    const now = new Date(START_MS).toISOString();
    const user = await opened.store.userByUsername('ann');
    expect(user?.id).toBe(ann.id);
    await opened.store.insertSession({
      tokenHash: 'live',
      userId: ann.id,
      createdAt: now,
      expiresAt: '2026-04-01T00:00:00.000Z',
    });
    expect((await opened.store.sessionUser('live', now))?.id).toBe(ann.id);
    expect(await opened.store.sessionUser('live', '2026-04-02T00:00:00.000Z')).toBeUndefined();
    expect(await opened.store.revokeSession('live', now)).toBe(true);
    expect(await opened.store.sessionUser('live', now)).toBeUndefined();
  });

  it('[S7] tells which of many sessions are live, by the same rule as one: ended, expired and revoked-device sessions are not', async () => {
    const now = new Date(START_MS).toISOString();
    // Someone of their own, so the devices here are no other test's business.
    const sam = await addPerson(opened.store, `sam-${randomUUID().slice(0, 6)}`, clock);
    const tablet = randomUUID();
    await opened.store.deviceKey(sam.id, tablet, 'tablet-key', now);
    const session = (
      tokenHash: string,
      expiresAt = '2026-04-01T00:00:00.000Z',
      deviceId?: string,
    ) =>
      opened.store.insertSession({
        tokenHash,
        userId: sam.id,
        createdAt: now,
        expiresAt,
        ...(deviceId ? { deviceId } : {}),
      });
    await session('s-live');
    await session('s-ended');
    await session('s-expired', '2026-03-02T09:00:00.000Z');
    await session('s-tablet', undefined, tablet);
    await opened.store.revokeSession('s-ended', now);
    const all = ['s-live', 's-ended', 's-expired', 's-tablet', 's-unknown'];
    expect([...(await opened.store.liveSessions(all, now))].sort()).toEqual(['s-live', 's-tablet']);
    await opened.store.revokeDevices(sam.id, tablet, now, 'lost');
    const live = await opened.store.liveSessions(all, now);
    expect([...live]).toEqual(['s-live']);
    for (const hash of all)
      expect(live.has(hash)).toBe((await opened.store.sessionUser(hash, now)) !== undefined);
    expect(await opened.store.liveSessions([], now)).toEqual(new Set());
  });

  it('keeps one key per user and device, revokes it with its sessions, and keeps settings', async () => {
    const at = new Date(START_MS).toISOString();
    const deviceId = randomUUID();
    const [a, b] = await Promise.all([
      opened.store.deviceKey(ann.id, deviceId, 'first', at),
      opened.store.deviceKey(ann.id, deviceId, 'second', at),
    ]);
    expect(a).toBe(b);
    expect(await opened.store.deviceKey(ann.id, deviceId, 'third', at)).toBe(a);
    await opened.store.insertSession({
      tokenHash: 'on-device',
      userId: ann.id,
      createdAt: at,
      expiresAt: '2026-04-01T00:00:00.000Z',
      deviceId,
    });
    expect((await opened.store.sessionUser('on-device', at))?.id).toBe(ann.id);
    expect(await opened.store.sessionDeviceRevoked('on-device')).toBeNull();
    expect(await opened.store.retiringSessionUser('on-device', at)).toBeUndefined();
    expect(await opened.store.revokeDevices(ann.id, deviceId, at, 'lost')).toBe(1);
    expect(await opened.store.sessionUser('on-device', at)).toBeUndefined();
    expect(await opened.store.sessionDeviceRevoked('on-device')).toBe('lost');
    expect(await opened.store.sessionDeviceRevoked('no-such-token')).toBeNull();
    // Lost or stolen: nothing more from it, not even its unsent work.
    expect(await opened.store.retiringSessionUser('on-device', at)).toBeUndefined();
    const retired = crypto.randomUUID();
    await opened.store.deviceKey(ann.id, retired, 'retired-key', at);
    await opened.store.insertSession({
      tokenHash: 'on-retired',
      userId: ann.id,
      createdAt: at,
      expiresAt: '2026-04-01T00:00:00.000Z',
      deviceId: retired,
    });
    expect(await opened.store.revokeDevices(ann.id, retired, at, 'retired')).toBe(1);
    expect(await opened.store.sessionUser('on-retired', at)).toBeUndefined();
    expect(await opened.store.sessionDeviceRevoked('on-retired')).toBe('retired');
    // Retired: it may still send its unsent work (and only that), until the session ends.
    expect((await opened.store.retiringSessionUser('on-retired', at))?.id).toBe(ann.id);
    expect(
      await opened.store.retiringSessionUser('on-retired', '2026-04-02T00:00:00.000Z'),
    ).toBeUndefined();
    expect((await opened.store.listDevices(ann.id)).map((d) => d.revokeMode).sort()).toEqual([
      'lost',
      'retired',
    ]);
    await opened.store.setSetting('idleLockMinutes', '7');
    await opened.store.setSetting('idleLockMinutes', '8');
    expect(await opened.store.setting('idleLockMinutes')).toBe('8');
  });

  it('counts recent sign-in failures by username and by address', async () => {
    const at = new Date(START_MS).toISOString();
    await opened.store.audit([
      { at, kind: 'login-failed', username: 'zed', address: '10.0.0.1' },
      { at, kind: 'login-failed', username: 'zed', address: '10.0.0.2' },
    ]);
    expect(
      (await opened.store.loginFailuresSince({ username: 'zed' }, '2026-01-01T00:00:00Z')).count,
    ).toBe(2);
    expect(
      (await opened.store.loginFailuresSince({ address: '10.0.0.2' }, '2026-01-01T00:00:00Z'))
        .count,
    ).toBe(1);
    expect(
      (await opened.store.loginFailuresSince({ username: 'zed' }, '2027-01-01T00:00:00Z')).count,
    ).toBe(0);
  });
};

describe('store contract: SQLite', () => contract('sqlite'));
describe.skipIf(!PG_URL)('store contract: PostgreSQL', () => contract('postgres'));
