import { watchUnsentCount, type FieldbookDB } from '../db';
import type { SyncEngine } from './engine';
import { realTimers, type Timers } from './timers';
import type { Transport } from './transport';

/**
 * "Shortly after each write": long enough that one autosave's burst of keystrokes goes as one
 * push, short enough that a teammate online sees the change within a second (S7).
 */
const AFTER_WRITE_DELAY_MS = 300;
const TIMER_INTERVAL_MS = 60_000;
const EVENTS_RETRY_MAX_MS = 60_000;

type TriggerDeps = {
  engine: SyncEngine;
  db: FieldbookDB;
  transport: Transport;
  token: string;
  timers?: Timers;
  random?: () => number;
  /** The page's window and document; absent in Node tests. */
  target?: { window: Window; document: Document };
};

/**
 * S7: sync on start, on `online`, when the tab becomes visible, shortly after each write, on a
 * timer, and when the server's event stream hints at news. Returns a stop function.
 */
export const startSyncTriggers = ({
  engine,
  db,
  transport,
  token,
  timers = realTimers,
  random = Math.random,
  target,
}: TriggerDeps) => {
  const stops: (() => void)[] = [];
  let afterWrite: unknown = null;

  void engine.sync();

  if (target) {
    const onOnline = () => void engine.sync();
    const onVisible = () => {
      if (target.document.visibilityState === 'visible') void engine.sync();
    };
    target.window.addEventListener('online', onOnline);
    target.document.addEventListener('visibilitychange', onVisible);
    stops.push(() => {
      target.window.removeEventListener('online', onOnline);
      target.document.removeEventListener('visibilitychange', onVisible);
    });
  }

  let lastCount = -1;
  stops.push(
    watchUnsentCount(db, (count) => {
      const grew = lastCount >= 0 && count > lastCount;
      lastCount = count;
      if (!grew) return;
      if (afterWrite !== null) timers.clearTimeout(afterWrite);
      afterWrite = timers.setTimeout(() => {
        afterWrite = null;
        void engine.sync();
      }, AFTER_WRITE_DELAY_MS);
    }),
  );

  let tick: unknown = null;
  const scheduleTick = () => {
    tick = timers.setTimeout(() => {
      void engine.sync();
      scheduleTick();
    }, TIMER_INTERVAL_MS);
  };
  scheduleTick();
  stops.push(() => timers.clearTimeout(tick));

  // The hint stream: reconnect with backoff; a hint only asks for a pull, it never carries data.
  // Hints sent while the stream was down are lost, so a reopened stream starts with a sync; and a
  // sync that reached the server ends the backoff at once (after the server was away, the wait
  // could otherwise run to a minute, and a teammate's change with it). An open stream that drops
  // is the first sign the server or the Wi-Fi went away: a sync then finds out at once, so the
  // status bar says offline (or signed out) now, not "Online" until the next trigger.
  const abort = new AbortController();
  let attempt = 0;
  let opened = false;
  let open = false;
  let wake: (() => void) | null = null;
  stops.push(
    engine.subscribe((status) => {
      if (status.state === 'idle') wake?.();
    }),
  );
  const onOpen = () => {
    if (opened) void engine.sync(); // the first opening follows the sync at start
    opened = true;
    open = true;
    attempt = 0;
  };
  const listen = async () => {
    while (!abort.signal.aborted) {
      try {
        await transport.events(token, () => void engine.sync(), abort.signal, onOpen);
        attempt = 0;
      } catch {
        attempt += 1;
      }
      if (abort.signal.aborted) return;
      if (open) void engine.sync(); // it dropped: is the server still there?
      open = false;
      const wait = Math.round(random() * Math.min(EVENTS_RETRY_MAX_MS, 1_000 * 2 ** attempt));
      await new Promise<void>((resolve) => {
        wake = resolve;
        timers.setTimeout(resolve, wait);
      });
      wake = null;
    }
  };
  void listen();
  stops.push(() => abort.abort());

  return () => {
    if (afterWrite !== null) timers.clearTimeout(afterWrite);
    for (const stop of stops) stop();
    engine.stop();
  };
};

/** One tab syncs at a time (S7): the Web Locks API where the browser has it. */
export const webLock = <T>(fn: () => Promise<T>): Promise<T | null> => {
  const locks = globalThis.navigator?.locks;
  if (!locks) return fn();
  return locks.request('fieldbook-sync', { ifAvailable: true }, (lock) =>
    lock ? fn() : null,
  ) as Promise<T | null>;
};
