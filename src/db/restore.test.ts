import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, REJECT_REASONS } from '../domain';
import { exportEncrypted, sealBackup, type BackupOwner } from './backup';
import { draftKeyOf, readDraft } from './drafts';
import { diskText, encryptedTabs, draftNote } from './fixtures';
import { setUpLocalInspection } from './inspections';
import { listRefused } from './refused';
import { createRepository } from './repository';
import { applyRestore, BackupError, planRestore, readBackup } from './restore';
import type { LocalInspection } from './types';

const ME = '0190a000-0000-7000-8000-0000000000aa';
const SOMEONE = '0190a000-0000-7000-8000-0000000000bb';
const ORIGIN = 'https://fieldbook.test';
const mine: BackupOwner = { userId: ME, origin: ORIGIN };
const PASSWORD = 'the copy password';
const WORDS = 'Heron unit log shows no return interview';
const DRAFT_WORDS = 'Follow-up comment typed but not sent';
const AT = '2026-11-30T18:00:00.000Z';

const tabletA = encryptedTabs('restore-a');
const tabletB = encryptedTabs('restore-b');
const clock = fixedClock(Date.UTC(2026, 10, 30, 9), 1000);

let inspections: LocalInspection[];
beforeEach(async () => {
  await tabletA.start();
  await tabletB.start();
  const me = { id: ME, name: 'Ivy Inspector', inspectorate: 'cqc' };
  const repo = createRepository({ db: tabletA.db, clock });
  await repo.setDeviceUser(me);
  inspections = [
    await setUpLocalInspection(tabletA.db, clock, me, {
      frameworkId: 'cp-joint-2012',
      area: 'Northmoor',
      startsOn: '2026-11-30',
    }),
    await setUpLocalInspection(tabletA.db, clock, me, {
      frameworkId: 'cp-joint-2012',
      area: 'Eastvale',
      startsOn: '2026-11-30',
    }),
  ];
});
afterEach(async () => {
  await tabletA.end();
  await tabletB.end();
});

/** Tablet A: one note in each inspection and a draft in the first, then the copy. */
const workOnA = async () => {
  const repo = createRepository({ db: tabletA.db, clock });
  const ids = [];
  for (const inspection of inspections)
    ids.push(await repo.create('evidence', inspection.id, { ...draftNote, text: WORDS }));
  await repo.saveDraft(draftKeyOf(inspections[0]!.id, 'review-comment', ids[0]!), {
    comment: DRAFT_WORDS,
  });
  await repo.idle();
  const ops = await tabletA.db.outbox.toArray();
  const backup = await exportEncrypted(tabletA.db, PASSWORD, AT, mine);
  return { ids, ops, text: JSON.stringify(backup) };
};

const restoreOnB = async (text: string, owner = mine, password = PASSWORD) =>
  applyRestore(tabletB.db, await planRestore(tabletB.db, await readBackup(text, password), owner));

