// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import type { SyncStatus } from '../../sync';
import { SYNC_ERROR_KINDS } from '../../sync';
import { SyncEngineContext } from '../shared/sync-context';
import { OfflineReadinessContext, type OfflineReadiness } from '../shared/offline-readiness';
import {
  engineReporting,
  makeFieldbook,
  renderRoutes,
  tearDownFieldbooks,
} from '../../../tests/support/unit/fieldbook';
import { SyncStatusBar } from './SyncStatusBar';
import { SYNC_ERROR_WORDS } from './sync-words';

const IDLE: SyncStatus = { state: 'idle', lastSyncedAt: null };

const renderBar = async (
  status: SyncStatus,
  readiness: OfflineReadiness = { state: 'ready', justNow: false },
) => {
  const fb = await makeFieldbook();
  renderRoutes(
    fb,
    [
      {
        path: '/',
        element: (
          <OfflineReadinessContext.Provider value={readiness}>
            <SyncEngineContext.Provider value={engineReporting(status)}>
              <SyncStatusBar />
            </SyncEngineContext.Provider>
          </OfflineReadinessContext.Provider>
        ),
      },
    ],
    '/',
  );
  return fb;
};

const setOnline = (online: boolean) =>
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });

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

  it('shows how far a long push has come, as a bar and in words', async () => {
    await renderBar({
      state: 'syncing',
      progress: { phase: 'push', done: 500, total: 2100, fraction: 500 / 2100 },
      lastSyncedAt: null,
    });
    const bar = await screen.findByRole('progressbar', { name: 'Sending progress' });
    expect((bar as HTMLProgressElement).value).toBeCloseTo(500 / 2100);
    expect(screen.getByTestId('sync-text').textContent).toBe(
      'Sending your changes… 500 of 2,100 sent.',
    );
  });

  it('says which day it last synced once that is not today (days offline)', async () => {
    setOnline(false);
    try {
      // The device's clock is on 26 November; the last sync was on the 23rd.
      await renderBar({
        state: 'offline',
        lastSyncedAt: '2026-11-23T08:20:00.000Z',
        retryAt: null,
      });
      expect(screen.getByTestId('sync-text').textContent).toBe(
        `Last synced on Mon 23 Nov at ${new Date('2026-11-23T08:20:00.000Z').toTimeString().slice(0, 5)}.`,
      );
    } finally {
      setOnline(true);
    }
  });

  it('a last sync later than the tablet’s clock (a clock put back) is said to be so, with what to check', async () => {
    setOnline(false);
    try {
      // The device's clock is on 26 November; the last sync was stamped by it on 3 December.
      await renderBar({
        state: 'offline',
        lastSyncedAt: '2026-12-03T08:20:00.000Z',
        retryAt: null,
      });
      expect(screen.getByTestId('sync-text').textContent).toBe(
        `Last synced on Thu 3 Dec at ${new Date('2026-12-03T08:20:00.000Z').toTimeString().slice(0, 5)} by this tablet’s clock, which has since gone back. Check the tablet’s date and time.`,
      );
    } finally {
      setOnline(true);
    }
  });

  it('says "Last synced at", not "Synced at", while a change waits to be sent', async () => {
    // Before the device's clock (09:00 on the 26th): a sync stamped later would be a clock put back.
    const fb = await renderBar({ state: 'idle', lastSyncedAt: '2026-11-26T08:40:00.000Z' });
    const text = screen.getByTestId('sync-text');
    await expect
      .poll(() => screen.getByTestId('unsent-count').textContent)
      .toBe('Everything is on the server.');
    expect(text.textContent).toMatch(/^Synced at \d\d:\d\d\.$/);
    await fb.repo.create('evidence', fb.inspection.id, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-26T08:41:00.000Z',
      status: 'draft',
    });
    await expect.poll(() => text.textContent).toMatch(/^Last synced at \d\d:\d\d\.$/);
    expect(screen.getByTestId('unsent-count').textContent).toBe('1 change not yet on the server.');
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

  it('[4.1.3] reads out "Sync now" starting and ending, not the line it shows', async () => {
    await renderBar({ state: 'idle', lastSyncedAt: '2026-11-26T08:40:00.000Z' });
    await expect
      .poll(() => screen.getByTestId('unsent-count').textContent)
      .toBe('Everything is on the server.');
    // The line it shows is in no live region; the news is, and it is empty until there is news.
    expect(screen.getByTestId('sync-text').closest('[role="status"], [aria-live]')).toBeNull();
    const news = screen.getByTestId('sync-news');
    expect(news.textContent).toBe('');
    const said: string[] = [];
    new MutationObserver(() => said.push(news.textContent ?? '')).observe(news, {
      childList: true,
      characterData: true,
      subtree: true,
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
      await Promise.resolve();
    });
    await expect.poll(() => news.textContent).toBe('Sync finished. Everything is on the server.');
    expect(said).toEqual(['Syncing now.', 'Sync finished. Everything is on the server.']);
  });

  describe('whether the tablet holds the whole app for use offline', () => {
    afterEach(async () => {
      setOnline(true);
      await tearDownFieldbooks();
    });

    it('says so with a bar while it is being saved', async () => {
      await renderBar(IDLE, { state: 'preparing' });
      expect((await screen.findByTestId('offline-readiness')).textContent).toBe(
        'Saving Fieldbook on this tablet so it works offline…',
      );
      const bar = screen.getByRole('progressbar', { name: 'Saving Fieldbook for use offline' });
      expect(bar.hasAttribute('value')).toBe(false);
    });

    it('warns, without a bar, when the connection went before it was saved', async () => {
      setOnline(false);
      for (const state of ['preparing', 'failed'] as const) {
        await renderBar(IDLE, { state });
        expect((await screen.findByTestId('offline-readiness')).textContent).toMatch(
          /^Fieldbook was not fully saved on this tablet before the connection went: screens you have not opened yet may not open until you are back online\./,
        );
        expect(screen.queryByRole('progressbar')).toBeNull();
        await tearDownFieldbooks();
      }
    });

    it('says it will try again after a save that broke off, and what a browser that refuses it means', async () => {
      await renderBar(IDLE, { state: 'failed' });
      expect((await screen.findByTestId('offline-readiness')).textContent).toMatch(
        /^Fieldbook could not be fully saved on this tablet for use offline\. It will try again/,
      );
      await tearDownFieldbooks();
      await renderBar(IDLE, { state: 'unavailable' });
      expect((await screen.findByTestId('offline-readiness')).textContent).toMatch(
        /^This browser will not keep Fieldbook for use offline/,
      );
    });

    it('tells once that it is saved, and says nothing of it on a tablet that already was', async () => {
      await renderBar(IDLE, { state: 'ready', justNow: true });
      expect((await screen.findByTestId('offline-readiness')).textContent).toBe(
        'Fieldbook is saved on this tablet: it works offline.',
      );
      await tearDownFieldbooks();
      await renderBar(IDLE, { state: 'ready', justNow: false });
      await screen.findByTestId('sync-state');
      expect(screen.queryByTestId('offline-readiness')).toBeNull();
    });
  });
});
