import { createHash } from 'node:crypto';

/**
 * A stable hash of an op's body: keys sorted at every level, so a retry that serialises the same
 * op with its keys in another order is still recognised as the same op (S3 `duplicate`).
 */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

export const bodyHash = (value: unknown): string =>
  createHash('sha256').update(canonical(value)).digest('base64url');
