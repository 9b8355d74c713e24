import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock, frameworkById, type EntityName, type MeResponse } from '../domain';
import { openDatabase, tableFor, type FieldbookDB } from './database';
import { SHOWN_FIELD, type ShownDraft } from './drafts-leaving';
import { draftKeyOf } from './drafts';
import { forgetInspection, reconcileServerInspections } from './forget';
import { listNotices } from './notices';
import { listRefused } from './refused';
import { createRepository } from './repository';

// Words typed into a form and not yet sent (drafts.ts) never vanish when their inspection or the
// lead role they need leaves the tablet (S6a, S8, DESIGN.md §4.3 "never silently"): they become
// refused changes named as the form showed them, in the same transaction, and no draft of them
// stays sealed where no screen reaches it.

const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const OTHER = '0190a000-0000-7000-8000-000000000002';
const LEAD = '0190a000-0000-7000-8000-0000000000aa';
const INSPECTOR = '0190a000-0000-7000-8000-0000000000bb';
const EVIDENCE = '0190a000-0000-7000-8000-0000000000e1';
const CASE = '0190a000-0000-7000-8000-0000000000c1';
/** Raised by the inspector: its referral is lead-only for the lead (S8). */
const THEIR_CONCERN = '0190a000-0000-7000-8000-0000000000d1';
/** Raised by the lead herself: its referral stays hers as an inspector too. */
const OWN_CONCERN = '0190a000-0000-7000-8000-0000000000d2';
const AT = '2026-11-26T10:00:00.000Z';
const OCCURRED = '2026-11-26T09:00:00.000Z';
const RAISED = '2026-11-25T15:30:00.000Z';

const COMMENT = 'Please check whether the GP was invited to the conference';
const CONCERN = 'The child said she is scared to go home on Fridays';
const REFERENCE = 'MASH-2291';
const NOTE = 'Strategy discussion held by phone with the police';
const LINE = 'The social worker asks the child what she wants';

let db: FieldbookDB;
let name: string;
let counter = 0;
beforeEach(async () => {
  name = `drafts-leaving-${++counter}`;
  db = openDatabase(name);
  await db.open();
});
afterEach(async () => {
  vi.restoreAllMocks();
  db.close();
  await Dexie.delete(name);
});

type Role = 'lead' | 'inspector';
const listed = (id: string, lead: string): MeResponse['inspections'][number] => ({
  id,
  frameworkId: 'cp-joint-2012',
  area: 'Moorside Borough',
  startsOn: '2026-11-23',
  endsOn: '2026-12-04',
  status: 'fieldwork',
  team: [LEAD, INSPECTOR].map((userId) => ({
    userId,
    name: userId === LEAD ? 'Lena Lead' : 'Amy Inspector',
    inspectorate: 'ofsted',
    role: (userId === lead ? 'lead' : 'inspector') as Role,
  })),
  framework: frameworkById('cp-joint-2012')!,
});

const put = (entity: EntityName, id: string, author: string, fields: Record<string, unknown>) =>
  tableFor(db, entity).put({
    id,
    inspectionId: INSPECTION,
    fields: fields as never,
    seq: 3,
    versions: {},
    conflicts: {},
    author,
    createdAt: AT,
    updatedAt: AT,
    deleted: false,
  });

/** Moorside as the server sent it, Lena leading, with the records the forms were about. */
const seed = async () => {
  await db.inspections.bulkPut([
    { ...listed(INSPECTION, LEAD), source: 'server' },
    { ...listed(OTHER, LEAD), source: 'server' },
  ]);
  await put('evidence', EVIDENCE, INSPECTOR, {
    kind: 'practitioner-interview',
    occurredAt: OCCURRED,
    status: 'draft',
    text: 'Visit to the family with the allocated social worker',
  });
  await put('childCase', CASE, INSPECTOR, { caseRef: 'MB-5521', selection: 'tracked' });
  await put('safeguardingConcern', THEIR_CONCERN, INSPECTOR, {
    raisedAt: RAISED,
    concern: 'Bruising seen',
    status: 'open',
  });
  await put('safeguardingConcern', OWN_CONCERN, LEAD, {
    raisedAt: RAISED,
    concern: 'Missing from care',
    status: 'open',
  });
};

const repoAs = async (userId: string) => {
  const repo = createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9), 1000) });
  await repo.setDeviceUser({ id: userId, name: '', inspectorate: 'ofsted' });
  return repo;
};

