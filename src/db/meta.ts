import type { Clock } from '../domain';
import { newId } from '../domain/ids';
import type { FieldbookDB } from './types';

/**
 * Every key this device keeps in `meta`, in one registry. `clear` marks the few stored unencrypted
 * (read before unlock, or sync bookkeeping with no content); everything else is sealed by the
 * encryption middleware, which reads this flag rather than a second list of names — renaming a
 * key here cannot silently change what is encrypted.
 */
export const META = {
  /** The wrapped data keys: read to unlock, so it cannot itself be locked. */
  keyring: { key: 'keyring', clear: true },
  /** Failed unlock attempts: counted before there is a key. */
  lockout: { key: 'lockout', clear: true },
  /** This device's `clientId` (S1): an id, no content. */
  clientId: { key: 'clientId', clear: true },
  deviceUser: { key: 'deviceUser', clear: false },
  activeInspectionId: { key: 'activeInspectionId', clear: false },
  /** The bearer token and user: sealed, since the token is a credential. */
  session: { key: 'session', clear: false },
  /** The coordinator's device policy (idle lock), kept for offline use. */
  deviceSettings: { key: 'deviceSettings', clear: false },
  /** Messages for the user about inspections that left this device (S6a). */
  notices: { key: 'notices', clear: false },
  /** Reported inspections whose rows this device has deleted (§4.3): pulls drop their rows. */
  forgottenInspections: { key: 'forgottenInspections', clear: false },
  /** The opIds restore.ts has put in the outbox: a copy restored again after they were sent adds nothing. */
  restoredOps: { key: 'restoredOps', clear: false },
} as const satisfies Record<string, { key: string; clear: boolean }>;

/** Keys with one entry per user or inspection: the prefix, and whether they stay clear. */
export const META_FAMILIES = {
  /** Pull checkpoints (S6): opaque cursors, no content. */
  pullSince: { prefix: 'pullSince:', clear: true },
  /** When this user's last sync ended well: a time, no content; the status bar says it offline. */
  lastSyncedAt: { prefix: 'lastSyncedAt:', clear: true },
  lastReviewedAt: { prefix: 'lastReviewedAt:', clear: false },
  coverageTargets: { prefix: 'coverageTargets:', clear: false },
  /** Words typed into a form that sends them only at a button press (drafts.ts): sealed. */
  draft: { prefix: 'draft:', clear: false },
} as const satisfies Record<string, { prefix: string; clear: boolean }>;

export const metaKeyOf = (family: keyof typeof META_FAMILIES, id: string): string =>
  `${META_FAMILIES[family].prefix}${id}`;

const CLEAR_KEYS: ReadonlySet<string> = new Set(
  Object.values(META)
    .filter((m) => m.clear)
    .map((m) => m.key),
);
const CLEAR_PREFIXES: readonly string[] = Object.values(META_FAMILIES)
  .filter((f) => f.clear)
  .map((f) => f.prefix);

/** Whether a meta entry stays clear at rest (the encryption middleware asks this). */
export const isClearMetaKey = (key: string): boolean =>
  CLEAR_KEYS.has(key) || CLEAR_PREFIXES.some((prefix) => key.startsWith(prefix));

/** Key names by purpose, for callers that only need the name. */
export const META_KEYS = {
  clientId: META.clientId.key,
  deviceUser: META.deviceUser.key,
  activeInspectionId: META.activeInspectionId.key,
  session: META.session.key,
  deviceSettings: META.deviceSettings.key,
  notices: META.notices.key,
  forgottenInspections: META.forgottenInspections.key,
  restoredOps: META.restoredOps.key,
} as const;

export const getMeta = async <T>(db: FieldbookDB, key: string): Promise<T | undefined> =>
  (await db.meta.get(key))?.value as T | undefined;

export const setMeta = async (db: FieldbookDB, key: string, value: unknown): Promise<void> => {
  await db.meta.put({ key, value });
};

export const deleteMeta = async (db: FieldbookDB, key: string): Promise<void> => {
  await db.meta.delete(key);
};

/** This device's `clientId` (S1): made once, kept for the life of the database. */
export const getClientId = (db: FieldbookDB, clock: Clock): Promise<string> =>
  db.transaction('rw', db.meta, async () => {
    const existing = await getMeta<string>(db, META_KEYS.clientId);
    if (existing) return existing;
    const id = newId(clock);
    await setMeta(db, META_KEYS.clientId, id);
    return id;
  });
