import { Link } from 'react-router';
import { useSyncEngine, useSyncStatus } from '../shared/sync-context';
import { useUnsentCount } from '../shared/hooks';
import { useOnline } from '../shared/useOnline';
import type { SyncStatus } from '../../sync';

const hhmm = (iso: string | null) =>
  iso ? new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }) : null;

const describe = (
  status: SyncStatus,
  online: boolean,
): { tag: string; colour: string; text: string } => {
  if (status.state === 'syncing') {
    return {
      tag: 'Syncing',
      colour: 'blue',
      text:
        status.progress.phase === 'push'
          ? 'Sending your changes…'
          : 'Receiving the team’s evidence…',
    };
  }
  if (status.state === 'offline' || !online) {
    return {
      tag: 'Offline',
      colour: 'grey',
      text: status.lastSyncedAt ? `Last synced at ${hhmm(status.lastSyncedAt)}` : 'Not synced yet',
    };
  }
  if (status.state === 'error')
    return {
      tag: status.kind === 'signed-out' ? 'Not signed in' : 'Sync problem',
      colour: status.kind === 'signed-out' ? 'grey' : 'red',
      text: status.reason,
    };
  return {
    tag: 'Online',
    colour: 'green',
    text: status.lastSyncedAt ? `Synced at ${hhmm(status.lastSyncedAt)}` : 'Ready to sync',
  };
};

/** Always visible: connection, sync state (with progress), items not yet on the server, and "Sync now". */
export const SyncStatusBar = () => {
  const engine = useSyncEngine();
  const status = useSyncStatus();
  const online = useOnline();
  const unsent = useUnsentCount();
  const { tag, colour, text } = describe(status, online);
  const fraction = status.state === 'syncing' ? status.progress.fraction : null;
  return (
    <div className="fb-statusbar govuk-width-container">
      <div role="status" aria-live="polite" className="fb-statusbar__text">
        <strong className={`govuk-tag govuk-tag--${colour}`} data-testid="sync-state">
          {tag}
        </strong>{' '}
        <span className="govuk-body-s govuk-!-margin-0" data-testid="sync-text">
          {text}
        </span>{' '}
        <span className="govuk-body-s govuk-!-margin-0" data-testid="unsent-count">
          {unsent === undefined
            ? ''
            : unsent === 0
              ? engine
                ? 'Everything is on the server.'
                : 'Nothing is waiting to sync.'
              : `${unsent} ${unsent === 1 ? 'change' : 'changes'} not yet on the server.`}
        </span>
      </div>
      {fraction !== null && (
        <progress className="fb-progress" max={1} value={fraction} aria-label="Sync progress">
          {Math.round(fraction * 100)}%
        </progress>
      )}
      {engine && status.state === 'error' && status.kind === 'signed-out' ? (
        <Link className="govuk-link govuk-body-s fb-touch" to="/sign-in">
          Sign in again
        </Link>
      ) : engine ? (
        <button
          type="button"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          onClick={() => void engine.sync()}
          disabled={status.state === 'syncing'}
        >
          Sync now
        </button>
      ) : (
        <Link className="govuk-link govuk-body-s fb-touch" to="/sign-in">
          Sign in to sync
        </Link>
      )}
    </div>
  );
};
