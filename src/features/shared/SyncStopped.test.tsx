// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../sync';
import { syncStoppedWords } from './SyncStopped';

const AT = '2026-11-26T21:40:00.000Z';

describe('the warning on screens of the team’s work when a sync stopped short', () => {
  it('says the team’s latest may be missing when offline or failed, with the last good time', () => {
    const offline: SyncStatus = { state: 'offline', lastSyncedAt: AT, retryAt: null };
    expect(syncStoppedWords(offline)).toMatch(
      /^This may not be everything: the last sync did not finish \(no connection\)\. Evidence and safeguarding concerns the team sent after \d\d:\d\d may not be on this tablet yet\.$/,
    );
    const failed: SyncStatus = {
      state: 'error',
      kind: 'server',
      lastSyncedAt: null,
      retryAt: null,
    };
    expect(syncStoppedWords(failed)).toContain('(the status bar says why)');
    expect(syncStoppedWords(failed)).toContain('the team sent may not');
  });

  it('says nothing while a sync runs or after one that finished', () => {
    expect(syncStoppedWords({ state: 'idle', lastSyncedAt: AT })).toBeNull();
    expect(
      syncStoppedWords({
        state: 'syncing',
        progress: { phase: 'pull', done: 1000, fraction: null },
        lastSyncedAt: AT,
      }),
    ).toBeNull();
  });
});
