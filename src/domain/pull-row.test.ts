import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainSyncRow, quickPathKnowsSyncRow } from './pull-row';
import { SyncRowSchema } from './rows';

/**
 * plainSyncRow may only ever accept what SyncRowSchema accepts, and then give what zod gives: the
 * same keys in the same order at every level. Anything it is unsure of is null (zod decides).
 */
const expectSameAsZod = (raw: unknown): void => {
  const zod = SyncRowSchema.safeParse(raw);
  const quick = plainSyncRow(raw);
  if (!quick) return;
  expect(zod.success).toBe(true);
  // The same text means the same keys in the same order, at every level.
  expect(JSON.stringify(quick)).toBe(JSON.stringify(zod.data));
  expect(quick).toEqual(zod.data);
};

const good = {
  entity: 'evidence',
  id: '0192f3a4-5b6c-7d8e-9f01-23456789abcd',
  inspectionId: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  seq: 41,
  author: 'a1b2c3d4-0000-4000-8000-000000000001',
  createdAt: '2026-11-02T10:00:00.000Z',
  updatedAt: '2026-11-02T10:05:00.000Z',
  fields: { kind: 'practitioner-interview', text: 'Seen at home.', caseIds: ['c1'], n: null },
  versions: { kind: 40, text: 41 },
  conflicts: {
    text: [{ value: 'Seen at school.', author: 'u2', at: '2026-11-02T10:04:00.000Z', opId: 'o1' }],
  },
  deleted: false,
};
/** As the server sends it: through JSON, so every object is fresh from JSON.parse. */
const wire = (row: unknown): unknown => JSON.parse(JSON.stringify(row)) as unknown;

describe('a pulled row checked on the quick path', () => {
  it('knows every key of SyncRowSchema (else every row would go to zod)', () => {
    expect(quickPathKnowsSyncRow).toBe(true);
  });

  it('takes a plain row, as zod gives it', () => {
    const raw = wire(good);
    expect(plainSyncRow(raw)).not.toBeNull();
    expectSameAsZod(raw);
    expectSameAsZod(wire({ ...good, conflicts: {}, deleted: true, fields: {} }));
  });

  it.each([
    ['an unknown entity', { entity: 'note' }],
    ['a negative seq', { seq: -1 }],
    ['a seq that is not a whole number', { seq: 1.5 }],
    ['a seq past the safe integers', { seq: 2 ** 53 }],
    ['a seq as text', { seq: '41' }],
    ['no id', { id: undefined }],
    ['an id that is a number', { id: 7 }],
    ['deleted as text', { deleted: 'false' }],
    ['fields as an array', { fields: ['a'] }],
    ['fields null', { fields: null }],
    ['a negative version', { versions: { text: -2 } }],
    ['a version as text', { versions: { text: '41' } }],
    ['conflicts of a field not a list', { conflicts: { text: { value: 1 } } }],
    [
      'a kept value without its author',
      { conflicts: { text: [{ value: 1, at: 'x', opId: 'o' }] } },
    ],
    [
      'a kept value without its value',
      { conflicts: { text: [{ author: 'u', at: 'x', opId: 'o' }] } },
    ],
    [
      'a kept value with a key zod strips',
      { conflicts: { text: [{ value: 1, author: 'u', at: 'x', opId: 'o', extra: 1 }] } },
    ],
    ['a key zod strips', { extra: 1 }],
  ])('leaves to zod a row with %s', (_name, change) => {
    const raw = wire({ ...good, ...change });
    expect(plainSyncRow(raw)).toBeNull();
    expectSameAsZod(raw);
  });

  it('leaves to zod keys zod treats apart (constructor, __proto__) and objects not made by JSON', () => {
    const odd = [
      JSON.parse(`{"fields":{"constructor":"x"}}`) as object,
      JSON.parse(`{"fields":{"__proto__":{"a":1}}}`) as object,
      JSON.parse(`{"versions":{"__proto__":1}}`) as object,
      { fields: Object.create(null) as object },
      { fields: new Map() },
    ];
    for (const change of odd) {
      const raw = { ...(wire(good) as object), ...change };
      expect(plainSyncRow(raw)).toBeNull();
      expectSameAsZod(raw);
    }
    expect(plainSyncRow(null)).toBeNull();
    expect(plainSyncRow([good])).toBeNull();
  });

  it('agrees with zod on rows made at random, valid or not', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('constructor', '__proto__', 'toString'));
    const json = fc.jsonValue({ maxDepth: 2 });
    const row = fc.record(
      {
        entity: fc.oneof(fc.constantFrom('evidence', 'childCase', 'review'), text),
        id: fc.oneof(text, fc.integer()),
        inspectionId: text,
        seq: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constant(2 ** 53)),
        author: text,
        createdAt: text,
        updatedAt: text,
        fields: fc.oneof(fc.dictionary(text, json), json),
        versions: fc.oneof(fc.dictionary(text, fc.oneof(fc.nat(), fc.integer(), json)), json),
        conflicts: fc.oneof(
          fc.dictionary(
            text,
            fc.array(
              fc.oneof(
                fc.record({ value: json, author: text, at: text, opId: text }),
                fc.record(
                  { value: json, author: text, at: text, opId: text, extra: json },
                  { requiredKeys: [] },
                ),
              ),
              { maxLength: 3 },
            ),
          ),
          json,
        ),
        deleted: fc.oneof(fc.boolean(), json),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(row, (made) => expectSameAsZod(wire(made))),
      { numRuns: 2_000 },
    );
    // …and takes the plainly valid ones, not only "ask zod" for everything.
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.nat(),
          fields: fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue({ maxDepth: 2 })),
          versions: fc.dictionary(fc.string({ minLength: 1 }), fc.nat()),
        }),
        (change) => {
          const raw = wire({ ...good, ...change });
          // The quick path leaves to zod a record with an own `constructor` or `__proto__`
          // (pull-row.ts), in `fields` or in `versions`; every other such row it takes itself.
          const odd = (o: object) => ['constructor', '__proto__'].some((k) => Object.hasOwn(o, k));
          if (!odd(change.fields) && !odd(change.versions))
            expect(plainSyncRow(raw)).not.toBeNull();
          expectSameAsZod(raw);
        },
      ),
      { numRuns: 500 },
    );
  });
});
