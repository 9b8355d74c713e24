import { useState } from 'react';
import type { AutosaveStatus } from './useAutosave';

/**
 * What of an autosave is worth reading out (WCAG 2.2 4.1.3). An editor saves at every pause in
 * typing; a live region holding the visible "Saving…"/"Saved at 09:41:07" made a screen reader
 * speak after every pause, several times a minute, over what the person was writing. Only these
 * are read out; the visible status still changes at every save.
 * - `first`: the first save of a sitting (the editor is mounted), so the person knows it saves;
 * - `failed`: a write failed (said once, not again while retries fail);
 * - `again`: the first save after a failure, so the person knows the problem has passed.
 */
export type SaveNews = 'first' | 'failed' | 'again';

/** What the sitting has seen so far: a save, and whether a failure is still unanswered. */
export type Sitting = { saved: boolean; failing: boolean };

export const NEW_SITTING: Sitting = { saved: false, failing: false };

/** Pure: the news in moving to `next`, if any, and the sitting after it. */
export const saveNews = (
  sitting: Sitting,
  next: AutosaveStatus,
): { news: SaveNews | null; sitting: Sitting } => {
  if (next.state === 'error')
    return { news: sitting.failing ? null : 'failed', sitting: { ...sitting, failing: true } };
  if (next.state !== 'saved') return { news: null, sitting };
  const news = sitting.failing ? 'again' : sitting.saved ? null : 'first';
  return { news, sitting: { saved: true, failing: false } };
};

const sameStatus = (a: AutosaveStatus, b: AutosaveStatus) =>
  a.state === b.state &&
  (a.state !== 'saved' || (b.state === 'saved' && a.at === b.at)) &&
  (a.state !== 'error' || (b.state === 'error' && a.error === b.error));

/** A live region's memory: the last input, what it has learnt from the inputs so far, its words. */
type Memory<S, K> = { input: S; known: K; said: string };

/**
 * The words for a polite live region that reads out news, not every change of what it describes
 * (WCAG 2.2 4.1.3). `step` is pure: from what is known and the next input, the news in it (if
 * any) and what is known after. The latest news is kept until there is newer news (a live region
 * reads out only what changes in it, so routine changes leave it silent); the same news twice in
 * a row gains a no-break space, so it is read out again. Computed while rendering from the
 * previous input (React's "information from previous renders"); `same` says when an input is
 * unchanged, so a re-render with equal input is no news. The first input sets what is known and
 * is read out only if `step` finds news in it.
 */
export const useNews = <S, K>(
  input: S,
  same: (a: S, b: S) => boolean,
  step: (known: K, next: S) => { news: string | null; known: K },
  start: K,
): string => {
  const [memory, setMemory] = useState<Memory<S, K>>(() => {
    const { news, known } = step(start, input);
    return { input, known, said: news ?? '' };
  });
  if (same(memory.input, input)) return memory.said;
  const { news, known } = step(memory.known, input);
  const said = news === null ? memory.said : news === memory.said ? `${news}\u00a0` : news;
  setMemory({ input, known, said });
  return said;
};

/**
 * The editors' save status: the latest news in `words`, kept until there is newer news (see
 * {@link useNews}).
 */
export const useSaveAnnouncement = (
  status: AutosaveStatus,
  words: (news: SaveNews, status: AutosaveStatus) => string,
): string =>
  useNews(
    status,
    sameStatus,
    (sitting: Sitting, next: AutosaveStatus) => {
      const { news, sitting: after } = saveNews(sitting, next);
      return { news: news ? words(news, next) : null, known: after };
    },
    NEW_SITTING,
  );
