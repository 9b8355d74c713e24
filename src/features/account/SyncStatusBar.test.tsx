// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import type { SyncStatus } from '../../sync';
import { SYNC_ERROR_KINDS } from '../../sync';
import { SyncEngineContext } from '../shared/sync-context';
import {
  engineReporting,
  makeFieldbook,
  renderRoutes,
  tearDownFieldbooks,
} from '../../../tests/support/unit/fieldbook';
import { SyncStatusBar } from './SyncStatusBar';
import { SYNC_ERROR_WORDS } from './sync-words';

const renderBar = async (status: SyncStatus) => {
  const fb = await makeFieldbook();
  renderRoutes(
    fb,
    [
      {
        path: '/',
        element: (
          <SyncEngineContext.Provider value={engineReporting(status)}>
            <SyncStatusBar />
          </SyncEngineContext.Provider>
        ),
      },
    ],
    '/',
  );
};

describe('the status bar', () => {
  it('[S6a] shows how far a pull has come, as a bar and in words', async () => {
    await renderBar({
      state: 'syncing',
      progress: { phase: 'pull', done: 1200, fraction: 0.4 },
      lastSyncedAt: null,
    });
    const bar = await screen.findByRole('progressbar', { name: 'Receiving progress' });
    expect((bar as HTMLProgressElement).value).toBe(0.4);
    expect(screen.getByTestId('sync-text').textContent).toBe(
      'Receiving the team’s evidence… 1200 records so far.',
    );
  });

  it('still shows a bar while receiving when the size is unknown', async () => {
    await renderBar({
      state: 'syncing',
      progress: { phase: 'pull', done: 0, fraction: null },
      lastSyncedAt: null,
    });
    const bar = await screen.findByRole('progressbar', { name: 'Receiving progress' });
    expect(bar.hasAttribute('value')).toBe(false);
  });

  it('words every error code the engine reports', async () => {
    for (const kind of SYNC_ERROR_KINDS) {
      await renderBar({ state: 'error', kind, lastSyncedAt: null, retryAt: null });
      expect((await screen.findByTestId('sync-text')).textContent).toBe(SYNC_ERROR_WORDS[kind]);
      await tearDownFieldbooks();
    }
  });
});