describe('restoring the encrypted copy made at sign-out', () => {
  it('[S3] puts its unsent ops back with their own opIds and re-applies their records, sealed at rest', async () => {
    const { ids, ops, text } = await workOnA();
    expect(text).not.toContain(WORDS);
    expect(text).not.toContain(ME); // whose copy it is is sealed too
    await tabletB.db.inspections.bulkPut(inspections);

    const plan = await planRestore(tabletB.db, await readBackup(text, PASSWORD), mine);
    expect(plan.groups.map((g) => [g.area, g.ops, g.onDevice])).toEqual([
      ['Northmoor', 1, true],
      ['Eastvale', 1, true],
    ]);
    expect(plan.drafts).toHaveLength(1);
    expect(plan.unverified).toBe(false);
    // Nothing is written until the user says yes.
    expect(await tabletB.db.outbox.count()).toBe(0);

    const progress: number[] = [];
    const result = await applyRestore(tabletB.db, plan, (done) => progress.push(done));
    expect(result).toEqual({ ops: 2, refused: 0, drafts: 1 });
    expect(progress.at(-1)).toBe(2);
    const restored = await tabletB.db.outbox.orderBy('n').toArray();
    expect(restored.map((op) => [op.opId, op.state])).toEqual(ops.map((op) => [op.opId, op.state]));
    for (const id of ids) expect((await tabletB.db.evidence.get(id))?.fields.text).toBe(WORDS);
    const draft = await readDraft(
      tabletB.db,
      draftKeyOf(inspections[0]!.id, 'review-comment', ids[0]!),
    );
    expect(draft?.fields.comment).toBe(DRAFT_WORDS);
    const disk = await diskText(tabletB.db.name);
    expect(disk).not.toContain(WORDS);
    expect(disk).not.toContain(DRAFT_WORDS);
    expect(disk).toContain(ids[0]); // the rows are there, their ids in clear: only words are sealed
  }, 30_000);

  it('adds nothing the second time the same copy is restored', async () => {
    const { text } = await workOnA();
    await tabletB.db.inspections.bulkPut(inspections);
    const first = await planRestore(tabletB.db, await readBackup(text, PASSWORD), mine);
    await applyRestore(tabletB.db, first);
    // A plan made before the first restore landed (a second tab, a double tap) adds nothing either.
    expect(await applyRestore(tabletB.db, first)).toEqual({ ops: 0, refused: 0, drafts: 0 });
    const again = await planRestore(tabletB.db, await readBackup(text, PASSWORD), mine);
    expect(again.ops).toEqual([]);
    expect(again.drafts).toEqual([]);
    expect(again.alreadyHere).toBe(2);
    expect(await applyRestore(tabletB.db, again)).toEqual({ ops: 0, refused: 0, drafts: 0 });
    expect(await tabletB.db.outbox.count()).toBe(2);
    expect(await tabletB.db.meta.where('key').startsWith('draft:').count()).toBe(1);
    // Sent since (the outbox is empty again): the copy still adds nothing, no old words come back.
    await tabletB.db.outbox.clear();
    const afterSync = await planRestore(tabletB.db, await readBackup(text, PASSWORD), mine);
    expect(afterSync.ops).toEqual([]);
    expect(await applyRestore(tabletB.db, first)).toEqual({ ops: 0, refused: 0, drafts: 0 });
    expect(await tabletB.db.outbox.count()).toBe(0);
  }, 30_000);

  it('[S6a] keeps ops of an inspection this user is no longer on as refused (forbidden), never dropped', async () => {
    const { ids, text } = await workOnA();
    await tabletB.db.inspections.put(inspections[0]!); // the user has left Eastvale
    const result = await restoreOnB(text);
    expect(result).toEqual({ ops: 1, refused: 1, drafts: 1 });
    const refused = await listRefused(tabletB.db);
    expect(refused.map((r) => [r.op.entityId, r.op.reason])).toEqual([
      [ids[1], REJECT_REASONS.forbidden],
    ]);
    expect(refused[0]!.op.fields.text).toBe(WORDS);
    expect(await tabletB.db.evidence.get(ids[1]!)).toBeUndefined();
  }, 30_000);

  it("refuses someone else's copy, or one made for another server, writing nothing", async () => {
    const { text } = await workOnA();
    await tabletB.db.inspections.bulkPut(inspections);
    const someoneElse = { userId: SOMEONE, origin: ORIGIN };
    await expect(restoreOnB(text, someoneElse)).rejects.toMatchObject({ problem: 'someone-else' });
    await expect(
      restoreOnB(text, { userId: ME, origin: 'https://other.test' }),
    ).rejects.toMatchObject({ problem: 'other-server' });
    expect(await tabletB.db.outbox.count()).toBe(0);
  }, 30_000);

  it('says clearly why a file cannot be read: wrong password, not Fieldbook, damaged, newer', async () => {
    const { text } = await workOnA();
    const backup = JSON.parse(text) as Record<string, unknown>;
    const problemOf = (file: string, password = PASSWORD) =>
      readBackup(file, password).then(
        () => 'opened',
        (e: unknown) => (e instanceof BackupError ? e.problem : String(e)),
      );
    expect(await problemOf(text, 'not the password')).toBe('wrong-password');
    expect(await problemOf('PK\u0003\u0004 a zip file')).toBe('not-fieldbook');
    expect(await problemOf(JSON.stringify({ hello: 'world' }))).toBe('not-fieldbook');
    expect(await problemOf(JSON.stringify({ ...backup, data: undefined }))).toBe('damaged');
    // The outer version edited by hand no longer matches the version sealed inside.
    expect(await problemOf(JSON.stringify({ ...backup, version: 1 }))).toBe('damaged');
    expect(await problemOf(JSON.stringify({ ...backup, version: 3 }))).toBe('newer');
    const sealedJunk = await sealBackup(PASSWORD, AT, 2, { version: 2, tables: { outbox: 'x' } });
    expect(await problemOf(JSON.stringify(sealedJunk))).toBe('damaged');
    expect(await tabletB.db.outbox.count()).toBe(0);
  }, 60_000);

  it('a version-1 copy (no owner) is restored only once the user says it is theirs, and never if it names another author', async () => {
    await workOnA();
    await tabletB.db.inspections.bulkPut(inspections);
    const tables: Record<string, unknown[]> = {
      evidence: await tabletA.db.evidence.toArray(),
      outbox: await tabletA.db.outbox.toArray(),
      inspections: await tabletA.db.inspections.toArray(),
    };
    const v1 = JSON.stringify(await sealBackup(PASSWORD, AT, 1, { tables }));
    const plan = await planRestore(tabletB.db, await readBackup(v1, PASSWORD), mine);
    expect(plan.unverified).toBe(true);
    expect(plan.writtenBy).toEqual(['Ivy Inspector']);
    expect(plan.ops).toHaveLength(2);

    const othersTables = {
      ...tables,
      evidence: (tables.evidence as { author: string }[]).map((r) => ({ ...r, author: SOMEONE })),
    };
    const others = JSON.stringify(await sealBackup(PASSWORD, AT, 1, { tables: othersTables }));
    await expect(restoreOnB(others)).rejects.toMatchObject({ problem: 'someone-else' });
    expect(await tabletB.db.outbox.count()).toBe(0);
  }, 60_000);
});
