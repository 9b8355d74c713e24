import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENTITIES,
  ENTITY_NAMES,
  checkFieldValues,
  type EntityName,
} from '../../src/domain/entities';
import * as vocabulary from '../../src/domain/vocabulary';
import { plainlyValidFields, quickEntities } from '../src/sync/quick-fields';

/**
 * The quick test may only ever say "valid" where zod finds no issue: every fields object drawn
 * here, good or bad, is put to both. It may say "ask zod" where zod would accept (that costs
 * time, not correctness), but for the fields the app writes it must answer alone.
 */
const V4 = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const V7 = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
const parsed = (text: string): unknown => JSON.parse(text);

const vocabularyIds = Object.values(vocabulary).flatMap((value: unknown) =>
  Array.isArray(value) ? value.filter((v: unknown): v is string => typeof v === 'string') : [],
);
const STRINGS: unknown[] = [
  V4,
  V7,
  V4.toUpperCase(),
  'f47ac10b-58cc-0372-a567-0e02b2c3d479',
  '00000000-0000-0000-0000-000000000000',
  '2026-03-03T10:15:00.000Z',
  '2026-03-03T10:15:00Z',
  '2026-03-03T10:15:00+01:00',
  '2026-03-03T10:15:00',
  '2026-02-30T10:15:00Z',
  '2026-03-03T25:15:00Z',
  '2026-03-03',
  '2026-13-03',
  '2026-3-3',
  ' 2026-03-03',
  '',
  'x',
  'overall',
  'help-and-protection',
  'x\u0000y',
  'é👩🏽‍⚕️\ud800',
  'a'.repeat(10),
  'a'.repeat(11),
  'a'.repeat(100),
  'a'.repeat(101),
  'a'.repeat(200),
  'a'.repeat(201),
  'a'.repeat(1_000),
  'a'.repeat(1_001),
  'a'.repeat(10_000),
  'a'.repeat(10_001),
  'a'.repeat(20_001),
  'a'.repeat(100_001),
  ...vocabularyIds,
  ...vocabularyIds.map((id) => id.toUpperCase()),
];
const SCALARS: unknown[] = [
  ...STRINGS,
  null,
  undefined,
  true,
  false,
  0,
  -0,
  1,
  -1,
  1.5,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
];
const line = (over: Record<string, unknown> = {}) => ({
  at: '2026-03-03T10:15:00.000Z',
  text: 'Said the plan was late',
  ...over,
});
const figure = (over: Record<string, unknown> = {}) => ({
  key: 'cp-late',
  text: '4 of 12 late',
  count: 4,
  of: 12,
  asOf: '2026-03-03',
  citedAt: '2026-03-03T10:15:00.000Z',
  ...over,
});
const COMPOUND: unknown[] = [
  [],
  [V4],
  [V4, V7],
  [V4, 'not-a-uuid'],
  ['overall', 'leadership'],
  ['overall', ''],
  ['childrens-social-care', 'police'],
  [null],
  [[V4]],
  Array.from({ length: 51 }, () => 'overall'),
  Array.from({ length: 201 }, () => V4),
  Array.from({ length: 26 }, () => 'police'),
  [line()],
  [line({ judgementIds: ['overall'], evaluation: 'neutral', caseIds: [V4] })],
  [line({ extra: 1 })],
  [line({ at: '2026-03-03' })],
  [line({ text: 'a'.repeat(10_001) })],
  [line({ evaluation: null, judgementIds: null })],
  [parsed('{"at": "2026-03-03T10:15:00.000Z", "text": "t", "__proto__": {"x": 1}}')],
  [figure()],
  [figure({ count: -1 })],
  [figure({ of: 1.5 })],
  [figure({ key: '' })],
  [figure({ citedAt: '2026-03-03' })],
  { overall: 'Good progress' },
  { overall: '' },
  { '': 'x' },
  { ['k'.repeat(101)]: 'x' },
  { overall: 3 },
  { overall: 'a'.repeat(20_001) },
  parsed('{"__proto__": "x"}'),
  parsed('{"constructor": "x", "toString": "y"}'),
  Object.assign(Object.create(null) as object, { overall: 'x' }),
  {},
  new Date(0),
];

