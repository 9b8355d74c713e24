import { describe, expect, it, vi } from 'vitest';
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
  it('stays whole while a fortnight of notes change and are searched', async () => {
    // Late in the fortnight: 80 notes whose words number in the thousands, more than MiniSearch
    // vacuums in one batch (1,000 terms). A sync pulls notes in (many changed at once), the list
    // searches straight away, and notes go on being saved: with `replace` (discard, then a vacuum
    // in batches 10 ms apart) the tree changed under the vacuum's walk, which failed (an unhandled
    // rejection: `Cannot read properties of undefined (reading 'keys')`) and never vacuumed that
    // index again.
    const failures: unknown[] = [];
    const onRejection = (error: unknown) => failures.push(error);
    process.on('unhandledRejection', onRejection);
    // MiniSearch waits between batches with setTimeout: faked, so each round changes the notes
    // while such a wait is pending, on any machine, and then lets every wait run out.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let seed = 20;
      const random = () => (seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
      // Words an inspector has used, and each sitting a few new ones (names of roles, places).
      const word = (pool: number) => `w${Math.floor(random() * pool).toString(36)}`;
      // A word of each round's own, far from the others' (prefix and typo matching are on).
      const ROUND_WORDS = [
        ...'alfa bravo charlie delta echo foxtrot golf hotel india juliett kilo'.split(' '),
        ...'lima mike november oscar papa quebec romeo sierra tango uniform'.split(' '),
      ];
      const note = (i: number, round: number) =>
        evidenceRow(
          `n${i}`,
          {
            kind: 'practitioner-interview',
            text: [
              ...Array.from({ length: 140 }, () => word(3_000)),
              ...Array.from({ length: 10 }, () => word(300_000)),
              ROUND_WORDS[round]!,
            ].join(' '),
          },
          { updatedAt: new Date(Date.UTC(2026, 10, 24) + round * 60_000).toISOString() },
        );
      let rows = Array.from({ length: 80 }, (_, i) => note(i, 0));
      const index = createEvidenceSearchIndex();
      index.update(rows, cases);
      for (let round = 1; round <= 20; round++) {
        // A sync pulls a third of the notes in, changed; the list searches straight away.
        rows = rows.map((row, i) => (i < 25 ? note(i, round) : row));
        index.update(rows, cases);
        expect(index.search(ROUND_WORDS[round]!)).toEqual(expect.arrayContaining(['n0', 'n24']));
        // Then, while MiniSearch would wait between batches, one note after another is saved.
        for (let step = 0; step < 10; step++) {
          const i = 25 + ((round * 10 + step) % 55);
          rows = rows.map((row, k) => (k === i ? note(i, round) : row));
          index.update(rows, cases);
          await vi.advanceTimersByTimeAsync(10);
        }
        await vi.advanceTimersByTimeAsync(1_000);
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(failures).toEqual([]);
      // Each note is found by the words it has now, and by none it had before.
      const lastSeen = (round: number) =>
        rows
          .filter((row) => row.fields.text!.endsWith(` ${ROUND_WORDS[round]}`))
          .map((row) => row.id);
      expect(lastSeen(20)).toHaveLength(35);
      expect(index.search(ROUND_WORDS[20]!).sort()).toEqual(lastSeen(20).sort());
      expect(index.search(ROUND_WORDS[19]!).sort()).toEqual(lastSeen(19).sort());
      expect(index.search(ROUND_WORDS[3]!)).toEqual([]);
    } finally {
      vi.useRealTimers();
      process.off('unhandledRejection', onRejection);
    }
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
