import { describe, expect, it } from 'vitest';
import { frameworkById } from '../../domain';
import { evidenceRow } from './fixtures';
import {
  compileFilter,
  queryEvidence,
  searchEvidence,
  withSubJudgements,
  type EvidenceFilter,
} from './filter';
import { filterFromParams, paramsFromFilter } from './filter-params';
import { createEvidenceSearchIndex } from './search';

const rows = [
  evidenceRow('a', {
    kind: 'practitioner-interview',
    agency: 'police',
    role: 'Detective sergeant',
    evaluation: 'strength',
    judgementIds: ['help-and-protection'],
    caseIds: ['case-1'],
    occurredAt: '2026-11-23T09:00:00.000Z',
    text: 'Strategy discussions are timely and well attended',
  }),
  evidenceRow(
    'b',
    {
      kind: 'shadowing-observation',
      agency: 'childrens-social-care',
      evaluation: 'priority-action',
      judgementIds: ['quality-of-practice'],
      caseIds: ['case-1', 'case-2'],
      occurredAt: '2026-11-24T14:00:00.000Z',
      status: 'final',
      lines: [{ at: '2026-11-24T14:01:00.000Z', text: 'Home visit: child not seen alone' }],
    },
    { author: 'user-b' },
  ),
  evidenceRow('c', {
    kind: 'case-tracking-note',
    evaluation: 'area-for-improvement',
    judgementIds: ['permanence.adoption'],
    occurredAt: '2026-11-25T11:00:00.000Z',
    text: 'Adoption delayed by late court filing',
  }),
];

const ids = (filter: EvidenceFilter) => queryEvidence(rows, filter).map((r) => r.id);

describe('queryEvidence filters', () => {
  it('lists everything newest first when nothing is chosen', () => {
    expect(ids({})).toEqual(['c', 'b', 'a']);
  });

  it.each<[string, EvidenceFilter, string[]]>([
    ['kind', { kinds: ['shadowing-observation'] }, ['b']],
    ['several kinds (OR)', { kinds: ['shadowing-observation', 'case-tracking-note'] }, ['c', 'b']],
    ['judgement area', { judgementIds: ['help-and-protection'] }, ['a']],
    ['agency', { agencies: ['police'] }, ['a']],
    ['child', { caseIds: ['case-1'] }, ['b', 'a']],
    ['another child', { caseIds: ['case-2'] }, ['b']],
    ['author', { authors: ['user-b'] }, ['b']],
    ['evaluation', { evaluations: ['strength', 'priority-action'] }, ['b', 'a']],
    ['status', { statuses: ['final'] }, ['b']],
    ['filters combine (AND)', { caseIds: ['case-1'], evaluations: ['strength'] }, ['a']],
    ['nothing matches', { agencies: ['housing'] }, []],
  ])('by %s', (_name, filter, expected) => {
    expect(ids(filter)).toEqual(expected);
  });

  it('filters by local calendar day, both ends inclusive', () => {
    const day = (iso: string) => {
      const d = new Date(iso);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    const b = day(rows[1]!.fields.occurredAt);
    expect(ids({ from: b, to: b })).toEqual(['b']);
    expect(ids({ from: b })).toEqual(['c', 'b']);
    expect(ids({ to: b })).toEqual(['b', 'a']);
  });

  it('counts a sub-judgement under its parent', () => {
    const lac = frameworkById('lac-2012')!;
    const judgementIds = withSubJudgements(lac, ['permanence']);
    expect(judgementIds).toEqual(['permanence', 'permanence.adoption']);
    expect(ids({ judgementIds })).toEqual(['c']);
  });

  it('ignores a malformed date rather than hiding everything', () => {
    expect(compileFilter({ from: 'yesterday' })(rows[0]!)).toBe(true);
  });

  it('searches, then filters, best match first', () => {
    const index = createEvidenceSearchIndex();
    index.update(rows, new Map([['case-1', 'NS-1042']]));
    expect(
      searchEvidence(rows, { query: 'NS-1042' }, index)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(
      searchEvidence(rows, { query: 'NS-1042', kinds: ['practitioner-interview'] }, index).map(
        (r) => r.id,
      ),
    ).toEqual(['a']);
  });

  it('round-trips through the URL', () => {
    const filter: EvidenceFilter = {
      query: 'visit',
      kinds: ['focus-group'],
      caseIds: ['x', 'y'],
      from: '2026-11-23',
      to: '2026-11-27',
    };
    expect(filterFromParams(paramsFromFilter(filter))).toEqual(filter);
  });
});
