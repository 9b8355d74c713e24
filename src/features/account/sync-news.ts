import type { SyncErrorKind, SyncProgress, SyncStatus } from '../../sync';
import { syncErrorWords } from './sync-words';

/**
 * What of the status bar is worth reading out (WCAG 2.2 4.1.3). The bar's live region held its
 * whole line, so every "N changes not yet on the server" and every "Synced at" of the syncs that
 * follow each autosave was spoken: some ninety times while a note of eight phrases was typed. Its
 * words now change freely on screen, and a polite region beside them (save-announcer.ts `useNews`)
 * reads out only what the inspector must know: the connection going and coming back, a sync she
 * asked for ("Sync now") starting and ending, a sync failing (once, with why, however many retries
 * fail) and working again, a long sync (many pages or batches) starting, at each quarter and done,
 * and a change the server refused. Background syncs and counts are not news.
 */

export const count = (n: number) => n.toLocaleString('en-GB');

/** The bar's line about changes not yet on the server (also said when a sync she asked for ends). */
export const unsentWords = (unsent: number, refused: number, syncing: boolean): string => {
  if (unsent > 0)
    return `${count(unsent)} ${unsent === 1 ? 'change' : 'changes'} not yet on the server.`;
  // Refused changes are not on the server either: never "everything" while one waits.
  if (refused > 0) return syncing ? 'Every other change is on the server.' : '';
  return syncing ? 'Everything is on the server.' : 'Nothing is waiting to sync.';
};

/** A "Sync now" press: its number (each press is news once) and whether its sync is over. */
export type Ask = { id: number; over: boolean };

/** What the bar shows, as the announcer sees it. */
export type BarSeen = {
  status: SyncStatus;
  online: boolean;
  unsent: number | undefined;
  refused: number | undefined;
  ask: Ask | null;
};

/** What has been read out so far (null: not yet seen, so a first sight is not news). */
export type BarKnown = {
  offline: boolean | null;
  failing: SyncErrorKind | null;
  refused: number | null;
  ask: Ask | null;
  /** How sync stood when she pressed "Sync now": a failure then, if the same now, is answered again. */
  pressed: { failing: SyncErrorKind | null; offline: boolean } | null;
  /** A long sync under way: its phase and the last quarter read out (0: only its start). */
  long: { phase: SyncProgress['phase']; quarter: number } | null;
};

export const NOTHING_KNOWN: BarKnown = {
  offline: null,
  failing: null,
  refused: null,
  ask: null,
  pressed: null,
  long: null,
};

export const sameSeen = (a: BarSeen, b: BarSeen) =>
  a.status === b.status &&
  a.online === b.online &&
  a.unsent === b.unsent &&
  a.refused === b.refused &&
  a.ask === b.ask;

const QUARTERS = 4;

/**
 * A sync long enough to tell of as it goes: more to send after a batch has gone, more pages to
 * receive after one has landed (a first sync), or a team just joined being received whole (the
 * engine says so before its first page, with nothing done). One batch or page is not.
 */
const isLong = (p: SyncProgress) =>
  (p.done > 0 && p.fraction !== null && p.fraction < 1) ||
  (p.phase === 'pull' && p.done === 0 && p.fraction === null);

const quarterOf = (p: SyncProgress) =>
  p.fraction === null ? 0 : Math.min(QUARTERS - 1, Math.floor(p.fraction * QUARTERS));

const startWords = (p: SyncProgress) =>
  p.phase === 'push'
    ? `Sending ${p.total === undefined ? 'your' : count(p.total)} changes to the server. You will hear how far it has got.`
    : 'Receiving the team’s evidence. You will hear how far it has got.';

const quarterWords = (phase: SyncProgress['phase'], quarter: number) =>
  `${(quarter * 100) / QUARTERS}% ${phase === 'push' ? 'sent' : 'received'}.`;

const doneWords = (phase: SyncProgress['phase']) =>
  phase === 'push' ? 'All your changes are sent.' : 'All the team’s evidence is on this tablet.';

const KEPT_WORDS = 'Your work is kept on this device and syncs when you are back online.';
const OFFLINE_WORDS = `Offline. ${KEPT_WORDS}`;

/** Pure: the news in `next` after what is `known`, as words (null if none), and what is known after. */
export const syncNews = (
  known: BarKnown,
  next: BarSeen,
): { news: string | null; known: BarKnown } => {
  const { status } = next;
  const said: string[] = [];

  const offline = status.state === 'offline' || !next.online;
  if (known.offline === false && offline) said.push(OFFLINE_WORDS);
  if (known.offline === true && !offline) said.push('Back online.');

  let failing = known.failing;
  if (status.state === 'error') {
    // Once per kind: retries that fail the same way are not news (a server error's detail may
    // differ from one retry to the next; its kind does not).
    if (failing !== status.kind) said.push(syncErrorWords(status));
    failing = status.kind;
  } else if (status.state === 'idle') {
    // Signing in is not a problem passing: the sign-in screen has said so.
    if (failing !== null && failing !== 'not-signed-in') said.push('Sync is working again.');
    failing = null;
  } else if (status.state === 'offline') failing = null; // going offline was said instead

  let long = known.long;
  const askRunning = known.ask !== null && !known.ask.over;
  if (status.state === 'syncing') {
    const p = status.progress;
    if (long && long.phase !== p.phase) {
      said.push(doneWords(long.phase));
      long = null;
    }
    if (!long && isLong(p)) {
      said.push(startWords(p));
      long = { phase: p.phase, quarter: quarterOf(p) };
    } else if (long && quarterOf(p) > long.quarter) {
      long = { phase: p.phase, quarter: quarterOf(p) };
      said.push(quarterWords(p.phase, long.quarter));
    }
  } else if (long) {
    // An error or going offline has been said; a sync she asked for says its own end.
    if (status.state === 'idle' && !askRunning) said.push(doneWords(long.phase));
    long = null;
  }

  const { ask } = next;
  let { pressed } = known;
  if (ask && (known.ask?.id !== ask.id || known.ask?.over !== ask.over)) {
    if (!ask.over) {
      said.push('Syncing now.');
      pressed = { failing: known.failing, offline: known.offline === true };
    } else if (status.state === 'error') {
      // A failure new since the press has been said (above, now or before); the one she pressed
      // against, failing again, must still answer her press.
      if (pressed?.failing === status.kind)
        said.push(`Still not synced. ${syncErrorWords(status)}`);
    } else if (offline) {
      if (pressed?.offline) said.push(`Not synced: the tablet is offline. ${KEPT_WORDS}`);
    } else {
      const left =
        next.unsent === undefined ? '' : ` ${unsentWords(next.unsent, next.refused ?? 0, true)}`;
      said.push(`Sync finished.${left}`);
    }
  }

  let refused = known.refused;
  if (next.refused !== undefined) {
    const more = refused === null ? 0 : next.refused - refused;
    if (more > 0)
      said.push(
        `The server refused ${more === 1 ? 'a change' : `${count(more)} changes`}: “see why” is in the status bar.`,
      );
    refused = next.refused;
  }

  // The bar as first seen (the app opening, or after sign-in) is on screen to read, not news.
  const first = known.offline === null;
  return {
    news: said.length > 0 && !first ? said.join(' ') : null,
    known: { offline, failing, refused, ask, pressed, long },
  };
};
