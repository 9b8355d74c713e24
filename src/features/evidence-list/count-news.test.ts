import { describe, expect, it } from 'vitest';
import { NO_COUNT_SAID, countNews, type CountKnown, type CountSeen } from './count-news';

/** What is read out over a run of what the count shows, from nothing known. */
const readOut = (seen: readonly CountSeen[]) => {
  let known: CountKnown = NO_COUNT_SAID;
  const said: string[] = [];
  for (const next of seen) {
    const step = countNews(known, next);
    if (step.news !== null) said.push(step.news);
    known = step.known;
  }
  return said;
};

describe('what of an evidence count is read out (WCAG 2.2 4.1.3)', () => {
  it('says the first count, then nothing as rows arrive for the same search', () => {
    expect(
      readOut([
        { asked: 'all', words: undefined }, // the rows loading
        { asked: 'all', words: '0 pieces of evidence' },
        { asked: 'all', words: '100 pieces of evidence' },
        { asked: 'all', words: '200 pieces of evidence' },
        { asked: 'all', words: '300 pieces of evidence' },
      ]),
    ).toEqual(['0 pieces of evidence']);
  });

  it('says the count for each new search, once its results are in', () => {
    expect(
      readOut([
        { asked: 'all', words: '300 pieces of evidence' },
        { asked: 'home', words: undefined }, // the search waits for its index
        { asked: 'home', words: '12 pieces of evidence match' },
        { asked: 'home', words: '13 pieces of evidence match' }, // a note arrives
        { asked: 'home visit', words: '13 pieces of evidence match' }, // same count, new search
        { asked: 'all', words: '301 pieces of evidence' },
      ]),
    ).toEqual([
      '300 pieces of evidence',
      '12 pieces of evidence match',
      '13 pieces of evidence match',
      '301 pieces of evidence',
    ]);
  });
});
