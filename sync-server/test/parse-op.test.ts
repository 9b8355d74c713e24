import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpSchema } from '../../src/domain/protocol';
import { parseOp, plainOp, quickPathKnowsOpSchema } from '../src/sync/parse-op';

/**
 * parseOp must be OpSchema.safeParse: the same verdict, the same value (keys, order, the client's
 * `fields` object passed through), the same issues. Its quick path may only ever accept what zod
 * accepts; anything it is unsure of goes to zod. Each case runs both and compares.
 */
const expectSameAsZod = (raw: unknown): void => {
  const zod = OpSchema.safeParse(raw);
  const ours = parseOp(raw);
  const quick = plainOp(raw);
  expect(ours.success).toBe(zod.success);
  if (quick) expect(zod.success).toBe(true);
  if (zod.success && ours.success) {
    // The same text means the same keys in the same order, at every level.
    expect(JSON.stringify(ours.data)).toBe(JSON.stringify(zod.data));
    expect(Object.keys(ours.data)).toEqual(Object.keys(zod.data));
    expect(Object.keys(ours.data.base)).toEqual(Object.keys(zod.data.base));
    expect(ours.data).toEqual(zod.data);
    // zod passes `fields` through and copies `base`; a default is a fresh object each time.
    const given = raw as { fields?: unknown; base?: unknown };
    expect(ours.data.fields === zod.data.fields).toBe(given.fields !== undefined);
    expect(ours.data.base === given.base).toBe(false);
    expect(Object.getPrototypeOf(ours.data.base)).toBe(Object.getPrototypeOf(zod.data.base));
    expect(Object.is(ours.data.base._row, zod.data.base._row)).toBe(true);
  } else if (!zod.success && !ours.success) {
    expect(ours.error.issues).toEqual(zod.error.issues);
  }
};

const V7 = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
const V4 = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const good = {
  opId: V7,
  entity: 'evidence',
  entityId: V7.replace('0192', '0193'),
  inspectionId: V4,
  kind: 'put',
  fields: { kind: 'practitioner-interview', text: 'A note', judgementIds: ['overall'] },
  base: { text: 3, _row: 0 },
};
const parsed = (text: string): unknown => JSON.parse(text);

const UUIDS: unknown[] = [
  V7,
  V4,
  V4.toUpperCase(),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  'f47ac10b-58cc-0372-a567-0e02b2c3d479', // version 0
  'f47ac10b-58cc-9372-a567-0e02b2c3d479', // version 9
  'f47ac10b-58cc-4372-c567-0e02b2c3d479', // variant 110x
  'f47ac10b-58cc-4372-7567-0e02b2c3d479', // variant 0xxx
  `${V4}\n`,
  ` ${V4}`,
  `{${V4}}`,
  V4.replaceAll('-', ''),
  'f47ac10b58cc-4372-a567-0e02b2c3d479-',
  'g47ac10b-58cc-4372-a567-0e02b2c3d479',
  '',
  null,
  42,
  [V4],
  { id: V4 },
];
const KINDS: unknown[] = ['put', 'delete', 'resolve', 'PUT', 'create', '', null, 1, ['put']];
const ENTITIES: unknown[] = ['evidence', 'childCase', 'nonsense', '', 'x\u0000', 7, null, {}];
const FIELDS: unknown[] = [
  {},
  good.fields,
  { author: 'me', nested: { deep: [1, { a: null }] } },
  parsed('{"__proto__": {"polluted": true}, "text": "x"}'),
  parsed('{"constructor": 1}'),
  Object.create(null) as unknown,
  [],
  ['text'],
  null,
  'fields',
  0,
  true,
  new Date(0),
];
const BASES: unknown[] = [
  {},
  { _row: 0 },
  { text: 3, _row: 12 },
  { '10': 1, '2': 2, b: 3, a: 4 },
  parsed('{"x": -0}'),
  { x: Number.MAX_SAFE_INTEGER },
  { x: Number.MAX_SAFE_INTEGER + 1 },
  { x: -1 },
  { x: 1.5 },
  { x: 1e300 },
  { x: Number.NaN },
  { x: Number.POSITIVE_INFINITY },
  { x: '1' },
  { x: null },
  { x: true },
  { x: {} },
  { x: [1] },
  parsed('{"__proto__": 1}'),
  parsed('{"__proto__": {"x": 1}}'),
  parsed('{"constructor": 1, "toString": 2, "hasOwnProperty": 3}'),
  Object.assign(Object.create(null) as object, { x: 1 }),
  [],
  [1],
  null,
  'base',
  5,
];

