import { createHash } from 'node:crypto';

/**
 * A stable hash of an op's body: keys sorted at every level, so a retry that serialises the same
 * op with its keys in another order is still recognised as the same op (S3 `duplicate`). Objects
 * whose keys are already in order (the common case) are passed through without a copy: this runs
 * for every op of every push.
 */
const sortedKeys = (_key: string, value: unknown): unknown => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++) ordered = (keys[i - 1] ?? '') < (keys[i] ?? '');
  if (ordered) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(keys.sort().map((k) => [k, record[k]]));
};

export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, sortedKeys) ?? 'null';

export const bodyHash = (value: unknown): string =>
  createHash('sha256').update(canonicalJson(value)).digest('base64url');
