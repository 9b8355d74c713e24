import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftKeyOf } from '../../src/db/drafts';
import type { Clock } from '../../src/domain/clock';
import { openSqliteStore } from '../../sync-server/src/store/open';
import type { Store } from '../../sync-server/src/store/types';
import { pushOps } from '../../sync-server/src/sync/push';
import { FortnightTablet, type Footprint, type Signal } from './fortnight/tablet';
import { pullPage } from './sim/network';

/**
 * [S2][S5a][S6][S6a] Two weeks on one tablet (issue: session 20, "fortnight"). Ann works ten days
 * on site: 60 notes, each written over several sittings of 5–30 autosaves (thousands of saves),
 * two spells of two days with no signal, a day of hotel Wi-Fi whose answers never arrive, a new
 * child case and a safeguarding concern typed through their drafts, a real conflict with a
 * colleague resolved, and that colleague leaving the team on day 9. Counted after each day from
 * the app's own database (fake-indexeddb): nothing may grow with the saves once they are synced,
 * and at the end every word typed is on the server exactly once, with no false conflict.
 */

const DAYS = 10;
/** Two days at a time without signal: nothing reaches the server until the third morning. */
const SIGNAL_BY_DAY: Record<number, Signal> = {
  3: 'offline',
  4: 'offline',
  6: 'answers-lost',
  7: 'offline',
  8: 'offline',
};
const NEW_NOTES_BY_DAY = [8, 7, 7, 6, 6, 6, 5, 5, 5, 5]; // 60
/** Older notes reopened each day for another sitting (follow-ups, adding what was learnt). */
const REVISITS_PER_DAY = 8;
const SYNC_EVERY_SITTINGS = 3;

const INSPECTION = '0190f000-0000-7000-8000-000000000001';
const CASE = '0190f000-0000-7000-8000-0000000000c1';
const ANN = '0190f000-0000-7000-8000-0000000000a1';
const BEA = '0190f000-0000-7000-8000-0000000000b1';
const LEAD = '0190f000-0000-7000-8000-0000000000d1';
const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 10, 23, 8);

/** Deterministic choices (a 32-bit LCG): a failure replays exactly. */
const seeded = (seed: number) => () => {
  seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
  return seed / 2 ** 32;
};

const WORDS = [
  'strategy',
  'discussion',
  'threshold',
  'referral',
  'drift',
  'plan',
  'visit',
  'manager',
  'supervision',
  'chronology',
  'voice',
  'child',
  'police',
  'health',
  'school',
  'review',
];

