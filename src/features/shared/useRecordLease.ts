import { useCallback, useEffect, useRef, useState } from 'react';
import { useFieldbook } from './fieldbook-context';

/**
 * Who may edit a record when it is open in several tabs of the app (issue 11 point 7): one tab at
 * a time holds a Web Lock named after the record; the others show it read-only and wait in line
 * for the lock, so closing or leaving the editing tab hands editing on. "Edit here instead" asks
 * the holder (over a BroadcastChannel) to let go: it unmounts its editor, which flushes what was
 * typed, waits for that write, and only then releases, so neither tab's words are lost.
 *
 * Without Web Locks (very old browsers, unit tests) every tab edits, as before.
 */
export type RecordLease =
  | { state: 'checking' }
  | { state: 'mine'; generation: number }
  | { state: 'elsewhere'; takeOver: () => void };

type LeaseMessage = { type: 'take'; name: string };
const CHANNEL = 'fieldbook-record-leases';

export const useRecordLease = (
  key: string,
  enabled = true,
  /** Writes what the editor holds (its autosave's flush), awaited before the lock is handed on. */
  beforeRelease?: () => Promise<void>,
): RecordLease => {
  const { repo } = useFieldbook();
  const flushFirst = useRef(beforeRelease);
  useEffect(() => {
    flushFirst.current = beforeRelease;
  }, [beforeRelease]);
  const [state, setState] = useState<'checking' | 'mine' | 'elsewhere'>('checking');
  const [generation, setGeneration] = useState(0);
  const channel = useRef<BroadcastChannel | null>(null);
  const name = `fieldbook-edit:${key}`;
  const supported =
    enabled &&
    typeof navigator !== 'undefined' &&
    typeof (navigator.locks as LockManager | null | undefined)?.request === 'function';

  useEffect(() => {
    if (!supported) return;
    let live = true;
    let release: (() => void) | null = null;
    const controller = new AbortController();
    const bus = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
    channel.current = bus;

    const hold = () =>
      new Promise<void>((resolve) => {
        release = resolve;
        setGeneration((g) => g + 1);
        setState('mine');
      });
    /** Waits in line (after a first try that did not get it at once, or after handing it on). */
    const queue = () =>
      navigator.locks
        .request(name, { signal: controller.signal }, () => (live ? hold() : undefined))
        .catch(() => undefined); // aborted on unmount
    void navigator.locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (!live) return;
        if (lock) return hold();
        setState('elsewhere');
        void queue();
      })
      .catch(() => undefined);

    if (bus)
      bus.onmessage = (event: MessageEvent<LeaseMessage>) => {
        if (event.data.type !== 'take' || event.data.name !== name || !release) return;
        const letGo = release;
        release = null;
        // The editor's words are written first (queued writes included), then it unmounts, which
        // flushes anything typed meanwhile; the lock goes only once all of that is written.
        void (async () => {
          await flushFirst.current?.().catch(() => undefined);
          setState('elsewhere');
          await new Promise((resolve) => setTimeout(resolve, 0));
          await repo.idle();
          letGo();
          if (live) void queue();
        })();
      };
    return () => {
      live = false;
      controller.abort();
      bus?.close();
      channel.current = null;
      // Leaving the page (or remounting): hand on only once what the editor holds is written, so
      // the next holder's first read has it. This cleanup runs before the editor's own (React
      // unmounts parents first), when that editor's unmount flush has not begun and repo.idle()
      // alone would find nothing in flight: so flush here, let any flush still queued start (one
      // macrotask), then wait for every write.
      const letGo = release;
      release = null;
      if (letGo)
        void (async () => {
          await flushFirst.current?.().catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 0));
          await repo.idle();
        })().then(letGo, letGo);
    };
  }, [name, repo, supported]);

  const takeOver = useCallback(
    () => channel.current?.postMessage({ type: 'take', name } satisfies LeaseMessage),
    [name],
  );

  if (!supported) return { state: 'mine', generation: 0 };
  if (state === 'mine') return { state, generation };
  if (state === 'elsewhere') return { state, takeOver };
  return { state };
};
