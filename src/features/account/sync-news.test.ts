import { describe, expect, it } from 'vitest';
import type { SyncErrorKind, SyncProgress, SyncStatus } from '../../sync';
import { NOTHING_KNOWN, syncNews, type Ask, type BarSeen } from './sync-news';
import { SYNC_ERROR_WORDS } from './sync-words';

// WCAG 2.2 4.1.3: what the status bar reads out, step by step from what it shows. Each case is a
// run of what the bar saw; the result is every piece of news, in order (what a screen reader hears).

const AT = '2026-11-30T09:14:00.000Z';
const idle: SyncStatus = { state: 'idle', lastSyncedAt: AT };
const syncing = (progress: SyncProgress): SyncStatus => ({
  state: 'syncing',
  progress,
  lastSyncedAt: AT,
});
const failed = (kind: SyncErrorKind, detail?: string): SyncStatus => ({
  state: 'error',
  kind,
  ...(detail === undefined ? {} : { detail }),
  lastSyncedAt: AT,
  retryAt: null,
});
const offline: SyncStatus = { state: 'offline', lastSyncedAt: AT, retryAt: null };

const seen = (status: SyncStatus, more: Partial<BarSeen> = {}): BarSeen => ({
  status,
  online: true,
  unsent: 0,
  refused: 0,
  ask: null,
  ...more,
});

const heard = (run: readonly BarSeen[]): string[] => {
  let known = NOTHING_KNOWN;
  const said: string[] = [];
  for (const next of run) {
    const step = syncNews(known, next);
    known = step.known;
    if (step.news !== null) said.push(step.news);
  }
  return said;
};

/** One background sync after an autosave: the op is counted, sent, and its page comes back. */
const backgroundSync = (unsent: number): BarSeen[] => [
  seen(idle, { unsent }),
  seen(syncing({ phase: 'push', done: 0, fraction: 0, total: unsent }), { unsent }),
  seen(syncing({ phase: 'push', done: unsent, fraction: 1, total: unsent }), { unsent: 0 }),
  seen(syncing({ phase: 'pull', done: 1, fraction: 1 }), { unsent: 0 }),
  seen({ ...idle, lastSyncedAt: `2026-11-30T09:${String(15 + unsent).padStart(2, '0')}:00.000Z` }),
];

/** A pull of `pages` pages with the server's size known: the engine's status after each page. */
const pull = (pages: number): BarSeen[] =>
  Array.from({ length: pages }, (_, i) =>
    seen(
      syncing({
        phase: 'pull',
        done: (i + 1) * 100,
        fraction: i + 1 === pages ? 1 : (i + 1) / pages,
      }),
    ),
  );

