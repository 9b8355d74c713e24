import { describe, expect, it } from 'vitest';
import { evidenceRow } from './fixtures';
import { createEvidenceSearchIndex } from './search';
import { snippetOf } from './snippet';

const interview = evidenceRow('a', {
  kind: 'practitioner-interview',
  role: 'Health visitor',
  text: 'Safeguarding supervision happens monthly and is recorded on the child record',
});
const shadow = evidenceRow('b', {
  kind: 'shadowing-observation',
  caseIds: ['case-7'],
  lines: [
    { at: '2026-11-24T14:01:00.000Z', text: 'Mother answers the door' },
    { at: '2026-11-24T14:03:00.000Z', text: 'Worker asks to see the bedroom' },
  ],
});
const cases = new Map([['case-7', 'NS-2210']]);

const fresh = () => {
  const index = createEvidenceSearchIndex();
  index.update([interview, shadow], cases);
  return index;
};

describe('evidence search', () => {
  it.each([
    ['text', 'supervision', ['a']],
    ['shadowing lines', 'bedroom', ['b']],
    ['role', 'health visitor', ['a']],
    ['case reference', 'NS-2210', ['b']],
    ['a prefix, as typed', 'superv', ['a']],
    ['a typo', 'supervsion', ['a']],
    ['every word must match', 'mother bedroom', ['b']],
    ['no match', 'adoption', []],
    ['an empty query', '   ', []],
  ])('finds by %s', (_what, query, expected) => {
    expect(fresh().search(query)).toEqual(expected);
  });

  it('updates only what changed, and forgets removed rows', () => {
    const index = fresh();
    const edited = {
      ...interview,
      updatedAt: '2026-11-24T10:05:00.000Z',
      fields: { ...interview.fields, text: 'Supervision is irregular' },
    };
    index.update([edited, shadow], cases);
    expect(index.search('irregular')).toEqual(['a']);
    expect(index.search('monthly')).toEqual([]);
    index.update([shadow], cases);
    expect(index.search('irregular')).toEqual([]);
    expect(index.size()).toBe(1);
  });

  it('re-indexes when a case reference changes', () => {
    const index = fresh();
    index.update([interview, shadow], new Map([['case-7', 'NS-9999']]));
    expect(index.search('NS-9999')).toEqual(['b']);
    expect(index.search('2210')).toEqual([]);
  });

  it('finds a misspelled word among 10,000 rows once built', () => {
    const words = [
      'strategy',
      'visit',
      'supervision',
      'plan',
      'school',
      'police',
      'conference',
      'health',
      'drift',
      'voice',
    ];
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      evidenceRow(`r${i}`, {
        kind: 'practitioner-interview',
        text:
          Array.from({ length: 40 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ') +
          ` note${i}`,
      }),
    );
    const index = createEvidenceSearchIndex();
    index.update(rows, new Map());
    // How long it takes is the bench's to say (client evidence list), not a test's.
    const found = index.search('supervison drift');
    expect(found.length).toBeGreaterThan(0);
  });
});

describe('snippetOf', () => {
  it('marks the first searched word in context', () => {
    const parts = snippetOf(interview, 'monthly');
    expect(parts.find((p) => p.hit)?.text).toBe('monthly');
    expect(parts.map((p) => p.text).join('')).toContain('supervision happens monthly');
  });
  it('uses shadowing lines when there is no text', () => {
    expect(snippetOf(shadow)[0]!.text).toBe(
      'Mother answers the door · Worker asks to see the bedroom',
    );
  });
});
