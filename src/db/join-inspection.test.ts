import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, frameworkById } from '../domain';
import { generateDataKey } from './cipher';
import { openDatabase, type FieldbookDB } from './database';
import { setUpLocalInspection, saveServerInspections } from './inspections';
import { joinLocalInspection } from './join-inspection';
import { setMeta } from './meta';
import { countUnsent, takeBatch } from './outbox';
import { createRepository } from './repository';

const SERVER = '0190b000-0000-7000-8000-0000000000aa';
const SIGNED_IN = '0190b000-0000-7000-8000-0000000000bb';
let db: FieldbookDB;
let name: string;
let n = 0;
beforeEach(async () => {
  name = `join-${++n}`;
  // Encrypted, as on a real device: the move re-seals every row and op it touches.
  db = openDatabase(name, { current: await generateDataKey() });
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

const clock = fixedClock(Date.UTC(2026, 10, 26, 9), 1000);

/** A day's work in an inspection set up before sign-in, then the sign-in that brings the server's. */
const dayBeforeSignIn = async (serverFramework: string) => {
  const repo = createRepository({ db, clock });
  const before = await repo.deviceUser();
  const local = await setUpLocalInspection(db, clock, before, {
    frameworkId: 'cp-joint-2012',
    area: 'Northshire',
    startsOn: '2026-11-23',
  });
  const caseId = await repo.create('childCase', local.id, {
    caseRef: 'NS-1',
    selection: 'tracked',
    assignedTo: before.id,
  });
  const evidenceId = await repo.create('evidence', local.id, {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-26T09:00:00.000Z',
    status: 'draft',
    judgementIds: ['help-and-protection'],
    caseIds: [caseId],
  });
  await repo.update('evidence', evidenceId, { text: 'Met the team manager' });
  await repo.create('judgementDraft', local.id, {
    judgementId: 'quality-of-practice',
    state: 'draft',
    grade: 'good',
  });
  await setMeta(db, `coverageTargets:${local.id}`, { tracked: 5, sampled: 10 });
  await repo.setDeviceUser({ id: SIGNED_IN, name: 'Asha Patel', inspectorate: 'ofsted' });
  await saveServerInspections(db, [
    {
      id: SERVER,
      frameworkId: serverFramework,
      area: 'Northshire',
      startsOn: '2026-11-23',
      endsOn: '2026-12-04',
      status: 'fieldwork',
      team: [{ userId: SIGNED_IN, name: 'Asha Patel', inspectorate: 'ofsted', role: 'lead' }],
      framework: frameworkById(serverFramework)!,
    },
  ]);
  return { local, caseId, evidenceId };
};

describe('joining a device-only inspection to a server one', () => {
  it('moves every record and unsent op in one transaction, then they go to the server', async () => {
    const { local, caseId, evidenceId } = await dayBeforeSignIn('cp-joint-2012');
    expect(await takeBatch(db, 500, 1e6, new Set([SERVER]))).toEqual([]); // waits: no server yet

    const result = await joinLocalInspection(db, local.id, SERVER, SIGNED_IN);
    expect(result).toEqual({ ok: true, moved: { rows: 3, ops: 3 } });
    expect(await db.inspections.get(local.id)).toBeUndefined();
    const evidence = (await db.evidence.get(evidenceId))!;
    expect(evidence).toMatchObject({ inspectionId: SERVER, author: SIGNED_IN });
    expect(evidence.fields.text).toBe('Met the team manager');
    expect((await db.childCases.get(caseId))!.fields.assignedTo).toBe(SIGNED_IN);
    expect(await db.judgementDrafts.where('inspectionId').equals(SERVER).count()).toBe(1);
    expect((await db.meta.get(`coverageTargets:${SERVER}`))?.value).toEqual({
      tracked: 5,
      sampled: 10,
    });
    expect(await countUnsent(db, local.id)).toBe(0);
    expect(await countUnsent(db, SERVER)).toBe(3);
    const batch = await takeBatch(db, 500, 1e6, new Set([SERVER]));
    expect(batch.map((op) => op.inspectionId)).toEqual([SERVER, SERVER, SERVER]);
    expect(batch.find((op) => op.entity === 'childCase')?.fields.assignedTo).toBe(SIGNED_IN);
  });

  it('refuses when the frameworks differ, says why and keeps everything on the device', async () => {
    const { local, evidenceId } = await dayBeforeSignIn('lac-2012');
    const result = await joinLocalInspection(db, local.id, SERVER, SIGNED_IN);
    expect(result).toMatchObject({
      ok: false,
      code: 'framework-differs',
      deviceFramework: frameworkById('cp-joint-2012')!.title,
      serverFramework: frameworkById('lac-2012')!.title,
    });
    expect(result.ok === false && result.code === 'framework-differs' && result.misfits).toEqual([
      'judgement area “help-and-protection”',
    ]);
    expect(await db.inspections.get(local.id)).toBeDefined();
    expect((await db.evidence.get(evidenceId))!.inspectionId).toBe(local.id);
    expect(await countUnsent(db, local.id)).toBe(3);
  });

  it('changes nothing when the transaction fails part-way', async () => {
    const { local, evidenceId } = await dayBeforeSignIn('cp-joint-2012');
    const original = db.outbox.bulkPut.bind(db.outbox);
    db.outbox.bulkPut = () => Promise.reject(new Error('disk full')) as never;
    await expect(joinLocalInspection(db, local.id, SERVER, SIGNED_IN)).rejects.toThrow('disk full');
    db.outbox.bulkPut = original;
    expect((await db.evidence.get(evidenceId))!.inspectionId).toBe(local.id);
    expect(await db.inspections.get(local.id)).toBeDefined();
  });
});
