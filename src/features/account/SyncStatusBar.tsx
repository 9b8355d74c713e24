import { useState } from 'react';
import { Link } from 'react-router';
import { useSyncEngine, useSyncStatus } from '../shared/sync-context';
import { useRefusedCount, useUnsentCount } from '../shared/hooks';
import { TAP_LINK } from '../shared/touch';
import { isSignedOutKind, syncErrorWords } from './sync-words';
import { useOnline } from '../shared/useOnline';
import { offlineReadinessWords, useOfflineReadiness } from '../shared/offline-readiness';
import type { SyncEngine, SyncStatus } from '../../sync';
import { useFieldbook } from '../shared/fieldbook-context';
import { hourMinute, localDateOf, weekdayDate } from '../shared/format';
import { useNews } from '../shared/save-announcer';
import { NOTHING_KNOWN, count, sameSeen, syncNews, unsentWords, type Ask } from './sync-news';

/** A last sync later than now by more than this means the tablet's clock was put back since. */
const CLOCK_SLACK_MS = 60_000;

/**
 * When the last sync was: "at 14:05" today, "on Fri 27 Nov at 14:05" before. After days with no
 * signal a bare time read as today's, and told the inspector her work had reached the server
 * this afternoon when it had not since the first morning. A time still to come (a clock that was
 * ahead and has been put right) is said to be one, never read as a day that has not happened.
 */
const syncedWhen = (iso: string, nowMs: number) =>
  Date.parse(iso) > nowMs + CLOCK_SLACK_MS
    ? `on ${weekdayDate(iso)} at ${hourMinute(iso)} by this tablet’s clock, which has since gone back. Check the tablet’s date and time`
    : localDateOf(iso) === localDateOf(new Date(nowMs).toISOString())
      ? `at ${hourMinute(iso)}`
      : `on ${weekdayDate(iso)} at ${hourMinute(iso)}`;

const describe = (
  status: SyncStatus,
  online: boolean,
  waiting: boolean,
  nowMs: number,
): { tag: string; colour: string; text: string } => {
  if (status.state === 'syncing') {
    const { phase, done, total } = status.progress;
    return {
      tag: 'Syncing',
      colour: 'blue',
      text:
        phase === 'push'
          ? total
            ? `Sending your changes… ${count(done)} of ${count(total)} sent.`
            : 'Sending your changes…'
          : done > 0
            ? `Receiving the team’s evidence… ${done} ${done === 1 ? 'record' : 'records'} so far.`
            : 'Receiving the team’s evidence…',
    };
  }
  if (status.state === 'offline' || !online) {
    return {
      tag: 'Offline',
      colour: 'grey',
      text: status.lastSyncedAt
        ? `Last synced ${syncedWhen(status.lastSyncedAt, nowMs)}.`
        : 'Not synced yet.',
    };
  }
  if (status.state === 'error')
    return {
      tag: isSignedOutKind(status.kind)
        ? 'Not signed in'
        : status.kind === 'storage-full'
          ? 'Tablet full'
          : 'Sync problem',
      colour: isSignedOutKind(status.kind) ? 'grey' : 'red',
      text: syncErrorWords(status),
    };
  // "Synced at" beside changes not yet sent read as if they were: until the next sync takes
  // them (300 ms after a write, longer on a link that has just dropped) the time is the last one.
  return {
    tag: 'Online',
    colour: 'green',
    text: status.lastSyncedAt
      ? `${waiting ? 'Last synced' : 'Synced'} ${syncedWhen(status.lastSyncedAt, nowMs)}.`
      : 'Ready to sync.',
  };
};

/**
 * Until the tablet holds the whole app, and once when it comes to: whether Fieldbook will work
 * here with no connection. Its own live region, so the news is read out without the sync line.
 */
