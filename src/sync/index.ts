export {
  createSyncEngine,
  checkpointKey,
  type SyncEngine,
  type EngineDeps,
  type Timers,
} from './engine';
export { startSyncTriggers, webLock } from './triggers';
export {
  createHttpTransport,
  TransportError,
  type Transport,
  type TransportFailure,
  type PullPage,
} from './transport';
export { getSession, signIn, signOut, type BeginUnlock, type Session } from './session';
export type { HeadStart } from './head-start';
export {
  SIGNED_OUT,
  SYNC_ERROR_KINDS,
  type SyncStatus,
  type SyncProgress,
  type SyncErrorKind,
} from './status';
