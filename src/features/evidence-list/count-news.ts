import { useNews } from '../shared/save-announcer';

/**
 * What of an evidence count is worth reading out (WCAG 2.2 4.1.3). The evidence list's count
 * ("N pieces of evidence") was its own live region, so it was read out at every page a sync
 * pulled while the team's notes arrived, and whenever another tab saved a note: five times for a
 * five-page pull, once a page in a first sync with the list open. Its words still change on
 * screen; a polite region beside them (save-announcer.ts `useNews`) reads out only the answer to
 * what she asked: the count for her search and filters, when she changes them, and the first
 * count the list shows. Rows arriving for the same search are not news.
 */

/**
 * What the count region sees: the search and filters she asked for (`asked`, any string that is
 * equal exactly when they are), and the count's words once their results are in (undefined
 * while the rows load or the search waits for its index).
 */
export type CountSeen = { asked: string; words: string | undefined };

/** The search and filters whose count was last read out (null: none yet). */
export type CountKnown = { asked: string | null };

export const NO_COUNT_SAID: CountKnown = { asked: null };

const sameCount = (a: CountSeen, b: CountSeen) => a.asked === b.asked && a.words === b.words;

/** Pure: the news in `next` (its words, if it answers a search not yet answered), and what is known after. */
export const countNews = (
  known: CountKnown,
  next: CountSeen,
): { news: string | null; known: CountKnown } =>
  next.words === undefined || next.asked === known.asked
    ? { news: null, known }
    : { news: next.words, known: { asked: next.asked } };

/** The words for an evidence count's polite live region: the latest answer to her search. */
export const useCountNews = (asked: string, words: string | undefined): string =>
  useNews({ asked, words }, sameCount, countNews, NO_COUNT_SAID);
