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

type Memory = { status: AutosaveStatus; sitting: Sitting; said: string };

/**
 * The words for the live region: the latest news in `words`, kept until there is newer news (a
 * live region reads out only what changes in it, so routine saves leave it silent). Computed
 * while rendering from the previous status (React's "information from previous renders").
 */
export const useSaveAnnouncement = (
  status: AutosaveStatus,
  words: (news: SaveNews, status: AutosaveStatus) => string,
): string => {
  const [memory, setMemory] = useState<Memory>(() => {
    const { news, sitting } = saveNews(NEW_SITTING, status);
    return { status, sitting, said: news ? words(news, status) : '' };
  });
  if (!sameStatus(memory.status, status)) {
    const { news, sitting } = saveNews(memory.sitting, status);
    const next = { status, sitting, said: news ? words(news, status) : memory.said };
    setMemory(next);
    return next.said;
  }
  return memory.said;
};