const referral = {
  to: 'childrens-social-care',
  reference: REFERENCE,
  takenBy: '',
  date: '',
  time: '',
};
const KEYS = {
  review: draftKeyOf(INSPECTION, 'review-comment', EVIDENCE),
  concern: draftKeyOf(INSPECTION, 'new-concern', 'new'),
  theirReferral: draftKeyOf(INSPECTION, 'referral', THEIR_CONCERN),
  ownReferral: draftKeyOf(INSPECTION, 'referral', OWN_CONCERN),
  stage: draftKeyOf(INSPECTION, 'journey-stage', `new:${CASE}`),
  newCase: draftKeyOf(INSPECTION, 'new-case', 'new'),
  line: draftKeyOf(INSPECTION, 'shadowing-line', EVIDENCE),
  elsewhere: draftKeyOf(OTHER, 'new-concern', 'new'),
};

const draftKeys = async (inspectionId: string) =>
  (await db.meta.where('key').startsWith(`draft:${inspectionId}:`).primaryKeys()).sort();

/** Each refused change as the refused page reads it: entity, what was written, what was shown. */
const kept = async () =>
  (await listRefused(db)).map(({ op }) => {
    const { [SHOWN_FIELD]: shown, ...fields } = op.fields;
    return {
      entity: op.entity,
      entityId: op.entityId,
      reason: op.reason,
      fields,
      shown: shown as ShownDraft,
    };
  });

describe('an inspection leaving the tablet takes its drafts with it, as refused changes (S6a, §4.3)', () => {
  const typeEverything = async () => {
    const repo = await repoAs(INSPECTOR);
    await repo.saveDraft(KEYS.concern, { concern: CONCERN, caseId: CASE });
    await repo.saveDraft(KEYS.theirReferral, referral);
    await repo.saveDraft(KEYS.stage, {
      stage: 'strategy-discussion',
      date: '2026-11-20',
      agency: '',
      note: NOTE,
      route: '',
      placedOut: '',
    });
    await repo.saveDraft(KEYS.line, { text: LINE });
    // A form whose fields were touched and emptied again: nothing typed to keep.
    await repo.saveDraft(KEYS.newCase, { caseRef: ' ', agencies: [] });
    await repo.saveDraft(KEYS.elsewhere, { concern: 'Fenshire words', caseId: '' });
  };

  it('keeps every draft with words as a refused change named by what its form showed, and leaves no draft of it', async () => {
    await seed();
    await typeEverything();
    expect(await draftKeys(INSPECTION)).toHaveLength(5);

    const { refused } = await forgetInspection(db, INSPECTION, 'removed-from-team', AT);

    expect(await draftKeys(INSPECTION)).toEqual([]);
    expect(await draftKeys(OTHER)).toEqual([KEYS.elsewhere]); // another inspection's stay
    const changes = await kept();
    // The new case form held nothing typed: it just goes.
    expect(changes.map((c) => c.shown.form).sort()).toEqual(
      ['journey-stage', 'new-concern', 'referral', 'shadowing-line'].sort(),
    );
    expect(changes.every((c) => c.reason === 'forbidden')).toBe(true);
    const by = (form: string) => changes.find((c) => c.shown.form === form)!;
    expect(by('new-concern')).toMatchObject({
      entity: 'safeguardingConcern',
      fields: { concern: CONCERN },
      shown: { caseRef: 'MB-5521', isNew: true },
    });
    expect(by('referral')).toMatchObject({
      entity: 'safeguardingConcern',
      entityId: THEIR_CONCERN,
      fields: { referredTo: 'childrens-social-care', referralReference: REFERENCE },
      shown: { raisedAt: RAISED, isNew: false },
    });
    expect(by('journey-stage')).toMatchObject({
      entity: 'journeyEvent',
      fields: { stage: 'strategy-discussion', date: '2026-11-20', note: NOTE },
      shown: { caseRef: 'MB-5521', isNew: true },
    });
    expect(by('shadowing-line')).toMatchObject({
      entity: 'evidence',
      fields: { line: LINE },
      shown: { evidence: { kind: 'practitioner-interview', occurredAt: OCCURRED } },
    });
    // The notice that says why counts them with the unsent ops.
    expect(refused).toBe(4);
    expect((await listNotices(db))[0]).toMatchObject({ inspectionId: INSPECTION, refused: 4 });
  });

  it('is one transaction with the forgetting: if it fails, every draft is still there and nothing is refused', async () => {
    await seed();
    await typeEverything();
    vi.spyOn(db.inspections, 'delete').mockRejectedValueOnce(new Error('disk went away'));
    await expect(forgetInspection(db, INSPECTION, 'removed-from-team', AT)).rejects.toThrow(
      'disk went away',
    );
    expect(await draftKeys(INSPECTION)).toHaveLength(5);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a form’s last save landing after the inspection left is kept at once, and counted in its notice', async () => {
    await seed();
    const repo = await repoAs(INSPECTOR);
    await repo.saveDraft(KEYS.concern, { concern: 'The child said', caseId: '' });
    await forgetInspection(db, INSPECTION, 'removed-from-team', AT);
    await repo.saveDraft(KEYS.concern, { concern: CONCERN, caseId: '' });
    expect(await draftKeys(INSPECTION)).toEqual([]);
    // Into the change already kept, with the newer words: one change, never two halves.
    const changes = await kept();
    console.log(JSON.stringify(changes));
    expect(changes).toHaveLength(1);
    expect(changes[0]?.fields).toEqual({ concern: CONCERN });
    expect((await listNotices(db))[0]?.refused).toBe(1);
  });
});