describe('two weeks on one tablet (S2, S5a, S6, S6a)', () => {
  let scratch: string;
  let store: Store;
  let now = START;
  const clock: Clock = { now: () => (now += 7) };
  let ann: FortnightTablet;
  let bea: FortnightTablet;
  const perDay: (Footprint & { day: number; signal: Signal; saves: number; touched: number })[] =
    [];
  /** What Ann last typed into each of her notes, sentence by sentence. */
  const typed = new Map<string, string[]>();
  let saves = 0;
  /** Records changed since the last push that reached the server: what the outbox may hold. */
  const touched = new Set<string>();
  const syncAnn = async () => {
    await ann.sync();
    // A good sync sent them; a push whose answer was lost froze them as "sending" (S3).
    if (ann.engine.getStatus().state === 'idle' || ann.signal === 'answers-lost') touched.clear();
  };

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'fieldbook-fortnight-'));
    store = await openSqliteStore(scratch, { clock, checkpointWorker: false });
    for (const [id, username, name] of [
      [ANN, 'ann', 'Ann'],
      [BEA, 'bea', 'Bea'],
      [LEAD, 'lee', 'Lee'],
    ] as const) {
      await store.insertUser({
        id,
        username,
        name,
        inspectorate: 'ofsted',
        admin: false,
        passwordHash: 'x',
        createdAt: '2026-11-20T09:00:00.000Z',
      });
    }
    await store.insertInspection(
      {
        id: INSPECTION,
        frameworkId: 'cp-joint-2012',
        area: 'Northshire',
        startsOn: '2026-11-23',
        endsOn: '2026-12-04',
        status: 'fieldwork',
      },
      [
        { inspectionId: INSPECTION, userId: LEAD, role: 'lead' },
        { inspectionId: INSPECTION, userId: ANN, role: 'inspector' },
        { inspectionId: INSPECTION, userId: BEA, role: 'inspector' },
      ],
    );
    // The tracked child is set up by the lead before fieldwork starts.
    await pushOps(store, clock, {
      userId: LEAD,
      clientId: '0190f000-0000-7000-8000-0000000000d2',
      ops: [
        {
          opId: '0190f000-0000-7000-8000-0000000000e1',
          entity: 'childCase',
          entityId: CASE,
          inspectionId: INSPECTION,
          kind: 'put',
          fields: { caseRef: 'NS-1001', selection: 'tracked' },
          base: {},
        },
      ],
    });
    ann = new FortnightTablet(
      ANN,
      '0190f000-0000-7000-8000-0000000000a2',
      'fortnight-ann',
      clock,
      store,
    );
    bea = new FortnightTablet(
      BEA,
      '0190f000-0000-7000-8000-0000000000b2',
      'fortnight-bea',
      clock,
      store,
    );
    await ann.open();
    await bea.open();
    await ann.sync();
    await bea.sync();
  });

  afterAll(async () => {
    await ann?.destroy();
    await bea?.destroy();
    await store?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** One sitting on a note: a sentence typed word by word, saved after every word (the autosave). */
  const sitting = async (random: () => number, id: string, day: number, label: string) => {
    const words = 5 + Math.floor(random() * 26);
    const sentences = typed.get(id)!;
    const sentence = [`Day ${day} ${label}:`];
    sentences.push('');
    for (let w = 0; w < words; w++) {
      sentence.push(WORDS[Math.floor(random() * WORDS.length)]!);
      sentences[sentences.length - 1] = `${sentence.join(' ')}.`;
      await ann.repo.update('evidence', id, { text: sentences.join(' ') });
      touched.add(id);
      saves += 1;
    }
  };

  it('[S2] keeps nothing but rows once a fortnight of saves is synced, and [S5a] sends every word once', async () => {
    const random = seeded(20);
    const notes: string[] = [];
    const beaNotes: string[] = [];
    let concern: string | undefined;
    for (let day = 1; day <= DAYS; day++) {
      now = START + (day - 1) * DAY_MS;
      ann.signal = SIGNAL_BY_DAY[day] ?? 'online';
      let sittings = 0;
      const maybeSync = async () => {
        if (++sittings % SYNC_EVERY_SITTINGS === 0) await syncAnn();
      };

      // The day's new notes, each begun in a sitting of its own.
      const fresh: string[] = [];
      for (let k = 0; k < NEW_NOTES_BY_DAY[day - 1]!; k++) {
        const id = await ann.repo.create('evidence', INSPECTION, {
          kind: 'practitioner-interview',
          occurredAt: new Date(now).toISOString(),
          status: 'draft',
          caseIds: [CASE],
        });
        saves += 1;
        typed.set(id, []);
        notes.push(id);
        fresh.push(id);
        await sitting(random, id, day, `note ${notes.length} sitting 1`);
        await maybeSync();
      }
      // Older notes reopened: another sitting each.
      const older = notes.filter((id) => !fresh.includes(id));
      for (let k = 0; k < Math.min(REVISITS_PER_DAY, older.length); k++) {
        const id = older[Math.floor(random() * older.length)]!;
        await sitting(
          random,
          id,
          day,
          `note ${notes.indexOf(id) + 1} sitting ${typed.get(id)!.length + 1}`,
        );
        await maybeSync();
      }

      if (day === 2) {
        // A new child case typed through its draft, then added: the draft goes with the button.
        const key = draftKeyOf(INSPECTION, 'new-case', 'new');
        for (const caseRef of ['N', 'NS-', 'NS-10', 'NS-1002'])
          await ann.repo.saveDraft(key, { caseRef, selection: 'sampled' });
        await ann.repo.create('childCase', INSPECTION, {
          caseRef: 'NS-1002',
          selection: 'sampled',
        });
        await ann.repo.discardDraft(key);
      }
      if (day === 4) {
        // With no signal Ann corrects the child's initials; Bea, online, corrects them otherwise.
        await ann.repo.update('childCase', CASE, { initials: 'JT' });
        touched.add(CASE);
        await bea.repo.update('childCase', CASE, { initials: 'JM' });
        await bea.sync();
      }
      if (day === 5) {
        const key = draftKeyOf(INSPECTION, 'new-concern', 'new');
        const words = 'A child described being left alone overnight; referral made by phone.';
        for (let at = 10; at <= words.length; at += 10)
          await ann.repo.saveDraft(key, { concern: words.slice(0, at) });
        concern = await ann.repo.create('safeguardingConcern', INSPECTION, {
          raisedAt: new Date(now).toISOString(),
          caseId: CASE,
          concern: words,
          status: 'open',
        });
        await ann.repo.discardDraft(key);
      }
      if (day === 6) {
        await ann.repo.resolve('childCase', CASE, 'initials', 'JM');
        await ann.repo.update('safeguardingConcern', concern!, {
          referredTo: 'childrens-social-care',
          referredAt: new Date(now).toISOString(),
          status: 'referred',
        });
      }
      // Bea writes a couple of notes most days, until she leaves the team on day 9.
      if (day <= 8) {
        for (let k = 0; k < 2; k++) {
          beaNotes.push(
            await bea.repo.create('evidence', INSPECTION, {
              kind: 'document-review',
              occurredAt: new Date(now).toISOString(),
              status: 'final',
              text: `Bea, day ${day}, note ${k + 1}: audit of ${WORDS[day]!} records.`,
            }),
          );
        }
        await bea.sync();
      }
      if (day === 9) {
        await store.setTeam(INSPECTION, [
          { inspectionId: INSPECTION, userId: LEAD, role: 'lead' },
          { inspectionId: INSPECTION, userId: ANN, role: 'inspector' },
        ]);
        await bea.sync();
      }

      await syncAnn();
      perDay.push({
        day,
        signal: ann.signal,
        saves,
        touched: touched.size,
        ...(await ann.footprint()),
      });
    }
    // The third morning after the last spell offline: signal again, one more sync.
    ann.signal = 'online';
    now = START + DAYS * DAY_MS;
    await syncAnn();
    const end = await ann.footprint();
    perDay.push({ day: DAYS + 1, signal: 'online', saves, touched: touched.size, ...end });

    console.table(
      perDay.map(({ metaKeys: _keys, rows, ...day }) => ({
        ...day,
        evidence: rows.evidence,
        cases: rows.childCases,
        concerns: rows.safeguardingConcerns,
      })),
    );

    console.log(`meta keys on day 1 and at the end: ${end.metaKeys.join(', ')}`);
    expect(saves).toBeGreaterThan(2_000);
    // Growth: once synced, the outbox is empty, whatever was saved and however often.
    for (const day of perDay.filter((d) => d.signal === 'online')) {
      expect(day.outbox, `outbox at the end of day ${day.day}`).toBe(0);
    }
    // Offline, the saves of one record fold into one op: the outbox counts records, not saves
    // (beside the ops a lost answer froze as "sending", which go again as they are).
    for (const day of perDay.filter((d) => d.signal === 'offline')) {
      expect(day.pending, `ops waiting at the end of day ${day.day}`).toBe(day.touched);
    }
    // Rows: exactly the records written, nothing per save; meta: the same keys on day 10 as day 1.
    expect(end.rows.evidence).toBe(notes.length + beaNotes.length);
    expect(end.rows.childCases).toBe(2);
    expect(end.rows.safeguardingConcerns).toBe(1);
    expect(end.drafts).toBe(0);
    expect(end.refused).toBe(0);
    expect(end.metaKeys).toEqual(perDay[0]!.metaKeys);

    // Wholeness: every sentence Ann typed is on the server exactly once, in her own notes only.
    const rows = [];
    let since: string | number = 0;
    for (;;) {
      const page = await pullPage(store, LEAD, since, 1000);
      rows.push(...page.rows);
      if (!page.hasMore) break;
      since = page.next;
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    const annRows = rows.filter((r) => r.entity === 'evidence' && r.author === ANN);
    expect(annRows).toHaveLength(notes.length);
    const allText = annRows.map((r) => String(r.fields.text)).join(' ');
    for (const id of notes) {
      const row = byId.get(id)!;
      expect(row.fields.text, `note ${notes.indexOf(id) + 1}`).toBe(typed.get(id)!.join(' '));
      expect(row.conflicts, `no false conflict on note ${notes.indexOf(id) + 1}`).toEqual({});
      for (const sentence of typed.get(id)!) expect(allText.split(sentence)).toHaveLength(2);
    }
    // The real conflict was kept, then resolved; the concern reached the server with its referral.
    expect(byId.get(CASE)!.fields.initials).toBe('JM');
    expect(byId.get(CASE)!.conflicts).toEqual({});
    expect(byId.get(concern!)!.fields.status).toBe('referred');
    // Bea's notes stay with the team; her tablet forgot the inspection when she left.
    expect(rows.filter((r) => r.author === BEA && r.entity === 'evidence')).toHaveLength(
      beaNotes.length,
    );
    expect((await bea.footprint()).rows.evidence).toBe(0);
  });
});
