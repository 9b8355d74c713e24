import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponseSchema, type PullCursor } from '../../src/domain/protocol';
import {
  addInspection,
  makeWorld,
  notePgSkipped,
  op,
  storeKinds,
  type Person,
  type World,
} from './world';

/** S6 (opaque cursor, old numeric checkpoints) and S6a (team changes), on both stores. */
notePgSkipped('rules-cursor');

describe.each(storeKinds())('pull cursor and team changes (%s)', (kind) => {
  let w: World;
  let second = '';
  beforeAll(async () => {
    w = await makeWorld(kind);
    // A second inspection led by the lead; ann is not on it yet.
    second = await addInspection(w.store, 'lac-2012', w.lead, []);
  });
  afterAll(() => w.close());

  const pushTo = async (inspectionId: string, count: number, who: Person = w.lead) => {
    const ops = Array.from({ length: count }, () => op(inspectionId));
    const res = await w.push(who, ops);
    expect(res.status).toBe(200);
    return ops.map((o) => o.entityId);
  };

  /** Pages from `since` to the end: every row id (in order) and the last cursor. */
  const pullAll = async (who: Person, since: PullCursor = 0, limit = 7) => {
    const ids: string[] = [];
    const seqs: number[] = [];
    let cursor = since;
    for (;;) {
      const res = await w.pull(who, `?since=${encodeURIComponent(cursor)}&limit=${limit}`);
      expect(res.status).toBe(200);
      const page = PullResponseSchema.parse(res.body);
      ids.push(...page.rows.map((r) => r.id));
      seqs.push(...page.rows.map((r) => r.seq));
      cursor = page.next;
      if (!page.hasMore) return { ids, seqs, cursor };
    }
  };

  const teamOf = async (inspectionId: string) =>
    (await w.store.inspectionById(inspectionId))!.team.map((m) => ({
      inspectionId,
      userId: m.userId,
      role: m.role,
    }));

  it('[S6] an old numeric checkpoint keeps syncing: that seq for every inspection, nothing lost or repeated', async () => {
    await w.store.setTeamMember({ inspectionId: second, userId: w.ann.id, role: 'inspector' });
    await pushTo(w.inspectionId, 5);
    await pushTo(second, 5);
    await pushTo(w.inspectionId, 5);
    const everything = await pullAll(w.ann);
    expect(everything.seqs).toHaveLength(15);
    // An app that stored `since=<the 6th row's seq>` before this version:
    const checkpoint = everything.seqs[5]!;
    const resumed = await pullAll(w.ann, String(checkpoint), 4);
    expect(resumed.seqs).toEqual(everything.seqs.slice(6));
    expect(new Set(resumed.ids).size).toBe(resumed.ids.length);
    // …and from its new (opaque) cursor onwards, only what is new.
    const fresh = await pushTo(second, 2);
    expect((await pullAll(w.ann, resumed.cursor)).ids).toEqual(fresh);
  });

  it('[S6] a cursor the server cannot read is 400 bad-request naming `since`', async () => {
    const { cursor } = await pullAll(w.ann);
    const truncated = String(cursor).slice(0, String(cursor).length - 3);
    for (const since of [
      'not-a-cursor!',
      'AAAA',
      truncated,
      '-1',
      '1.5',
      '99999999999999999999',
      `${String(cursor)}&since=${String(cursor)}`,
    ]) {
      const res = await w.pull(w.ann, `?since=${since}`);
      expect(res.status, since).toBe(400);
      expect(res.body.error.code).toBe('bad-request');
      expect(res.body.error.details.issues[0].path).toBe('since');
    }
  });

  it('[S6a] a member added later gets every older row of the inspection from any cursor', async () => {
    const third = await addInspection(w.store, 'cp-joint-2012', w.lead, []);
    const older = await pushTo(third, 9);
    const before = await pullAll(w.ben);
    expect(before.ids.some((id) => older.includes(id))).toBe(false);
    // The coordinator's team editor (replace the whole team) adds ben.
    await w.store.setTeam(third, [
      ...(await teamOf(third)),
      { inspectionId: third, userId: w.ben.id, role: 'inspector' as const },
    ]);
    const after = await pullAll(w.ben, before.cursor, 4);
    expect(after.ids.sort()).toEqual([...older].sort());
  });

  it('[S6a] members who stay on a changed team get nothing twice', async () => {
    const { cursor } = await pullAll(w.lead);
    await w.store.setTeam(second, [
      ...(await teamOf(second)),
      { inspectionId: second, userId: w.ben.id, role: 'inspector' as const },
    ]);
    expect((await pullAll(w.lead, cursor)).ids).toEqual([]);
  });

  it('[S6a] a removed member no longer pulls the inspection, and gets all of it when re-added', async () => {
    const { cursor } = await pullAll(w.ann);
    const all = await pullAll(w.lead);
    const secondRows = (await w.store.rowsSince([second], 0, 1000)).map((r) => r.id);
    expect(secondRows.length).toBeGreaterThan(0);
    await w.store.setTeam(
      second,
      (await teamOf(second)).filter((m) => m.userId !== w.ann.id),
    );
    const later = await pushTo(second, 3);
    const removed = await pullAll(w.ann, cursor);
    expect(removed.ids.filter((id) => later.includes(id) || secondRows.includes(id))).toEqual([]);
    const me = await w.http.get('/api/me').set('Authorization', `Bearer ${w.ann.token}`);
    expect(me.body.inspections.map((i: { id: string }) => i.id)).not.toContain(second);
    // The device deleted its rows when it saw it was removed; back on the team, it gets them all.
    await w.store.setTeamMember({ inspectionId: second, userId: w.ann.id, role: 'inspector' });
    const back = await pullAll(w.ann, removed.cursor);
    expect(back.ids.sort()).toEqual([...secondRows, ...later].sort());
    expect(all.ids.length).toBeGreaterThan(0);
  });

  it('[S3][S6a] after leaving a team, an op that landed is still a duplicate when retried; a new one is forbidden', async () => {
    const third = await addInspection(w.store, 'cp-joint-2012', w.lead, [w.ann]);
    const landed = op(third);
    expect((await w.push(w.ann, [landed])).body.results[0].status).toBe('applied');
    await w.store.setTeam(
      third,
      (await teamOf(third)).filter((m) => m.userId !== w.ann.id),
    );
    // The device never heard the answer: it asks again with the same op, and one it never sent.
    const res = await w.push(w.ann, [landed, op(third)]);
    expect(res.status).toBe(200);
    expect(
      res.body.results.map((r: { status: string; original?: string; reason?: string }) => [
        r.status,
        r.original ?? r.reason,
      ]),
    ).toEqual([
      ['duplicate', 'applied'],
      ['rejected', 'forbidden'],
    ]);
  });

  it('[S6a] an inspection whose framework this server lacks is listed as unavailable, never as left', async () => {
    const orphan = await addInspection(w.store, 'framework-removed-from-build', w.lead, [w.ann]);
    const me = await w.http.get('/api/me').set('Authorization', `Bearer ${w.ann.token}`);
    expect(me.status).toBe(200);
    expect(me.body.inspections.map((i: { id: string }) => i.id)).not.toContain(orphan);
    expect(me.body.unavailable).toContain(orphan);
  });
});