describe('the lead role leaving the tablet takes the drafts only a lead may send (S8)', () => {
  const handOver = (userId = LEAD) =>
    reconcileServerInspections(
      db,
      [listed(INSPECTION, INSPECTOR), listed(OTHER, LEAD)],
      [],
      () => AT,
      userId,
    );
  const typeAsLead = async () => {
    const repo = await repoAs(LEAD);
    await repo.saveDraft(KEYS.review, { comment: COMMENT });
    await repo.saveDraft(KEYS.theirReferral, referral);
    await repo.saveDraft(KEYS.ownReferral, referral);
    await repo.saveDraft(KEYS.concern, { concern: CONCERN, caseId: '' });
    return repo;
  };

  it('keeps the review comment and a referral of someone else’s concern as refused; drafts she may still send stay', async () => {
    await seed();
    await put('review', '0190a000-0000-7000-8000-0000000000f1', LEAD, {
      evidenceId: EVIDENCE,
      state: 'reviewed',
    });
    await typeAsLead();

    await handOver();

    expect(await draftKeys(INSPECTION)).toEqual([KEYS.concern, KEYS.ownReferral].sort());
    const changes = await kept();
    expect(changes.map((c) => c.shown.form).sort()).toEqual(['referral', 'review-comment']);
    expect(changes.find((c) => c.shown.form === 'review-comment')).toMatchObject({
      entity: 'review',
      entityId: '0190a000-0000-7000-8000-0000000000f1', // the review that is there
      fields: { evidenceId: EVIDENCE, state: 'follow-up', comment: COMMENT },
      shown: { evidence: { kind: 'practitioner-interview', occurredAt: OCCURRED }, isNew: false },
    });
    expect(changes.find((c) => c.shown.form === 'referral')?.entityId).toBe(THEIR_CONCERN);
    // The new team is stored with them; the inspection stays, with no notice of leaving.
    const stored = await db.inspections.get(INSPECTION);
    expect(stored?.team.find((m) => m.userId === LEAD)?.role).toBe('inspector');
    expect(await listNotices(db)).toEqual([]);
  });

  it('changes nothing while she still leads (she only left the screen), nor for another user', async () => {
    await seed();
    await typeAsLead();
    await reconcileServerInspections(
      db,
      [listed(INSPECTION, LEAD), listed(OTHER, LEAD)],
      [],
      () => AT,
      LEAD,
    );
    await handOver(INSPECTOR); // the inspector never led it
    expect(await draftKeys(INSPECTION)).toHaveLength(4);
    expect(await db.outbox.count()).toBe(0);
  });

  it('is one transaction with the new team: if storing it fails, the drafts stay and nothing is refused', async () => {
    await seed();
    await typeAsLead();
    vi.spyOn(db.inspections, 'put').mockRejectedValueOnce(new Error('disk went away'));
    await expect(handOver()).rejects.toThrow('disk went away');
    expect(await draftKeys(INSPECTION)).toHaveLength(4);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.inspections.get(INSPECTION))?.team.find((m) => m.userId === LEAD)?.role).toBe(
      'lead',
    );
  });

  it('the comment saved as her screen closes after the role left is kept at once, in the one change', async () => {
    await seed();
    const repo = await typeAsLead();
    await handOver();
    await repo.saveDraft(KEYS.review, { comment: `${COMMENT} and the school` });
    expect(await draftKeys(INSPECTION)).toEqual([KEYS.concern, KEYS.ownReferral].sort());
    const reviews = (await kept()).filter((c) => c.entity === 'review');
    expect(reviews).toHaveLength(1);
    expect(reviews[0]?.fields.comment).toBe(`${COMMENT} and the school`);
    // A draft she may still send is saved as ever.
    await repo.saveDraft(KEYS.concern, { concern: `${CONCERN}.`, caseId: '' });
    expect(await draftKeys(INSPECTION)).toContain(KEYS.concern);
  });
});
