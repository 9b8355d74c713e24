import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyHash, canonicalJson } from '../src/sync/canonical';

/** The replacer version canonicalJson replaced: hashes stored by it must still match (S3). */
const sortedKeys = (_key: string, value: unknown): unknown => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
};
const byReplacer = (value: unknown) => JSON.stringify(value, sortedKeys) ?? 'null';

describe('[S3] canonical op bodies', () => {
  it('[S3] writes exactly the text the sorted-key JSON.stringify wrote, so old hashes still match', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect(canonicalJson(value)).toBe(byReplacer(value));
      }),
      { seed: 20_261_128, numRuns: 2_000 },
    );
    for (const value of [
      { b: 1, a: [undefined, { d: undefined, c: '\u0000' }] },
      { b: 1, '10': 2, a: 3, '9': 4, '01': 5, '4294967295': 6, '4294967294': 7 },
      // Written by the walks rather than the sorted copy: a `__proto__` key, no prototype.
      JSON.parse('{"b": 1, "__proto__": {"z": [1, {"__proto__": 2}], "a": 2}, "a": -0}') as unknown,
      Object.assign(Object.create(null) as object, { b: 1, a: { d: 2, c: 3, '2': 4, '1': 5 } }),
      { b: -0, a: [undefined, 1, new Array(2), Number.NaN, 1e21, 'é\ud800"'] },
    ])
      expect(canonicalJson(value)).toBe(byReplacer(value));
  });

  it('[S3] writes the same text whichever walk it takes: shallow values and ones nested past the recursion limit', () => {
    const nest = (depth: number, inner: unknown): unknown =>
      depth === 0 ? inner : { z: depth, a: [nest(depth - 1, inner)] };
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 50 }),
        fc.jsonValue({ maxDepth: 3 }),
        (depth, inner) => {
          const value = nest(depth, inner);
          expect(canonicalJson(value)).toBe(byReplacer(value));
        },
      ),
      { seed: 20_261_128, numRuns: 200 },
    );
  });

  it('[S3] [S10] hashes a body nested 500,000 levels deep without recursing', () => {
    const deep = JSON.parse('['.repeat(500_000) + ']'.repeat(500_000)) as unknown;
    expect(() => byReplacer(deep)).toThrow(RangeError);
    expect(bodyHash(deep)).toMatch(/^[\w-]{43}$/);
  });
});
