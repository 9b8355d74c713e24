import { hash } from 'node:crypto';

/**
 * A stable hash of an op's body: keys sorted at every level, so a retry that serialises the same
 * op with its keys in another order is still recognised as the same op (S3 `duplicate`). Written
 * with an explicit stack rather than JSON.stringify's replacer, which recurses: an op nested
 * thousands deep (rejected `invalid`, S10) must still get a hash, not a stack overflow. The text
 * is exactly what `JSON.stringify` with sorted keys gives, so hashes stored before stay valid.
 */
class Token {
  constructor(readonly text: string) {}
}
const COMMA = new Token(',');
const CLOSE_ARRAY = new Token(']');
const CLOSE_OBJECT = new Token('}');

/** Object.keys lists array-index keys first, in numeric order; every JS object orders them so. */
const ARRAY_INDEX_MAX = 2 ** 32 - 2;
const isArrayIndex = (key: string): boolean =>
  /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) <= ARRAY_INDEX_MAX;

/**
 * The key order the replacer version produced: index-like keys in numeric order (an object built
 * from sorted entries still lists them first), then the others in code-unit order.
 */
const orderedKeys = (record: Record<string, unknown>): string[] => {
  const keys = Object.keys(record).filter((k) => record[k] !== undefined);
  let indexes = 0;
  while (indexes < keys.length && isArrayIndex(keys[indexes] as string)) indexes += 1;
  return indexes === 0 ? keys.sort() : [...keys.slice(0, indexes), ...keys.slice(indexes).sort()];
};

/**
 * Every op that passes S10's shape check is at most 32 levels deep; a walk that deep may recurse.
 * The push path hashes every op, so this recursive walk writes the same text several times faster
 * than the stack below, which stays for anything deeper.
 */
const RECURSION_MAX_DEPTH = 64;
const TOO_DEEP = new Token('');

const writeShallow = (value: unknown, depth: number): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (depth >= RECURSION_MAX_DEPTH) throw TOO_DEEP;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += writeShallow(value[i] ?? null, depth + 1);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = orderedKeys(record);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0) out += ',';
    out += `${JSON.stringify(key)}:${writeShallow(record[key], depth + 1)}`;
  }
  return `${out}}`;
};

const writeDeep = (root: unknown): string => {
  const out: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value instanceof Token) {
      out.push(value.text);
    } else if (value === null || typeof value !== 'object') {
      // Values come from JSON.parse; undefined only from a caller, and JSON writes it as null.
      out.push(JSON.stringify(value) ?? 'null');
    } else if (Array.isArray(value)) {
      out.push('[');
      stack.push(CLOSE_ARRAY);
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push(value[i] ?? null);
        if (i > 0) stack.push(COMMA);
      }
    } else {
      const record = value as Record<string, unknown>;
      const keys = orderedKeys(record);
      out.push('{');
      stack.push(CLOSE_OBJECT);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push(record[key], new Token(`${JSON.stringify(key)}:`));
        if (i > 0) stack.push(COMMA);
      }
    }
  }
  return out.join('');
};

/**
 * The quickest way to the same text: a copy of the value with every object's keys inserted in
 * sorted order, written by JSON.stringify itself. An object lists array-index keys first in
 * numeric order whatever the insertion order, which is the order above. Only for what JSON.parse
 * makes (plain objects and arrays of strings, numbers, booleans and null); anything else, a
 * `__proto__` key (assigning it would swap the copy's prototype) or nesting past the recursion
 * limit is written by the walks above. For an evidence op, ~40% less than writeShallow.
 */
const UNUSUAL = new Token('');

const sortedCopy = (value: unknown, depth: number): unknown => {
  if (value === null) return value;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'undefined')
    return value;
  if (type !== 'object' || depth >= RECURSION_MAX_DEPTH) return UNUSUAL;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = sortedCopy(value[i], depth + 1);
      if (item === UNUSUAL) return UNUSUAL;
      out[i] = item;
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return UNUSUAL;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === '__proto__') return UNUSUAL;
    const item = sortedCopy(record[key], depth + 1);
    if (item === UNUSUAL) return UNUSUAL;
    out[key] = item;
  }
  return out;
};

export const canonicalJson = (root: unknown): string => {
  const copy = sortedCopy(root, 0);
  if (copy !== UNUSUAL) return JSON.stringify(copy) ?? 'null';
  try {
    return writeShallow(root, 0);
  } catch (error) {
    if (error !== TOO_DEEP) throw error;
    return writeDeep(root);
  }
};

/** One-shot `hash`: every pushed op is hashed, and a Hash object per op was a tenth of the cost. */
export const bodyHash = (value: unknown): string =>
  hash('sha256', canonicalJson(value), 'base64url');
