import { derivePasswordKey, fromBase64, PBKDF2_ITERATIONS, randomBytes, toBase64 } from './cipher';
import { ROW_TABLES, type FieldbookDB } from './database';
import { listDrafts } from './drafts';

/**
 * An encrypted copy of everything on the device, offered before sign-out wipes it: the rows, the
 * outbox (work not yet on the server) and the drafts (words never sent, drafts.ts), sealed with AES-GCM under a key derived from a
 * password the user chooses (PBKDF2-SHA-256). Nothing in it is readable without that password.
 */
export type Backup = {
  format: 'fieldbook-backup';
  version: 1;
  createdAt: string;
  kdf: { name: 'PBKDF2-SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM-256'; iv: string };
  data: string;
};

const encryptionKey = (password: string, salt: Uint8Array<ArrayBuffer>, iterations: number) =>
  derivePasswordKey(password, salt, iterations, ['encrypt', 'decrypt']);

export const exportEncrypted = async (
  db: FieldbookDB,
  password: string,
  createdAt: string,
): Promise<Backup> => {
  const tables: Record<string, unknown[]> = {};
  for (const name of [...ROW_TABLES, 'outbox', 'inspections'])
    tables[name] = await db.table(name).toArray();
  tables.drafts = await listDrafts(db);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await encryptionKey(password, salt, PBKDF2_ITERATIONS);
  const plain = new TextEncoder().encode(JSON.stringify({ tables }));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
  return {
    format: 'fieldbook-backup',
    version: 1,
    createdAt,
    kdf: { name: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS, salt: toBase64(salt) },
    cipher: { name: 'AES-GCM-256', iv: toBase64(iv) },
    data: toBase64(data),
  };
};

/** Opens a backup (for support, or a later import); throws when the password is wrong. */
export const openBackup = async (
  backup: Backup,
  password: string,
): Promise<{ tables: Record<string, unknown[]> }> => {
  const key = await encryptionKey(password, fromBase64(backup.kdf.salt), backup.kdf.iterations);
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(backup.cipher.iv) },
    key,
    fromBase64(backup.data),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as { tables: Record<string, unknown[]> };
};
