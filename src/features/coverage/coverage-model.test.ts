import { describe, expect, it } from 'vitest';
import type { LocalRow } from '../../db';
import { frameworkById, type TeamMember } from '../../domain';
import { evidenceRow } from '../evidence-list/fixtures';
import { buildCoverage } from './coverage-model';

const CP = frameworkById('cp-joint-2012')!;
const LAC = frameworkById('lac-2012')!;
const TEAM: TeamMember[] = [
  { userId: 'user-a', name: 'Ann Lead', inspectorate: 'ofsted', role: 'lead' },
  { userId: 'user-b', name: 'Bob Inspector', inspectorate: 'cqc', role: 'inspector' },
];

const childCase = (id: string, caseRef: string, selection: 'tracked' | 'sampled') =>
  ({
    id,
    inspectionId: 'insp-1',
    fields: { caseRef, selection },
    seq: 0,
    versions: {},
    conflicts: {},
    author: 'user-a',
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:00.000Z',
    deleted: false,
  }) satisfies LocalRow<'childCase'>;

const EVIDENCE = [
  evidenceRow('e1', {
    kind: 'practitioner-interview',
    agency: 'childrens-social-care',
    judgementIds: ['help-and-protection'],
    evaluation: 'strength',
  }),
  evidenceRow('e2', {
    kind: 'shadowing-observation',
    agency: 'police',
    judgementIds: ['help-and-protection', 'quality-of-practice'],
    evaluation: 'priority-action',
  }),
  evidenceRow(
    'e3',
    {
      kind: 'practitioner-interview',
      agency: 'health-visiting',
      judgementIds: ['quality-of-practice'],
      evaluation: 'area-for-improvement',
      occurredAt: '2026-11-25T11:00:00.000Z',
    },
    { author: 'user-b' },
  ),
  evidenceRow('e4', { kind: 'document-review' }),
  evidenceRow('e5', {
    kind: 'case-tracking-note',
    agency: 'childrens-social-care',
    caseIds: ['case-1'],
    judgementIds: ['quality-of-practice'],
    evaluation: 'neutral',
  }),
];

describe('coverage model', () => {
  const model = buildCoverage({
    framework: CP,
    evidence: EVIDENCE,
    cases: [childCase('case-1', '100234', 'tracked'), childCase('case-2', '100777', 'sampled')],
    team: TEAM,
  });
  const row = (id: string) => model.rows.find((r) => r.id === id)!;
  const cell = (judgement: string, agency: string) =>
    row(judgement).cells[model.agencies.findIndex((a) => a.id === agency)]!;

  it('counts evidence and evaluations per judgement area and agency', () => {
    expect(row('help-and-protection').total).toEqual({
      total: 2,
      strength: 1,
      improvement: 0,
      priority: 1,
    });
    expect(cell('help-and-protection', 'police')).toEqual({
      total: 1,
      strength: 0,
      improvement: 0,
      priority: 1,
    });
    expect(cell('quality-of-practice', 'health-visiting').improvement).toBe(1);
    expect(cell('quality-of-practice', 'childrens-social-care').total).toBe(1);
  });

  it('names the gaps in words: a judgement area with no health evidence, one with none at all', () => {
    expect(row('help-and-protection').gaps).toEqual([
      'No health evidence',
      'No education evidence',
    ]);
    expect(row('quality-of-practice').gaps).toEqual(['No education evidence']);
    expect(row('leadership').gaps).toEqual(['No evidence yet']);
  });

  it('shows the key agencies even when empty and says which nobody has spoken to', () => {
    const ids = model.agencies.map((a) => a.id);
    expect(ids).toContain('gp');
    expect(ids).not.toContain('cafcass');
    expect(model.silentAgencies.map((a) => a.id)).toEqual([
      'school-nursing',
      'gp',
      'hospital',
      'camhs',
      'school',
    ]);
    expect(model.untagged).toBe(1);
    expect(model.noAgency).toBe(1);
  });

  it('lists children without a case-tracking note and counts tracked and sampled', () => {
    expect(model.children).toEqual({
      tracked: 1,
      sampled: 1,
      withoutNote: [{ id: 'case-2', caseRef: '100777', selection: 'sampled' }],
    });
  });

  it('counts evidence per inspector per day', () => {
    expect(model.inspectors.map((i) => i.name)).toEqual(['Ann Lead', 'Bob Inspector']);
    expect(model.days).toEqual([
      { day: '2026-11-24', counts: [4, 0], total: 4 },
      { day: '2026-11-25', counts: [0, 1], total: 1 },
    ]);
  });

  it('counts a sub-judgement’s evidence in its parent too, once', () => {
    const lac = buildCoverage({
      framework: LAC,
      evidence: [
        evidenceRow('a1', {
          kind: 'family-conversation',
          agency: 'adoption',
          judgementIds: ['permanence', 'permanence.adoption'],
        }),
      ],
      cases: [],
      team: TEAM,
    });
    const sub = lac.rows.find((r) => r.id === 'permanence.adoption')!;
    expect(sub.depth).toBe(1);
    expect(sub.total.total).toBe(1);
    expect(lac.rows.find((r) => r.id === 'permanence')!.total.total).toBe(1);
    expect(lac.agencies.map((a) => a.id)).toContain('adoption');
  });

  // Time is measured by `npm run bench` (in Chromium, beside a floor); here only that it scales.
  it('counts 50,000 rows', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) =>
      evidenceRow(`r${i}`, {
        kind: 'practitioner-interview',
        agency: i % 2 ? 'police' : 'gp',
        judgementIds: ['overall', 'leadership'],
        evaluation: 'strength',
      }),
    );
    const big = buildCoverage({ framework: CP, evidence: rows, cases: [], team: TEAM });
    expect(big.rows[0]!.total).toEqual({
      total: 50_000,
      strength: 50_000,
      improvement: 0,
      priority: 0,
    });
    expect(big.rows[0]!.cells[big.agencies.findIndex((a) => a.id === 'gp')]!.total).toBe(25_000);
  });
});
