import fc from 'fast-check';
import type { Fault } from './network';

/** The simulated day: who does what, in which order, over which network. */
export const CLIENTS = 3;
export const CASES = 3;

export const uuid = (prefix: number, n: number) =>
  `0190a000-${String(prefix).padStart(4, '0')}-7000-8000-${String(n).padStart(12, '0')}`;
/** The inspection every tablet is on all day. */
export const INSPECTION_ID = uuid(1, 1);
/** A second inspection, led by tablet 0's user, that the others join and leave (S6a). */
export const TEAM_INSPECTION_ID = uuid(1, 2);
export const userId = (i: number) => uuid(2, i);
export const caseId = (i: number) => uuid(3, i);

export type Action =
  | {
      type: 'editCase';
      client: number;
      target: number;
      field: 'initials' | 'ageBand' | 'outOfArea';
      value: string | boolean;
    }
  | { type: 'deleteCase'; client: number; target: number }
  | { type: 'createEvidence'; client: number; text: string }
  | { type: 'editEvidence'; client: number; target: number; text: string }
  /**
   * [S5a] One tablet edits one of its notes in several sittings, trying to sync after each; each
   * push meets the fault given (failed, timed out with the answer lost, or duplicated).
   */
  | { type: 'sittings'; client: number; target: number; texts: string[]; faults: Fault[] }
  /** [S6a] The coordinator adds a user to the second inspection's team, or removes them. */
  | { type: 'team'; client: number; join: boolean }
  /** A note in the second inspection, by a tablet whose user is (as far as it knows) on its team. */
  | { type: 'teamEvidence'; client: number; target: number; text: string }
  | { type: 'startSync'; client: number }
  | { type: 'deliver'; index: number; fault: Fault }
  | { type: 'crashClient'; client: number; reached: boolean }
  | { type: 'restartServer' };

const client = fc.integer({ min: 0, max: CLIENTS - 1 });
const caseTarget = fc.integer({ min: 0, max: CASES - 1 });
const text = fc.string({ maxLength: 12 });
const fault = fc.constantFrom<Fault>(
  'ok',
  'ok',
  'ok',
  'drop-request',
  'drop-response',
  'duplicate',
);
const pushFault = fc.constantFrom<Fault>('drop-request', 'drop-response', 'duplicate', 'ok');

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('editCase' as const),
      client,
      target: caseTarget,
      field: fc.constant('initials' as const),
      value: fc.constantFrom('AB', 'CD', 'EF', 'GH'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('editCase' as const),
      client,
      target: caseTarget,
      field: fc.constant('ageBand' as const),
      value: fc.constantFrom('0-4', '5-9', '10-15'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('editCase' as const),
      client,
      target: caseTarget,
      field: fc.constant('outOfArea' as const),
      value: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('deleteCase' as const), client, target: caseTarget }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('createEvidence' as const), client, text }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('editEvidence' as const),
      client,
      target: fc.nat(),
      text,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('sittings' as const),
      client,
      target: fc.nat(),
      texts: fc.array(text, { minLength: 2, maxLength: 4 }),
      faults: fc.array(pushFault, { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('team' as const),
      client: fc.integer({ min: 1, max: CLIENTS - 1 }),
      join: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('teamEvidence' as const),
      client,
      target: fc.nat({ max: 3 }),
      text,
    }),
  },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('startSync' as const), client }) },
  {
    weight: 6,
    arbitrary: fc.record({ type: fc.constant('deliver' as const), index: fc.nat(), fault }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('crashClient' as const),
      client,
      reached: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('restartServer' as const) }) },
);
