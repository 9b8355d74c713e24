import { describe, expect, it } from 'vitest';
import type { LocalRow } from '../../db';
import type { EvidenceKind } from '../../domain';
import { buildToday, returnedTo, reviewsByEvidence } from './today-model';

const ALICE = '00000000-0000-7000-8000-00000000000a';
const BOB = '00000000-0000-7000-8000-00000000000b';
let n = 0;
const uuid = () => `00000000-0000-7000-8000-${(++n).toString(16).padStart(12, '0')}`;

const evidence = (
  author: string,
  kind: EvidenceKind,
  occurredAt: string,
  updatedAt = occurredAt,
  extra: Partial<LocalRow<'evidence'>> = {},
): LocalRow<'evidence'> => ({
  id: uuid(),
  inspectionId: 'i',
  fields: { kind, occurredAt, status: 'final' },
  seq: 1,
  versions: {},
  conflicts: {},
  author,
  createdAt: updatedAt,
  updatedAt,
  deleted: false,
  ...extra,
});

const review = (
  evidenceId: string,
  state: 'reviewed' | 'follow-up',
  extra: { reply?: string; updatedAt?: string; comment?: string } = {},
): LocalRow<'review'> => ({
  id: uuid(),
  inspectionId: 'i',
  fields: { evidenceId, state, comment: extra.comment ?? 'Check', reply: extra.reply },
  seq: 1,
  versions: {},
  conflicts: {},
  author: 'lead',
  createdAt: extra.updatedAt ?? '2026-11-26T18:00:00.000Z',
  updatedAt: extra.updatedAt ?? '2026-11-26T18:00:00.000Z',
  deleted: false,
});

describe('buildToday', () => {
  const a1 = evidence(ALICE, 'practitioner-interview', '2026-11-26T09:00:00.000Z');
  const a2 = evidence(ALICE, 'practitioner-interview', '2026-11-26T11:00:00.000Z');
  const a3 = evidence(ALICE, 'case-tracking-note', '2026-11-26T10:00:00.000Z');
  const b1 = evidence(BOB, 'focus-group', '2026-11-26T12:00:00.000Z');
  const b2 = evidence(BOB, 'focus-group', '2026-11-25T12:00:00.000Z');
  const b3 = evidence(BOB, 'document-review', '2026-11-25T09:00:00.000Z');
  const gone = evidence(BOB, 'document-review', '2026-11-26T13:00:00.000Z', undefined, {
    deleted: true,
  });
  const rows = [a1, a2, a3, b1, b2, b3, gone];
  const reviews = [
    review(b2.id, 'reviewed'),
    review(b3.id, 'follow-up', { updatedAt: '2026-11-26T19:00:00.000Z' }),
    review(a3.id, 'follow-up', {
      reply: 'Added the chronology',
      updatedAt: '2026-11-26T17:00:00.000Z',
    }),
    review(gone.id, 'reviewed'), // its evidence was deleted: counts for nothing
  ];

  it('counts new (no review), reviewed, follow-up and answered follow-ups', () => {
    expect(buildToday({ evidence: rows, reviews }).counts).toEqual({
      new: 3,
      newSince: 3,
      reviewed: 1,
      followUp: 2,
      replied: 1,
    });
  });

  it('groups new evidence by inspector then kind, newest first at each level', () => {
    const { groups } = buildToday({ evidence: rows, reviews });
    expect(
      groups.map((g) => ({
        author: g.author,
        count: g.count,
        kinds: g.kinds.map((k) => [k.kind, k.items.map((i) => i.id)]),
      })),
    ).toEqual([
      { author: BOB, count: 1, kinds: [['focus-group', [b1.id]]] },
      { author: ALICE, count: 2, kinds: [['practitioner-interview', [a2.id, a1.id]]] },
    ]);
  });

  it('shows only evidence changed since the last review session, unless asked for all', () => {
    const since = '2026-11-26T10:30:00.000Z';
    const recent = buildToday({ evidence: rows, reviews, since });
    expect(recent.counts.new).toBe(3);
    expect(recent.counts.newSince).toBe(2);
    expect(recent.groups.flatMap((g) => g.kinds.flatMap((k) => k.items.map((i) => i.id)))).toEqual([
      b1.id,
      a2.id,
    ]);
    const all = buildToday({ evidence: rows, reviews, since, showAll: true });
    expect(all.groups.flatMap((g) => g.kinds.flatMap((k) => k.items))).toHaveLength(3);
  });

  it('lists answered follow-ups first, then the most recently returned', () => {
    const { followUps } = buildToday({ evidence: rows, reviews });
    expect(followUps.map((f) => f.evidence.id)).toEqual([a3.id, b3.id]);
  });

  it('takes the most recently changed review when two devices each made one', () => {
    const older = review(a1.id, 'follow-up', { updatedAt: '2026-11-26T18:00:00.000Z' });
    const newer = review(a1.id, 'reviewed', { updatedAt: '2026-11-26T18:05:00.000Z' });
    expect(reviewsByEvidence([newer, older]).get(a1.id)?.id).toBe(newer.id);
    expect(reviewsByEvidence([older, newer]).get(a1.id)?.id).toBe(newer.id);
  });

  it('returns to an author only their own evidence that awaits follow-up', () => {
    expect(returnedTo(ALICE, rows, reviews).map((f) => f.evidence.id)).toEqual([a3.id]);
    expect(returnedTo(BOB, rows, reviews).map((f) => f.evidence.id)).toEqual([b3.id]);
  });

  // How long it takes is the bench's to say (client lead Today), not a test's.
  it('groups 50,000 rows, every one counted once', () => {
    const many = Array.from({ length: 50_000 }, (_, i) =>
      evidence(
        i % 2 ? ALICE : BOB,
        i % 3 ? 'focus-group' : 'practitioner-interview',
        new Date(Date.UTC(2026, 10, 2) + i * 60_000).toISOString(),
      ),
    );
    const model = buildToday({ evidence: many, reviews: [] });
    expect(model.counts.new).toBe(50_000);
    expect(model.groups.reduce((s, g) => s + g.count, 0)).toBe(50_000);
  });
});