const OfflineReadinessLine = ({ online }: { online: boolean }) => {
  const readiness = useOfflineReadiness();
  const words = offlineReadinessWords(readiness, online);
  const warn = readiness.state !== 'ready' && readiness.state !== 'preparing';
  return (
    <div role="status" className={words ? 'fb-statusbar__offline' : 'fb-sr-only'}>
      {words && (
        <p
          className={`govuk-body-s govuk-!-margin-0${warn || !online ? ' fb-statusbar__warn' : ''}`}
          data-testid="offline-readiness"
        >
          {words}
        </p>
      )}
      {readiness.state === 'preparing' && online && (
        <progress className="fb-progress" aria-label="Saving Fieldbook for use offline" />
      )}
    </div>
  );
};

/**
 * Always visible: connection, sync state (with progress while sending or receiving), changes not
 * yet on the server, changes the server refused (a link to why), and "Sync now". Below it, while
 * it matters, whether the tablet holds the whole app for use offline.
 */
export const SyncStatusBar = () => {
  const engine = useSyncEngine();
  const status = useSyncStatus();
  const online = useOnline();
  const unsent = useUnsentCount();
  const refused = useRefusedCount();
  const { clock } = useFieldbook();
  const { tag, colour, text } = describe(status, online, Boolean(unsent), clock.now());
  const progress = status.state === 'syncing' ? status.progress : null;
  const [ask, setAsk] = useState<Ask | null>(null);
  const said = useNews({ status, online, unsent, refused, ask }, sameSeen, syncNews, NOTHING_KNOWN);
  const syncNow = (running: SyncEngine) => {
    const id = (ask?.id ?? 0) + 1;
    setAsk({ id, over: false });
    // Resolves once the data is as fresh as the press asked, whatever the run ended with.
    void running.sync().then(() => setAsk((now) => (now?.id === id ? { id, over: true } : now)));
  };
  return (
    <div className="fb-statusbar govuk-width-container">
      {/* Shown, not read out as it changes: its news is read from the region below (sync-news.ts). */}
      <div className="fb-statusbar__text">
        <strong className={`govuk-tag govuk-tag--${colour}`} data-testid="sync-state">
          {tag}
        </strong>{' '}
        <span className="govuk-body-s govuk-!-margin-0" data-testid="sync-text">
          {text}
        </span>{' '}
        <span className="govuk-body-s govuk-!-margin-0" data-testid="unsent-count">
          {unsent === undefined || refused === undefined
            ? ''
            : unsentWords(unsent, refused, engine !== null)}
        </span>
      </div>
      {refused !== undefined && refused > 0 && (
        <Link
          className={`${TAP_LINK} fb-statusbar__refused`}
          to="/refused"
          data-testid="refused-count"
        >
          {refused === 1 ? '1 change was refused' : `${refused} changes were refused`} — see why
        </Link>
      )}
      {progress && (
        // Without a known size (a push, or a pull whose end the server did not say) the bar is
        // indeterminate: it still shows that something is arriving.
        <progress
          className="fb-progress"
          max={1}
          value={progress.fraction ?? undefined}
          aria-label={progress.phase === 'push' ? 'Sending progress' : 'Receiving progress'}
          data-testid="sync-progress"
        >
          {progress.fraction === null ? '' : `${Math.round(progress.fraction * 100)}%`}
        </progress>
      )}
      {engine && status.state === 'error' && isSignedOutKind(status.kind) ? (
        <Link className="govuk-link govuk-body-s fb-touch" to="/sign-in">
          Sign in again
        </Link>
      ) : engine ? (
        <button
          type="button"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          onClick={() => syncNow(engine)}
          disabled={status.state === 'syncing'}
        >
          Sync now
        </button>
      ) : (
        <Link className="govuk-link govuk-body-s fb-touch" to="/sign-in">
          Sign in to sync
        </Link>
      )}
      <p className="fb-sr-only" role="status" aria-live="polite" data-testid="sync-news">
        {said}
      </p>
      <OfflineReadinessLine online={online} />
    </div>
  );
};