describe('what the status bar reads out', () => {
  it('[4.1.3] says nothing through forty background syncs while a note is typed', () => {
    const run = [seen(idle)];
    for (let i = 1; i <= 40; i += 1) run.push(...backgroundSync(1 + (i % 3)));
    expect(heard(run)).toEqual([]);
  });

  it('[4.1.3] a first sync of forty pages: its start, each quarter and its end, not each page', () => {
    const run = [
      seen(idle),
      // A team joined: the engine says it is receiving before the first page.
      seen(syncing({ phase: 'pull', done: 0, fraction: null })),
      ...pull(40),
      seen(idle),
    ];
    expect(heard(run)).toEqual([
      'Receiving the team’s evidence. You will hear how far it has got.',
      '25% received.',
      '50% received.',
      '75% received.',
      'All the team’s evidence is on this tablet.',
    ]);
  });

  it('[4.1.3] a long push after days offline: its size, each quarter, then that all is sent', () => {
    const total = 2100;
    const run = [seen(idle, { unsent: total })];
    for (let done = 0; done <= total; done += 500)
      run.push(
        seen(syncing({ phase: 'push', done, fraction: done / total, total }), {
          unsent: total - done,
        }),
      );
    run.push(seen(syncing({ phase: 'push', done: total, fraction: 1, total }), { unsent: 0 }));
    run.push(seen(syncing({ phase: 'pull', done: 3, fraction: 1 })), seen(idle));
    expect(heard(run)).toEqual([
      'Sending 2,100 changes to the server. You will hear how far it has got.',
      '25% sent.',
      '50% sent.',
      '75% sent.',
      'All your changes are sent.',
    ]);
  });

  it('[4.1.3] a failure once however many retries fail, and that sync works again', () => {
    const run = [seen(idle)];
    for (let retry = 0; retry < 5; retry += 1)
      run.push(
        seen(syncing({ phase: 'push', done: 0, fraction: 0, total: 1 }), { unsent: 1 }),
        seen(failed('server', `HTTP 50${retry}`), { unsent: 1 }),
      );
    run.push(seen(idle));
    expect(heard(run)).toEqual([
      'Sync failed (HTTP 500). It will try again; your work is kept on this device.',
      'Sync is working again.',
    ]);
  });

  it('[4.1.3] a full tablet is said once, and a different failure after it is said too', () => {
    const run = [
      seen(idle),
      ...pull(3).slice(0, 1),
      seen(failed('storage-full')),
      seen(syncing({ phase: 'pull', done: 100, fraction: 0.3 })),
      seen(failed('storage-full')),
      seen(failed('signed-out')),
    ];
    expect(heard(run)).toEqual([
      'Receiving the team’s evidence. You will hear how far it has got.',
      SYNC_ERROR_WORDS['storage-full'],
      // the retry is a long pull again; it began anew
      'Receiving the team’s evidence. You will hear how far it has got.',
      SYNC_ERROR_WORDS['signed-out'],
    ]);
  });

  it('[4.1.3] signing in is not "working again"; the bar as first seen is not news', () => {
    expect(heard([seen(failed('not-signed-in')), seen(idle)])).toEqual([]);
    expect(heard([seen(offline, { online: false, refused: 4 })])).toEqual([]);
  });

  it('[4.1.3] the connection going and coming back, once each however the engine retries', () => {
    const run = [
      seen(idle),
      seen(idle, { online: false }),
      seen(offline, { online: false }),
      seen(offline, { online: false, unsent: 3 }),
      seen(offline, { online: true, unsent: 3 }), // the browser is back; the engine not yet
      seen(syncing({ phase: 'push', done: 0, fraction: 0, total: 3 }), { unsent: 3 }),
      seen(idle),
    ];
    expect(heard(run)).toEqual([
      'Offline. Your work is kept on this device and syncs when you are back online.',
      'Back online.',
    ]);
  });

  it('[4.1.3] "Sync now": its start, then its end with what is left, or why it did not sync', () => {
    const pressed = (id: number, over: boolean): Ask => ({ id, over });
    const first = pressed(1, false);
    const firstOver = pressed(1, true);
    expect(
      heard([
        seen(idle, { unsent: 2 }),
        seen(idle, { unsent: 2, ask: first }),
        seen(syncing({ phase: 'push', done: 0, fraction: 0, total: 2 }), { unsent: 2, ask: first }),
        seen(idle, { unsent: 1, ask: first }),
        seen(idle, { unsent: 1, ask: firstOver }),
      ]),
    ).toEqual(['Syncing now.', 'Sync finished. 1 change not yet on the server.']);

    // Pressed while failing: the same failure again still answers the press.
    const failing = failed('server', 'HTTP 503');
    expect(
      heard([
        seen(idle),
        seen(failing),
        seen(failing, { ask: first }),
        seen(failing, { ask: firstOver }),
      ]),
    ).toEqual([
      'Sync failed (HTTP 503). It will try again; your work is kept on this device.',
      'Syncing now.',
      'Still not synced. Sync failed (HTTP 503). It will try again; your work is kept on this device.',
    ]);

    // Pressed while it worked, failing during the sync: the failure is said once, as it comes.
    expect(
      heard([
        seen(idle),
        seen(idle, { ask: first }),
        seen(failing, { ask: first }),
        seen(failing, { ask: firstOver }),
      ]),
    ).toEqual([
      'Syncing now.',
      'Sync failed (HTTP 503). It will try again; your work is kept on this device.',
    ]);

    // Pressed while offline.
    expect(
      heard([
        seen(idle),
        seen(offline),
        seen(offline, { ask: first }),
        seen(offline, { ask: firstOver }),
      ]),
    ).toEqual([
      'Offline. Your work is kept on this device and syncs when you are back online.',
      'Syncing now.',
      'Not synced: the tablet is offline. Your work is kept on this device and syncs when you are back online.',
    ]);
  });

  it('[4.1.3] a change the server refused is said as it comes; fewer (read and dismissed) are not', () => {
    const run = [
      seen(idle, { refused: undefined }), // still being counted
      seen(idle, { refused: 2 }), // the count as the app opens: already shown
      seen(idle, { refused: 3 }),
      seen(idle, { refused: 1 }),
      seen(idle, { refused: 4 }),
    ];
    expect(heard(run)).toEqual([
      'The server refused a change: “see why” is in the status bar.',
      'The server refused 3 changes: “see why” is in the status bar.',
    ]);
  });
});