describe('buildToday triage (issue 9)', () => {
  it('lists priority actions first, then areas for improvement, strengths, neutral, unevaluated; newest first within each', () => {
    const at = (hour: number) => `2026-11-26T${String(hour).padStart(2, '0')}:00:00.000Z`;
    const kind = 'case-tracking-note';
    const withEvaluation = (hour: number, evaluation?: string) =>
      evidence(ALICE, kind, at(hour), at(hour), {
        fields: {
          kind,
          occurredAt: at(hour),
          status: 'final',
          ...(evaluation ? { evaluation } : {}),
        } as LocalRow<'evidence'>['fields'],
      });
    const rows = [
      withEvaluation(9),
      withEvaluation(10, 'strength'),
      withEvaluation(11, 'priority-action'),
      withEvaluation(12, 'neutral'),
      withEvaluation(13, 'area-for-improvement'),
      withEvaluation(14, 'priority-action'),
      withEvaluation(15),
    ];
    // Whatever order they arrive in.
    for (const order of [rows, [...rows].reverse()]) {
      const { groups } = buildToday({ evidence: order, reviews: [], since: null, showAll: true });
      const listed = groups[0]!.kinds[0]!.items.map((r) => [
        r.fields.evaluation ?? 'none',
        r.fields.occurredAt.slice(11, 13),
      ]);
      expect(listed).toEqual([
        ['priority-action', '14'],
        ['priority-action', '11'],
        ['area-for-improvement', '13'],
        ['strength', '10'],
        ['neutral', '12'],
        ['none', '15'],
        ['none', '09'],
      ]);
      expect(groups[0]!.newest).toBe(at(15));
    }
  });
});
