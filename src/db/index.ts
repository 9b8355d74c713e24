export {
  openDatabase,
  deleteDatabase,
  tableFor,
  TABLE_OF,
  ROW_TABLES,
  DEFAULT_DB_NAME,
  rowStoreOf,
  type FieldbookDB,
} from './database';
export { systemClock } from './clock';
export { onUpgradedElsewhere, upgradedElsewhere, UPGRADE_WAIT_MAX_MS } from './upgraded-elsewhere';
export type { RowStore } from './row-store';
export { createRepository, type Repository } from './repository';
export { StorageFullError, ValidationError, RecordNotFoundError, isQuotaError } from './errors';
export {
  getMeta,
  setMeta,
  deleteMeta,
  getClientId,
  META,
  META_KEYS,
  META_FAMILIES,
  metaKeyOf,
  isClearMetaKey,
} from './meta';
export { listRows, getRow, listInspections, getInspection } from './queries';
export {
  setUpLocalInspection,
  saveServerInspections,
  todayIso,
  type LocalInspectionInput,
} from './inspections';
export {
  takeBatch,
  settleBatch,
  applyPulledPage,
  preparePulledPage,
  writePulledPage,
  type PreparedPage,
  toWireOp,
  countUnsent,
  listRejected,
  discardRejected,
  watchUnsentCount,
} from './outbox';
export {
  countRefused,
  listRefused,
  refusedOf,
  discardRefused,
  type RefusedChange,
} from './refused';
export {
  joinLocalInspection,
  joinCandidates,
  type JoinResult,
  type JoinProblem,
} from './join-inspection';
export { listNotices, addNotice, dismissNotice, type DeviceNotice } from './notices';
export {
  forgetInspection,
  inspectionsLeft,
  reconcileServerInspections,
  type ForgetReason,
  type ServerScope,
} from './forget';
export { forgottenInspections, isLeaving } from './left-device';
export { requestPersistentStorage, readStorageState, type StorageState } from './storage';
export { DatabaseLostError, isDatabaseLost, onDatabaseLost } from './lost';
export type { LocalRow, OutboxOp, LocalInspection, DeviceUser } from './types';
export { LockedError, type KeyHolder } from './encryption';
export {
  readKeyring,
  createKeyring,
  unlockWithPassword,
  attachSignIn,
  startPasswordWrap,
  lock,
  WrongPasswordError,
  TooManyTriesError,
  type Keyring,
  type DeviceKey,
  type PasswordWrap,
} from './keyring';
export { countDrafts, draftKeyOf, readDraft, type Draft, type DraftValue } from './drafts';
export {
  exportEncrypted,
  openBackup,
  BACKUP_VERSION,
  type Backup,
  type BackupOwner,
} from './backup';
export {
  readBackup,
  planRestore,
  applyRestore,
  BackupError,
  type BackupProblem,
  type OpenedCopy,
  type RestorePlan,
  type RestoreGroup,
  type RestoreResult,
} from './restore';
export { SHOWN_FIELD, isLead, type ShownDraft } from './drafts-leaving';