describe('[S3] [S10] an op checked without zod is checked as zod checks it', () => {
  it('[S3] accepts the ops the bench and the app send without asking zod', () => {
    // OpSchema changed: teach plainOp the new or lost key (until then every op goes to zod).
    expect(quickPathKnowsOpSchema).toBe(true);
    expect(plainOp(good)).not.toBeNull();
    expect(plainOp({ ...good, fields: undefined, base: undefined })).not.toBeNull();
    expect(plainOp(parsed(JSON.stringify(good)))).not.toBeNull();
    expectSameAsZod(good);
    expectSameAsZod(parsed(JSON.stringify(good)));
  });

  it('[S10] gives zod’s answer for every value of every key, one key at a time', () => {
    const values: Record<string, unknown[]> = {
      opId: UUIDS,
      entity: ENTITIES,
      entityId: UUIDS,
      inspectionId: UUIDS,
      kind: KINDS,
      fields: FIELDS,
      base: BASES,
    };
    for (const [key, options] of Object.entries(values)) {
      for (const value of options) {
        expectSameAsZod({ ...good, [key]: value });
        const without: Record<string, unknown> = { ...good };
        delete without[key];
        expectSameAsZod(without);
      }
    }
  });

  it('[S10] refuses through zod what is not an op or carries other keys', () => {
    for (const raw of [
      null,
      undefined,
      'op',
      3,
      true,
      [],
      [good],
      {},
      { ...good, extra: 1 },
      { ...good, seq: 4 },
      { ...good, __proto__: null },
      parsed(`{"__proto__": {"x": 1}, ${JSON.stringify(good).slice(1)}`),
      parsed(`{"constructor": 1, ${JSON.stringify(good).slice(1)}`),
      Object.assign(Object.create({ inherited: 1 }) as object, good),
      Object.assign(Object.create({ opId: V4 }) as object, { ...good, opId: undefined }),
      Object.assign(Object.create(null) as object, good),
      new (class Op {
        opId = V7;
      })(),
    ]) {
      expectSameAsZod(raw);
      expect(plainOp(raw)).toBeNull();
    }
  });

  it('[S10] agrees with zod on ops drawn at random from good and bad values', () => {
    const pick = (options: unknown[]) =>
      fc.option(fc.oneof(fc.constantFrom(...options), fc.jsonValue({ maxDepth: 2 })), {
        nil: undefined,
        freq: 8,
      });
    fc.assert(
      fc.property(
        fc.record(
          {
            opId: pick(UUIDS),
            entity: pick(ENTITIES),
            entityId: pick(UUIDS),
            inspectionId: pick(UUIDS),
            kind: pick(KINDS),
            fields: pick(FIELDS),
            base: pick(BASES),
          },
          { requiredKeys: [] },
        ),
        fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }))),
        (op, extra) => {
          expectSameAsZod(op);
          // Through JSON too, as a push body arrives; extra keys before and after.
          expectSameAsZod(parsed(JSON.stringify(op)));
          if (extra) {
            expectSameAsZod({ ...extra, ...op });
            expectSameAsZod(parsed(JSON.stringify({ ...op, ...extra })));
          }
        },
      ),
      { seed: 20_261_129, numRuns: 5_000 },
    );
  });
});
