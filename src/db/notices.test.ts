import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, frameworkById, type MeResponse } from '../domain';
import { openDatabase, type FieldbookDB } from './database';
import { forgetInspection, reconcileServerInspections } from './forget';
import { addNotice, listNotices } from './notices';
import { discardRefused, listRefused } from './refused';
import { createRepository } from './repository';

const MOORSIDE = '0190a000-0000-7000-8000-000000000001';
const FENSHIRE = '0190a000-0000-7000-8000-000000000002';
const ME = '0190a000-0000-7000-8000-0000000000aa';
const AT = '2026-11-26T10:00:00.000Z';
const BACK_AT = '2026-11-27T08:00:00.000Z';

let db: FieldbookDB;
let name: string;
let counter = 0;
beforeEach(async () => {
  name = `notices-${++counter}`;
  db = openDatabase(name);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

const listed = (id: string, area: string): MeResponse['inspections'][number] => ({
  id,
  frameworkId: 'cp-joint-2012',
  area,
  startsOn: '2026-11-23',
  endsOn: '2026-12-04',
  status: 'fieldwork',
  team: [],
  framework: frameworkById('cp-joint-2012')!,
});

/** What a sync run's `GET /api/me` answer does on this device (no inspection left in these). */
const reconcile = (inspections: MeResponse['inspections'], at: string) =>
  reconcileServerInspections(db, inspections, [], () => at, ME);

/** Taken off Moorside with one unsent note, which is kept as refused. */
const removedWithANote = async () => {
  await reconcile([listed(MOORSIDE, 'Moorside Borough')], AT);
  const repo = createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9), 1000) });
  await repo.create('evidence', MOORSIDE, {
    kind: 'case-tracking-note',
    occurredAt: AT,
    status: 'draft',
    text: 'The health visitor was not invited.',
  });
  await forgetInspection(db, MOORSIDE, 'removed-from-team', AT);
  expect((await listNotices(db)).map((n) => [n.kind, n.refused])).toEqual([
    ['removed-from-team', 1],
  ]);
};

describe('a removal notice once the user is put back on the team', () => {
  it('[S6a] says they are back and where the changes kept from the removal wait, no longer that they are off the team', async () => {
    await removedWithANote();
    const other = {
      id: `reported:${FENSHIRE}:${AT}`,
      kind: 'reported' as const,
      inspectionId: FENSHIRE,
      area: 'Fenshire Council',
      at: AT,
      refused: 0,
    };
    await addNotice(db, other);
    // A sync that finds nothing new leaves the notice as it is.
    await reconcile([], BACK_AT);
    expect((await listNotices(db)).map((n) => n.kind)).toEqual(['removed-from-team', 'reported']);

    await reconcile([listed(MOORSIDE, 'Moorside Borough')], BACK_AT);
    expect(await listNotices(db)).toEqual([
      other,
      {
        id: `added-back:${MOORSIDE}:${BACK_AT}`,
        kind: 'added-back',
        inspectionId: MOORSIDE,
        area: 'Moorside Borough',
        at: BACK_AT,
        refused: 1,
      },
    ]);
    // The next sync changes nothing more.
    await reconcile([listed(MOORSIDE, 'Moorside Borough')], AT);
    expect((await listNotices(db)).map((n) => n.at)).toEqual([AT, BACK_AT]);
  });

  it('[S6a] goes when nothing kept from the removal waits any more', async () => {
    await removedWithANote();
    for (const change of await listRefused(db)) await discardRefused(db, change.op.opId);
    await reconcile([listed(MOORSIDE, 'Moorside Borough')], BACK_AT);
    expect(await listNotices(db)).toEqual([]);
  });
});

describe('a reported notice once a coordinator reopens the inspection', () => {
  const fenshire = (status: 'reported' | 'fieldwork') => ({
    ...listed(FENSHIRE, 'Fenshire Council'),
    status,
  });
  /** Fenshire reported and forgotten, with `notes` unsent notes kept as refused. */
  const reportedAndForgotten = async (notes: number) => {
    await reconcile([fenshire('fieldwork')], AT);
    const repo = createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9), 1000) });
    for (let n = 0; n < notes; n += 1)
      await repo.create('evidence', FENSHIRE, {
        kind: 'focus-group',
        occurredAt: AT,
        status: 'draft',
        text: `Kept note ${n}`,
      });
    await forgetInspection(db, FENSHIRE, 'reported', AT);
    // Still reported: the notice is true and stays.
    await reconcile([fenshire('reported')], BACK_AT);
    expect((await listNotices(db)).map((n) => [n.kind, n.refused])).toEqual([['reported', notes]]);
  };

  it('[§4.3] goes: the inspection is back in the list and nothing kept waits', async () => {
    await reportedAndForgotten(0);
    const scope = await reconcile([fenshire('fieldwork')], BACK_AT);
    expect(scope.reopened).toEqual([FENSHIRE]);
    expect(await listNotices(db)).toEqual([]);
  });

  it('[§4.3] says it is open again and where the changes kept when it was reported wait', async () => {
    await reportedAndForgotten(1);
    await reconcile([fenshire('fieldwork')], BACK_AT);
    expect(await listNotices(db)).toEqual([
      {
        id: `reopened:${FENSHIRE}:${BACK_AT}`,
        kind: 'reopened',
        inspectionId: FENSHIRE,
        area: 'Fenshire Council',
        at: BACK_AT,
        refused: 1,
      },
    ]);
  });
});
