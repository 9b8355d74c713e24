import { JSON_MAX_DEPTH } from '../../../src/domain/protocol';

/**
 * S10's limits on client JSON, found by one walk with an explicit stack (never recursion, so a
 * body nested 500,000 deep costs a loop, not the call stack): nesting deeper than JSON_MAX_DEPTH,
 * U+0000 in any key or string (PostgreSQL text cannot hold it, so it is refused on both stores
 * alike), and a `__proto__` key (copied by a schema it would swap an object's prototype).
 */
export type JsonShapeProblem = { path: string; message: string };
export type JsonShapeChecks = { maxDepth?: number; nul?: boolean; prototypeKeys?: boolean };

type Frame = { value: unknown; depth: number; key: string | number | null; parent: Frame | null };

const pathOf = (frame: Frame): string => {
  const keys: (string | number)[] = [];
  for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) keys.push(f.key);
  return keys.reverse().join('.');
};

/** The walk itself, with no quick answer first (jsonShapeProblem below). */
export const walkShapeProblem = (
  root: unknown,
  { maxDepth = JSON_MAX_DEPTH, nul = true, prototypeKeys = true }: JsonShapeChecks = {},
): JsonShapeProblem | null => {
  const stack: Frame[] = [{ value: root, depth: 0, key: null, parent: null }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { value } = frame;
    if (typeof value === 'string') {
      if (nul && value.includes('\u0000'))
        return { path: pathOf(frame), message: 'U+0000 is not allowed in text' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const depth = frame.depth + 1;
    if (depth > maxDepth)
      return { path: pathOf(frame), message: `Nested deeper than ${maxDepth} levels` };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], depth, key: i, parent: frame });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (prototypeKeys && key === '__proto__')
        return { path: pathOf(frame), message: '"__proto__" is not allowed as a key' };
      if (nul && key.includes('\u0000'))
        return { path: pathOf(frame), message: 'U+0000 is not allowed in a key' };
      stack.push({ value: child, depth, key, parent: frame });
    }
  }
  return null;
};

/** Deeper limits than this are walked: the quick check below recurses once per level. */
const QUICK_MAX_DEPTH = 64;

/**
 * True when a value nested at most `maxDepth` deep holds no U+0000 and no `__proto__` key: every
 * op of a push is checked, and nearly all are clean, so they are answered by a plain recursion
 * (at most `maxDepth` + 1 calls deep) without the walk's frame per value. Not clean: the walk
 * finds the problem and its path.
 */
const plainlyClean = (value: unknown, parentDepth: number, maxDepth: number): boolean => {
  if (typeof value === 'string') return !value.includes('\u0000');
  if (value === null || typeof value !== 'object') return true;
  const depth = parentDepth + 1;
  if (depth > maxDepth) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      if (!plainlyClean(value[i], depth, maxDepth)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === '__proto__' || key.includes('\u0000')) return false;
    if (!plainlyClean(record[key], depth, maxDepth)) return false;
  }
  return true;
};

export const jsonShapeProblem = (
  root: unknown,
  checks: JsonShapeChecks = {},
): JsonShapeProblem | null => {
  const { maxDepth = JSON_MAX_DEPTH, nul = true, prototypeKeys = true } = checks;
  if (nul && prototypeKeys && maxDepth <= QUICK_MAX_DEPTH && plainlyClean(root, 0, maxDepth))
    return null;
  return walkShapeProblem(root, checks);
};
