import { describe, expect, it } from 'vitest';
import {
  checkFieldValues,
  checkFields,
  checkFieldsOnRow,
  ENTITIES,
  ENTITY_NAMES,
} from './entities';

/** A valid create of each entity: only its required fields. */
const MINIMAL: Record<keyof typeof ENTITIES, Record<string, unknown>> = {
  evidence: {
    kind: 'practitioner-interview',
    occurredAt: '2026-03-02T10:15:00.000Z',
    status: 'draft',
  },
  childCase: { caseRef: 'LA-1001', selection: 'tracked' },
  journeyEvent: {
    caseId: '0190a000-0000-7000-8000-000000000001',
    stage: 'referral',
    date: '2026-03-02',
  },
  review: { evidenceId: '0190a000-0000-7000-8000-000000000002', state: 'reviewed' },
  judgementDraft: { judgementId: 'overall', state: 'draft' },
  safeguardingConcern: {
    raisedAt: '2026-03-02T10:15:00.000Z',
    concern: 'Bruising seen on a home visit',
    status: 'open',
  },
  teamMeeting: { date: '2026-03-02' },
};

/**
 * The server checks an op's field values before it knows whether the op creates its row
 * (checkFieldValues) and the rest once it does (checkFieldsOnRow). Together they must say what
 * the entity's whole schema says of a create.
 */
describe('checkFields in two halves', () => {
  it.each(ENTITY_NAMES)(
    '%s: `required` names exactly the fields its schema does not make optional',
    (entity) => {
      const shape: Record<string, { _zod: { def: { type: string } } }> =
        ENTITIES[entity].schema._zod.def.shape;
      const notOptional = Object.keys(shape).filter(
        (name) => shape[name]?._zod.def.type !== 'optional',
      );
      expect([...ENTITIES[entity].required].sort()).toEqual(notOptional.sort());
    },
  );

  it.each(ENTITY_NAMES)(
    '%s: a create agrees with the whole schema, field by required field',
    (entity) => {
      const { schema, required } = ENTITIES[entity];
      const cases = [
        MINIMAL[entity],
        ...required.map((name) => {
          const { [name]: _missing, ...rest } = MINIMAL[entity];
          return rest;
        }),
        ...required.map((name) => ({ ...MINIMAL[entity], [name]: null })),
        { ...MINIMAL[entity], notAField: 'x' },
      ];
      for (const fields of cases) {
        expect(checkFields(entity, fields, 'create').ok).toBe(schema.safeParse(fields).success);
      }
    },
  );

  it('names the missing required field, and only the value half needs no row', () => {
    const { kind: _kind, ...withoutKind } = MINIMAL.evidence;
    expect(checkFieldValues('evidence', withoutKind)).toEqual([]);
    expect(checkFieldsOnRow('evidence', withoutKind, 'create')).toEqual([
      { path: 'kind', message: 'Required' },
    ]);
    expect(checkFieldsOnRow('evidence', withoutKind, 'change')).toEqual([]);
    expect(checkFieldsOnRow('evidence', { kind: null }, 'change')).toEqual([
      { path: 'kind', message: 'Required field cannot be cleared' },
    ]);
    expect(checkFieldValues('evidence', { kind: 'no-such-kind' })).toHaveLength(1);
  });
});
