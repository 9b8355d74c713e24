import * as z from 'zod/mini';
import { ENTITIES, type EntityName } from '../../../src/domain/entities';

/**
 * A quick yes for checkFieldValues on the push hot path: does this op's fields object plainly pass
 * its entity's partial schema? The entity schemas stay the one contract (STYLE.md 1): the test
 * below is built from those very schemas at start, runs zod's own checks (lengths, formats,
 * ranges) on each value, and answers only "surely valid" or "ask zod". Anything it does not know
 * (a schema kind, a prototype key, an object that is not plain) is "ask zod", so every refusal
 * and its message stays zod's. zod's general walk over an evidence op's fields cost ~3–4 µs of the
 * request thread, profiled (test/quick-fields.test.ts holds the two equal).
 */
type Schema = z.ZodMiniType;
type Test = (value: unknown) => boolean;
type Check = { _zod: { check: (payload: { value: unknown; issues: unknown[] }) => unknown } };
type Def = {
  type: string;
  checks?: Check[];
  innerType?: Schema;
  element?: Schema;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  keyType?: Schema;
  valueType?: Schema;
};
type Internals = { def: Def; traits: Set<string>; values?: Set<unknown> };

const internals = (schema: Schema): Internals => (schema as unknown as { _zod: Internals })._zod;

/** zod's checks for a schema (itself first when it is a check too, as zod runs them); all must pass. */
const checksOf = (schema: Schema): Test => {
  const { def, traits } = internals(schema);
  const checks: Check[] = [
    ...(traits.has('$ZodCheck') ? [schema as unknown as Check] : []),
    ...(def.checks ?? []),
  ];
  if (checks.length === 0) return () => true;
  return (value) => {
    const payload = { value, issues: [] as unknown[] };
    for (const check of checks) {
      // A check that answers later would be zod's to wait for.
      if (check._zod.check(payload) instanceof Promise) return false;
      if (payload.issues.length > 0) return false;
    }
    return true;
  };
};

/** What JSON.parse makes of `{…}`: an object, not an array, on Object's own prototype. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;

/** A test for `schema`, or null when it has a kind this does not know (zod decides alone). */
const compile = (schema: Schema): Test | null => {
  const { def, values } = internals(schema);
  const checks = checksOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable': {
      const inner = def.innerType && compile(def.innerType);
      if (!inner) return null;
      const empty = def.type === 'optional' ? undefined : null;
      return (value) => value === empty || inner(value);
    }
    case 'string':
      return (value) => typeof value === 'string' && checks(value);
    case 'boolean':
      return (value) => typeof value === 'boolean' && checks(value);
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value) && checks(value);
    case 'enum': {
      if (!values) return null;
      return (value) => values.has(value) && checks(value);
    }
    case 'array': {
      const element = def.element && compile(def.element);
      if (!element) return null;
      return (value) =>
        Array.isArray(value) && value.every((item) => element(item)) && checks(value);
    }
    case 'object': {
      // Only strict objects: a stripping or passing-through object changes the value it gives.
      if (!def.shape || !def.catchall || internals(def.catchall).def.type !== 'never') return null;
      const fields = new Map<string, Test>();
      for (const [key, field] of Object.entries(def.shape)) {
        const test = compile(field);
        if (!test) return null;
        fields.set(key, test);
      }
      return (value) => {
        if (!isPlainObject(value)) return false;
        for (const key in value) if (!fields.has(key)) return false;
        for (const [key, test] of fields) if (!test(value[key])) return false;
        return checks(value);
      };
    }
    case 'record': {
      const key = def.keyType && compile(def.keyType);
      const item = def.valueType && compile(def.valueType);
      if (!key || !item || internals(def.keyType as Schema).values) return null;
      return (value) => {
        if (!isPlainObject(value)) return false;
        for (const name of Object.keys(value))
          if (name === '__proto__' || !key(name) || !item(value[name])) return false;
        return checks(value);
      };
    }
    default:
      return null;
  }
};

const tests = new Map<EntityName, Test | null>(
  (Object.keys(ENTITIES) as EntityName[]).map((entity) => [
    entity,
    compile(z.partial(ENTITIES[entity].schema)),
  ]),
);

/** True only when `fields` surely passes the entity's partial schema; false means ask zod. */
export const plainlyValidFields = (entity: EntityName, fields: Record<string, unknown>): boolean =>
  tests.get(entity)?.(fields) ?? false;

/** For the test: every entity's schema is one this knows, so the quick path is taken at all. */
export const quickEntities = (): EntityName[] =>
  [...tests].flatMap(([entity, test]) => (test ? [entity] : []));
