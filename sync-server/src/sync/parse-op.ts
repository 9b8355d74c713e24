import { OP_KINDS, OpSchema, type Op } from '../../../src/domain/protocol';
import { isPlainObject } from './quick-fields';

/**
 * `OpSchema.safeParse` for the push hot path. OpSchema stays the one contract (STYLE.md 1): this
 * answers alone only for an op that plainly passes it, with the value zod would give (same keys in
 * the same order, `fields` the client's object as zod passes it through, `base` a copy, the
 * defaults fresh objects), and hands everything else — anything refused, anything unusual — to
 * zod itself, so every refusal and its message is zod's. zod's general walk cost ~5 µs an op,
 * a tenth of what the request thread spends on an op (test/parse-op.test.ts holds the two equal).
 */
type Parsed = ReturnType<typeof OpSchema.safeParse>;

/** zod's `z.uuid()` (RFC 9562: versions 1–8, variant 10xx, or the nil and max UUIDs). */
const ZOD_UUID =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
const isZodUuid = (value: unknown): value is string =>
  typeof value === 'string' && ZOD_UUID.test(value);

const OP_KEYS: ReadonlySet<string> = new Set(Object.keys(OpSchema.shape));
/**
 * The keys `plainOp` builds an op from, in OpSchema's order. Should OpSchema gain or lose one, the
 * quick path would drop or miss it: every op then goes to zod until this is taught the change (a
 * test fails meanwhile, so the push does not quietly lose its quick path either).
 */
const BUILT = ['opId', 'entity', 'entityId', 'inspectionId', 'kind', 'fields', 'base'];
export const quickPathKnowsOpSchema = BUILT.join() === [...OP_KEYS].join();
const KINDS: ReadonlySet<unknown> = new Set(OP_KINDS);

/** `base`: each own key a version, a safe non-negative integer; a copy as zod's record makes. */
const plainBase = (base: Record<string, unknown>): Record<string, number> | null => {
  const out: Record<string, number> = {};
  for (const key of Object.keys(base)) {
    const version = base[key];
    // `__proto__` would not be copied by assignment: zod's own rules decide it.
    if (key === '__proto__' || typeof version !== 'number') return null;
    if (!Number.isSafeInteger(version) || version < 0) return null;
    out[key] = version;
  }
  return out;
};

/** The op when it plainly passes OpSchema, else null (ask zod). */
export const plainOp = (raw: unknown): Op | null => {
  if (!quickPathKnowsOpSchema || !isPlainObject(raw)) return null;
  // A strict object: any other key, own or inherited, is refused by zod.
  for (const key in raw) if (!OP_KEYS.has(key)) return null;
  const { opId, entity, entityId, inspectionId, kind, fields, base } = raw;
  if (!isZodUuid(opId) || !isZodUuid(entityId) || !isZodUuid(inspectionId)) return null;
  if (typeof entity !== 'string' || !KINDS.has(kind)) return null;
  let opFields: Record<string, unknown> = {};
  if (fields !== undefined) {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return null;
    opFields = fields as Record<string, unknown>;
  }
  let opBase: Record<string, number> | null = {};
  if (base !== undefined) opBase = isPlainObject(base) ? plainBase(base) : null;
  if (!opBase) return null;
  return {
    opId,
    entity,
    entityId,
    inspectionId,
    kind: kind as Op['kind'],
    fields: opFields,
    base: opBase,
  };
};

export const parseOp = (raw: unknown): Parsed => {
  const op = plainOp(raw);
  return op ? ({ success: true, data: op } as Parsed) : OpSchema.safeParse(raw);
};