/** A known field of the entity with a value from the pools, or an unknown field. */
const fieldsOf = (entity: EntityName) => {
  const known = Object.keys(ENTITIES[entity].schema.shape);
  const key = fc.oneof(
    { arbitrary: fc.constantFrom(...known), weight: 8 },
    {
      arbitrary: fc.constantFrom('author', '_deleted', 'nope', '__proto__', 'constructor'),
      weight: 1,
    },
  );
  const value = fc.oneof(
    { arbitrary: fc.constantFrom(...SCALARS), weight: 4 },
    { arbitrary: fc.constantFrom(...COMPOUND), weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
  );
  return fc.array(fc.tuple(key, value), { maxLength: 8 });
};

const expectNoLooserThanZod = (entity: EntityName, fields: Record<string, unknown>) => {
  const issues = checkFieldValues(entity, fields);
  if (plainlyValidFields(entity, fields)) expect(issues).toEqual([]);
  return issues.length === 0;
};

/** Built as JSON.parse builds it (a `__proto__` key an own property), and also by assignment. */
const build = (entries: [string, unknown][]): Record<string, unknown>[] => {
  const assigned: Record<string, unknown> = {};
  for (const [k, v] of entries) if (k !== '__proto__') assigned[k] = v;
  return [assigned, Object.fromEntries(entries)];
};

describe('[S10] fields checked without zod are checked as zod checks them', () => {
  it('[S10] knows every entity’s schema, so the quick test is used at all', () => {
    expect(quickEntities()).toEqual(ENTITY_NAMES);
  });

  it('[S10] answers alone for the fields the app writes', () => {
    const good: Record<EntityName, Record<string, unknown>> = {
      evidence: {
        kind: 'shadowing-observation',
        occurredAt: '2026-03-03T10:15:00.000Z',
        status: 'draft',
        text: 'Note',
        lines: [line({ judgementIds: ['overall'], caseIds: [V4] })],
        agency: 'police',
        role: 'Team manager',
        caseIds: [V4],
        judgementIds: ['overall'],
        crossRefs: [V7],
        evaluation: 'strength',
        sensitivity: 'official',
        documentType: null,
      },
      childCase: { caseRef: 'LA-1', selection: 'tracked', agencies: ['police'], outOfArea: true },
      journeyEvent: { caseId: V4, stage: 'placement', date: '2026-03-03', outOfArea: false },
      review: { evidenceId: V4, state: 'reviewed', comment: 'Fine', reply: null },
      judgementDraft: { judgementId: 'overall', state: 'draft', figures: [figure()] },
      safeguardingConcern: {
        raisedAt: '2026-03-03T10:15:00+01:00',
        concern: 'Bruise',
        status: 'open',
      },
      teamMeeting: { date: '2026-03-03', attendees: [V4], views: { overall: 'Good' } },
    };
    for (const entity of ENTITY_NAMES) {
      expect(checkFieldValues(entity, good[entity])).toEqual([]);
      expect(plainlyValidFields(entity, good[entity])).toBe(true);
      expect(plainlyValidFields(entity, parsed(JSON.stringify(good[entity])) as never)).toBe(true);
    }
  });

  it('[S10] never says valid where zod finds an issue, over fields drawn at random', () => {
    let accepted = 0;
    let refused = 0;
    for (const entity of ENTITY_NAMES) {
      fc.assert(
        fc.property(fieldsOf(entity), (entries) => {
          for (const fields of build(entries)) {
            if (expectNoLooserThanZod(entity, fields)) accepted += 1;
            else refused += 1;
            const text = JSON.stringify(fields);
            if (text !== undefined)
              expectNoLooserThanZod(entity, parsed(text) as Record<string, unknown>);
          }
        }),
        { seed: 20_261_129, numRuns: 1_500 },
      );
    }
    // Both outcomes were drawn often enough for the comparison to mean something.
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });
});
