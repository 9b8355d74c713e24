/**
 * AES-GCM-256 through WebCrypto (DESIGN.md §5). Every record's content is sealed by the data key;
 * the data key itself is stored only wrapped: by a key derived from the user's password
 * (PBKDF2-SHA-256) and by a per-device key the server releases after an online sign-in.
 */
export type Sealed = { iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer };

export const PBKDF2_ITERATIONS = 600_000; // OWASP 2023 floor for PBKDF2-SHA-256
const IV_BYTES = 12; // the GCM standard nonce; random per seal, never reused with one key
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const subtle = () => globalThis.crypto.subtle;
const randomIv = () => globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
export const randomBytes = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

/** Seals text; `context` (table and key) is authenticated so a sealed blob cannot be moved to another record. */
export const sealText = async (key: CryptoKey, text: string, context: string): Promise<Sealed> => {
  const iv = randomIv();
  const data = await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
    key,
    encoder.encode(text),
  );
  return { iv, data };
};

// A promise chain, not an async function: a first read after unlock opens tens of thousands of
// these inside Dexie's zone, where every extra await costs.
export const openText = (key: CryptoKey, sealed: Sealed, context: string): Promise<string> =>
  subtle()
    .decrypt(
      { name: 'AES-GCM', iv: sealed.iv, additionalData: encoder.encode(context) },
      key,
      sealed.data,
    )
    .then((data) => decoder.decode(data));

/**
 * Opens a blob given as bytes, its authenticated context already encoded: the sealing worker opens
 * a slice of thousands this way from views into the buffers it was handed (db/seal-request.ts),
 * with no copy of each blob and no encoding of each context. The plaintext stays bytes.
 */
export const openBytes = (
  key: CryptoKey,
  iv: Uint8Array<ArrayBuffer>,
  data: Uint8Array<ArrayBuffer>,
  context: Uint8Array<ArrayBuffer>,
): Promise<ArrayBuffer> =>
  subtle().decrypt({ name: 'AES-GCM', iv, additionalData: context }, key, data);

export const sealJson = (key: CryptoKey, value: unknown, context: string): Promise<Sealed> =>
  sealText(key, JSON.stringify(value), context);

export const openJson = async (key: CryptoKey, sealed: Sealed, context: string): Promise<unknown> =>
  JSON.parse(await openText(key, sealed, context));

/** The data key: made once per device database. Extractable only so it can be wrapped. */
export const generateDataKey = (): Promise<CryptoKey> =>
  subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);

/**
 * A key from a password (PBKDF2-SHA-256). The keyring's key wraps the data key; an encrypted
 * export's key encrypts the file itself, hence the usages.
 */
export const derivePasswordKey = async (
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number = PBKDF2_ITERATIONS,
  usages: KeyUsage[] = ['wrapKey', 'unwrapKey'],
): Promise<CryptoKey> => {
  const material = await subtle().importKey('raw', encoder.encode(password), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    usages,
  );
};

export const toBase64 = (bytes: Uint8Array) =>
  btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
export const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The device key arrives from the server as base64 of 32 random bytes. */
export const importDeviceKey = (base64: string): Promise<CryptoKey> => {
  return subtle().importKey('raw', fromBase64(base64), { name: 'AES-GCM' }, false, [
    'wrapKey',
    'unwrapKey',
  ]);
};

export const wrapDataKey = async (dataKey: CryptoKey, wrappingKey: CryptoKey): Promise<Sealed> => {
  const iv = randomIv();
  const data = await subtle().wrapKey('raw', dataKey, wrappingKey, { name: 'AES-GCM', iv });
  return { iv, data };
};

/** Throws (OperationError) when the wrapping key is wrong: GCM authenticates the wrapped key. */
export const unwrapDataKey = (
  sealed: Sealed,
  wrappingKey: CryptoKey,
  extractable = false,
): Promise<CryptoKey> =>
  subtle().unwrapKey(
    'raw',
    sealed.data,
    wrappingKey,
    { name: 'AES-GCM', iv: sealed.iv },
    { name: 'AES-GCM', length: 256 },
    extractable,
    ['encrypt', 'decrypt'],
  );
