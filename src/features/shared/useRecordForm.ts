import { useCallback, useEffect, useRef, useState } from 'react';
import { useAutosave, type AutosaveStatus } from './useAutosave';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A form over one stored record, saved as the person works (≤ 300 ms after the last change, no
 * save button). What they typed stays on screen even when it cannot be saved (invalid, disk
 * full). A stored value that changes from elsewhere — a resolved conflict, another tab, a pull —
 * replaces the field on screen, unless it is only the echo of this form's own save.
 */
export const useRecordForm = <F extends Record<string, unknown>>(
  stored: F,
  save: (patch: Partial<F>) => Promise<void>,
  now: () => number,
): {
  form: F;
  /** Shows `patch`, and saves `persist` (defaults to `patch`; `{}` shows without saving). */
  set: (patch: Partial<F>, persist?: Partial<F>) => void;
  status: AutosaveStatus;
  flush: () => Promise<void>;
} => {
  const [form, setForm] = useState(stored);
  // Per field, the values this form has sent whose echo has not come back yet, oldest first. An
  // echo may trail the screen (a keystroke landed while the write was in flight), so only a
  // value never sent counts as a change from elsewhere.
  const sent = useRef<Record<string, string[]>>({});
  const previous = useRef(stored);
  const autosave = useAutosave<Partial<F>>(save, now);
  const { change } = autosave;

  const storedKey = JSON.stringify(stored);
  useEffect(() => {
    const next = JSON.parse(storedKey) as F;
    const before = previous.current;
    previous.current = next;
    const external = Object.keys(next).filter((k) => {
      if (same(before[k], next[k])) return false;
      const waiting = sent.current[k] ?? [];
      const echo = waiting.indexOf(JSON.stringify(next[k]));
      if (echo >= 0) {
        sent.current[k] = waiting.slice(echo + 1);
        return false;
      }
      sent.current[k] = [];
      return true;
    });
    if (external.length > 0)
      setForm((f) => ({ ...f, ...Object.fromEntries(external.map((k) => [k, next[k]])) }));
  }, [storedKey]);

  const set = useCallback(
    (patch: Partial<F>, persist: Partial<F> = patch) => {
      setForm((f) => ({ ...f, ...patch }));
      if (Object.keys(persist).length === 0) return;
      for (const [k, v] of Object.entries(persist))
        sent.current[k] = [...(sent.current[k] ?? []), JSON.stringify(v)];
      change(persist);
    },
    [change],
  );

  return { form, set, status: autosave.status, flush: autosave.flush };
};
