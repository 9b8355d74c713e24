import { useCallback, useEffect, useRef, useState } from 'react';
import { readDraft, type DraftValue } from '../../db';
import { useFieldbook } from './fieldbook-context';
import { useAutosave, type AutosaveStatus } from './useAutosave';
import { useRecordLease } from './useRecordLease';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A form whose words wait on this device (db/drafts.ts) until its button sends them. */
export type LocalDraft<F extends DraftValue> =
  | { state: 'loading' }
  /** Another tab of the app has this form open: shown read-only there, with "Edit here instead". */
  | { state: 'elsewhere'; takeOver: () => void }
  | {
      state: 'editing';
      form: F;
      set: (patch: Partial<F>) => void;
      status: AutosaveStatus;
      /** Something differs from what the form opened with (there is, or will be, a draft). */
      changed: boolean;
      /** Writes what is waiting now. */
      flush: () => Promise<void>;
      /** The button saved it (or the person cleared it): forget the draft, show `base` again. */
      discard: () => Promise<void>;
    };

/**
 * A form held on this device as it is typed — sealed, saved like every editor (≤ 300 ms after a
 * pause, at least every 750 ms), kept through an idle lock, a reload, leaving the screen and a
 * second tab taking over — for words that are sent only when a button is pressed. `base` is what
 * the form shows with no draft (empty, or the value already sent); a form back at `base` keeps
 * no draft. `key` is from `draftKeyOf`. Like LeasedEditor, one tab edits and the others wait.
 */
export const useLocalDraft = <F extends DraftValue>(key: string, base: F): LocalDraft<F> => {
  const { db, repo, clock } = useFieldbook();
  const baseRef = useRef(base);
  useEffect(() => {
    baseRef.current = base;
  });
  // `null`: no draft, the form shows `base` as it is now (it follows a value sent meanwhile).
  const autosave = useAutosave<{ form: F | null }>(
    ({ form }) =>
      form === null || same(form, baseRef.current)
        ? repo.discardDraft(key)
        : repo.saveDraft(key, form),
    () => clock.now(),
  );
  const { change, flush, status } = autosave;
  const lease = useRecordLease(`draft:${key}`, true, flush);
  const generation = lease.state === 'mine' ? lease.generation : null;
  const [held, setHeld] = useState<{ generation: number; form: F | null } | null>(null);
  const formRef = useRef<F | null>(null);

  // Read afresh each time this tab gets the form: the other tab wrote its last words first.
  useEffect(() => {
    if (generation === null) return;
    let current = true;
    void readDraft<F>(db, key).then((draft) => {
      if (!current) return;
      const form = draft ? { ...baseRef.current, ...draft.fields } : null;
      // Sent, but the tablet stopped before the draft was dropped: nothing is waiting after all.
      if (draft && same(form, baseRef.current)) void repo.discardDraft(key);
      formRef.current = form;
      setHeld({ generation, form });
    });
    return () => {
      current = false;
    };
  }, [db, key, generation, repo]);

  const set = useCallback(
    (patch: Partial<F>) => {
      const form = { ...(formRef.current ?? baseRef.current), ...patch };
      formRef.current = form;
      setHeld((h) => (h ? { ...h, form } : h));
      change({ form });
    },
    [change],
  );

  // Back to `base` at once (the next line may be typed straight away), and the draft dropped in
  // turn with the saves, so a word typed after this is kept rather than deleted by it.
  const discard = useCallback(async () => {
    formRef.current = null;
    setHeld((h) => (h ? { ...h, form: null } : h));
    change({ form: null });
    await flush();
  }, [change, flush]);

  if (lease.state === 'elsewhere') return { state: 'elsewhere', takeOver: lease.takeOver };
  if (!held || held.generation !== generation) return { state: 'loading' };
  return {
    state: 'editing',
    form: held.form ?? base,
    set,
    status,
    changed: held.form !== null && !same(held.form, base),
    flush,
    discard,
  };
};
