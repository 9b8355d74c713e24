import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

/** What the user sees about their unsaved words: a union, never a pile of booleans (STYLE.md 7). */
export type AutosaveStatus =
  | { state: 'idle' }
  | { state: 'pending' }
  | { state: 'saving' }
  | { state: 'saved'; at: number }
  | { state: 'error'; error: Error };

/** 300 ms after the last keystroke: a pause in typing is saved at once (issue 2). */
export const AUTOSAVE_DELAY_MS = 300;
/**
 * And at least this often while typing goes on without a pause: steady typing never waits for a
 * pause that does not come. 750 ms, not a full second, leaves a quarter of a second for the
 * encrypted write itself to land, so what the app and the README promise — a crash keeps
 * "everything up to about a second before" — holds with the write time counted (issue 8).
 */
export const AUTOSAVE_MAX_WAIT_MS = 750;
/**
 * After a failed write (a full disk above all) the words wait on screen and are tried again this
 * often with no keystroke needed: an inspector who frees space and puts the tablet down finds her
 * words saved, not waiting for a next key she may never press.
 */
export const AUTOSAVE_RETRY_MS = 5_000;
/** The promise those two numbers keep, shown beside the save status (and in the README). */
export const AUTOSAVE_PROMISE =
  'Saved on this device as you type. If the app or the tablet stops suddenly, everything up to about a second before is kept.';

export type Autosave<P extends Record<string, unknown>> = {
  status: AutosaveStatus;
  /** Merges the change into what is waiting and (re)starts the debounce. */
  change: (patch: P) => void;
  /** Writes whatever is waiting now; resolves when it is stored (or has failed, see `status`). */
  flush: () => Promise<void>;
  /** Forgets what is waiting (the record is being deleted). */
  cancel: () => void;
};

/**
 * Debounced saving of one record's changes, with a maximum wait. Writes run one at a time in order; a failed write
 * keeps its changes waiting under any newer ones, and they are tried again every
 * AUTOSAVE_RETRY_MS (or at the next change, or `flush`) until they land: nothing typed is lost. Flushes when the component unmounts (route change) and when the
 * page is hidden or being unloaded (tab closed, app switched), the last moments a write can land.
 */
export const useAutosave = <P extends Record<string, unknown>>(
  save: (patch: P) => Promise<void>,
  now: () => number,
  delayMs = AUTOSAVE_DELAY_MS,
  maxWaitMs = AUTOSAVE_MAX_WAIT_MS,
): Autosave<P> => {
  const [status, setStatus] = useState<AutosaveStatus>({ state: 'idle' });
  const saveRef = useRef(save);
  const nowRef = useRef(now);
  useEffect(() => {
    saveRef.current = save;
    nowRef.current = now;
  });
  const pending = useRef<P | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Started by the first change after a save; not pushed back by later keystrokes. */
  const maxTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const mounted = useRef(true);
  /** The next try of a failed write; none while nothing has failed. */
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flushRef = useRef<() => Promise<void>>(() => Promise.resolve());
  const report = useCallback(
    (next: AutosaveStatus | ((current: AutosaveStatus) => AutosaveStatus)) => {
      if (mounted.current) setStatus(next);
    },
    [],
  );

  const writeOnce = useCallback(async () => {
    const patch = pending.current;
    if (!patch) return;
    pending.current = null;
    // A retry after a failure is still "not saved" until it lands: the error stays up meanwhile.
    report((s) => (s.state === 'error' ? s : { state: 'saving' }));
    try {
      await saveRef.current(patch);
      report(pending.current ? { state: 'pending' } : { state: 'saved', at: nowRef.current() });
    } catch (caught) {
      // Keep the failed change; anything typed since is newer and wins.
      pending.current = { ...patch, ...(pending.current ?? {}) };
      report({
        state: 'error',
        error: caught instanceof Error ? caught : new Error(String(caught)),
      });
      // Tried again on its own: space freed while nobody types must still save the words.
      if (mounted.current && retryTimer.current === undefined)
        retryTimer.current = setTimeout(() => void flushRef.current(), AUTOSAVE_RETRY_MS);
    }
  }, [report]);
  /** No save or retry is waiting on a timer any more: a flush writes now, a cancel drops it. */
  const stopTimers = useCallback(() => {
    clearTimeout(retryTimer.current);
    retryTimer.current = undefined;
    clearTimeout(timer.current);
    timer.current = undefined;
    clearTimeout(maxTimer.current);
    maxTimer.current = undefined;
  }, []);
  const flush = useCallback(() => {
    stopTimers();
    chain.current = chain.current.then(writeOnce);
    return chain.current;
  }, [writeOnce, stopTimers]);
  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  const change = useCallback(
    (patch: P) => {
      pending.current = { ...(pending.current ?? {}), ...patch };
      setStatus((s) => (s.state === 'error' ? s : { state: 'pending' }));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delayMs);
      maxTimer.current ??= setTimeout(() => void flush(), maxWaitMs);
    },
    [delayMs, maxWaitMs, flush],
  );

  const cancel = useCallback(() => {
    stopTimers();
    pending.current = null;
    report({ state: 'idle' });
  }, [report, stopTimers]);

  useEffect(() => {
    mounted.current = true;
    const onHidden = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    // Hidden (another app, the tab in the background) the page lives on and this write lands.
    // Unloaded (a reload, a closed tab) it cannot: Chromium drops IndexedDB writes begun in
    // pagehide — even a raw synchronous put with commit() was lost on reload when tried — so the
    // crash promise rests on AUTOSAVE_MAX_WAIT_MS, and this flush is a last attempt only.
    const onPageHide = () => void flush();
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', onPageHide);
      mounted.current = false;
      clearTimeout(retryTimer.current);
      retryTimer.current = undefined;
      void flush();
    };
  }, [flush]);

  return useMemo(() => ({ status, change, flush, cancel }), [status, change, flush, cancel]);
};
