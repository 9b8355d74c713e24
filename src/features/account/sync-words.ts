import type { SyncErrorKind, SyncStatus } from '../../sync';

/**
 * What an inspector reads about a sync that stopped. The engine reports codes (sync/status.ts);
 * the words live here, beside the screens, so they can change without touching the engine.
 */
export const SYNC_ERROR_WORDS = {
  'not-signed-in': 'Sign in to sync. Everything you record is kept on this device until then.',
  'signed-out': 'Your session has ended. Sign in again to sync; your work is kept on this device.',
  'device-revoked': 'A coordinator has revoked this device. Its Fieldbook data is being removed.',
  'client-too-old':
    'This version of Fieldbook is too old for the server. Update the app to sync; nothing you recorded is lost.',
  'rate-limited': 'The server asked us to slow down. Sync will try again shortly.',
  'storage-full':
    'This tablet is out of storage space, so the team’s latest evidence cannot be saved on it. Free some space on the tablet (photos or videos you no longer need): sync tries again on its own. Nothing you recorded here is lost.',
  server: 'Sync failed. It will try again; your work is kept on this device.',
} as const satisfies Record<SyncErrorKind, string>;

export const syncErrorWords = (status: Extract<SyncStatus, { state: 'error' }>): string =>
  status.kind === 'server' && status.detail
    ? `Sync failed (${status.detail}). It will try again; your work is kept on this device.`
    : SYNC_ERROR_WORDS[status.kind];

export const isSignedOutKind = (kind: SyncErrorKind) =>
  kind === 'signed-out' || kind === 'not-signed-in';
