import type { SyncStatus } from '../../sync';
import { hourMinute } from './format';
import { WarningText } from './govuk';
import { useSyncEngine, useSyncStatus } from './sync-context';

/**
 * What a screen built from the team's synced work says when the last sync stopped short, or null.
 * On hotel Wi-Fi a sync can drop half-way: the rows that came are shown, and without this the lead
 * read "Nothing new" or no safeguarding concern while the day's work was still on the server.
 */
export const syncStoppedWords = (status: SyncStatus): string | null => {
  if (status.state !== 'offline' && status.state !== 'error') return null;
  const why = status.state === 'offline' ? 'no connection' : 'the status bar says why';
  const after = status.lastSyncedAt ? ` after ${hourMinute(status.lastSyncedAt)}` : '';
  return `This may not be everything: the last sync did not finish (${why}). Evidence and safeguarding concerns the team sent${after} may not be on this tablet yet.`;
};

/** Shown at the top of the lead's screens of the team's work while its news may be missing. */
export const SyncStoppedWarning = () => {
  const engine = useSyncEngine();
  const status = useSyncStatus();
  const words = engine ? syncStoppedWords(status) : null;
  return (
    <div role="status" data-testid="sync-stopped">
      {words && <WarningText>{words}</WarningText>}
    </div>
  );
};
