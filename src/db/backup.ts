import { derivePasswordKey, fromBase64, PBKDF2_ITERATIONS, randomBytes, toBase64 } from './cipher';
import { ROW_TABLES, type FieldbookDB } from './database';
import { listDrafts } from './drafts';

/**
 * An encrypted copy of everything on the device, offered before sign-out wipes it: the rows, the
 * outbox (work not yet on the server) and the drafts (words never sent, drafts.ts), sealed with AES-GCM under a key derived from a
 * password the user chooses (PBKDF2-SHA-256). Nothing in it is readable without that password.
 * Version 2 also seals whose copy it is (the user and the server), so restore.ts can refuse
 * someone else's: the outer JSON says only that it is a Fieldbook copy, its version and when.
 */
export const BACKUP_VERSION = 2;

export type Backup = {
  format: 'fieldbook-backup';
  version: number;
  createdAt: string;
  kdf: { name: 'PBKDF2-SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM-256'; iv: string };
  data: string;
};

/** Whose work a copy holds: the signed-in user and the server their ops are for. */
export type BackupOwner = { userId: string; origin: string };

/** What a copy holds once opened; a version-1 copy has no owner. */
export type OpenedBackup = {
  version: number;
  owner?: BackupOwner;
  tables: Record<string, unknown[]>;
};

const encryptionKey = (password: string, salt: Uint8Array<ArrayBuffer>, iterations: number) =>
  derivePasswordKey(password, salt, iterations, ['encrypt', 'decrypt']);

export const exportEncrypted = async (
  db: FieldbookDB,
  password: string,
  createdAt: string,
  owner: BackupOwner,
): Promise<Backup> => {
  const tables: Record<string, unknown[]> = {};
  for (const name of [...ROW_TABLES, 'outbox', 'inspections'])
    tables[name] = await db.table(name).toArray();
  tables.drafts = await listDrafts(db);
  // The version is sealed too: an outer version edited by hand no longer matches the inside.
  const inner = { version: BACKUP_VERSION, owner, tables } satisfies OpenedBackup;
  return sealBackup(password, createdAt, BACKUP_VERSION, inner);
};

/** Seals what a copy holds (`inner`: from version 2 on, it names its version too) under the password. */
export const sealBackup = async (
  password: string,
  createdAt: string,
  version: number,
  inner: object,
): Promise<Backup> => {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await encryptionKey(password, salt, PBKDF2_ITERATIONS);
  const plain = new TextEncoder().encode(JSON.stringify(inner));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
  return {
    format: 'fieldbook-backup',
    version,
    createdAt,
    kdf: { name: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS, salt: toBase64(salt) },
    cipher: { name: 'AES-GCM-256', iv: toBase64(iv) },
    data: toBase64(data),
  };
};

/**
 * Opens a backup (restore.ts checks it first); throws when the password is wrong or the sealed
 * bytes were changed (AES-GCM cannot tell the two apart). Parsed, not checked: readBackup checks.
 */
export const openBackup = async (backup: Backup, password: string): Promise<OpenedBackup> => {
  const key = await encryptionKey(password, fromBase64(backup.kdf.salt), backup.kdf.iterations);
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(backup.cipher.iv) },
    key,
    fromBase64(backup.data),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as OpenedBackup;
};
