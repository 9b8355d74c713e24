import { describe, expect, it } from 'vitest';
import { applyOp, type MergeRow } from './merge';
import type { Op } from './protocol';

const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const ROW_ID = '0190a000-0000-7000-8000-0000000000aa';
let opCounter = 0;
const op = (partial: Partial<Op>): Op => ({
  opId: `0190a000-0000-7000-8000-${String(++opCounter).padStart(12, '0')}`,
  entity: 'childCase',
  entityId: ROW_ID,
  inspectionId: INSPECTION,
  kind: 'put',
  fields: {},
  base: {},
  ...partial,
});

const run = (ops: { op: Op; author: string }[]) => {
  let row: MergeRow | undefined;
  const statuses: string[] = [];
  ops.forEach(({ op: o, author }, i) => {
    const outcome = applyOp(row, o, { seq: i + 1, author, at: `2026-11-0${i + 1}T10:00:00.000Z` });
    statuses.push(outcome.status);
    if (outcome.status !== 'rejected') row = outcome.row;
  });
  return { row, statuses };
};

const create = op({ fields: { caseRef: 'C-1', selection: 'tracked' } });

describe('applyOp', () => {
  const cases: {
    name: string;
    ops: { op: Op; author: string }[];
    statuses: string[];
    check: (row: MergeRow) => void;
  }[] = [
    {
      name: '[S4] a create stamps every field with its seq',
      ops: [{ op: create, author: 'a' }],
      statuses: ['applied'],
      check: (row) => {
        expect(row.stamps.caseRef?.seq).toBe(1);
        expect(row.seq).toBe(1);
        expect(row.author).toBe('a');
      },
    },
    {
      name: '[S5] different fields never conflict',
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { ageBand: '5-9' }, base: { ageBand: 0 } }), author: 'a' },
        { op: op({ fields: { status: 'looked-after' }, base: {} }), author: 'b' },
      ],
      statuses: ['applied', 'applied', 'applied'],
      check: (row) => {
        expect(row.fields).toMatchObject({ ageBand: '5-9', status: 'looked-after' });
        expect(row.conflicts).toEqual({});
      },
    },
    {
      name: '[S5] the later-arriving value wins and the replaced one is kept',
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { initials: 'AB' }, base: { initials: 0 } }), author: 'a' },
        { op: op({ fields: { initials: 'XY' }, base: { initials: 0 } }), author: 'b' },
      ],
      statuses: ['applied', 'applied', 'conflict'],
      check: (row) => {
        expect(row.fields.initials).toBe('XY');
        expect(row.conflicts.initials).toEqual([
          expect.objectContaining({ value: 'AB', author: 'a', at: '2026-11-02T10:00:00.000Z' }),
        ]);
      },
    },
    {
      name: '[S5] a resolve with the current version clears the field',
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { initials: 'AB' } }), author: 'a' },
        { op: op({ fields: { initials: 'XY' } }), author: 'b' },
        {
          op: op({ kind: 'resolve', fields: { initials: 'AB' }, base: { initials: 3 } }),
          author: 'b',
        },
      ],
      statuses: ['applied', 'applied', 'conflict', 'applied'],
      check: (row) => {
        expect(row.fields.initials).toBe('AB');
        expect(row.conflicts.initials).toBeUndefined();
      },
    },
    {
      name: '[S5] a stale resolve is itself a conflict and loses nothing',
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { initials: 'AB' } }), author: 'a' },
        { op: op({ fields: { initials: 'XY' } }), author: 'b' },
        { op: op({ fields: { initials: 'ZZ' }, base: { initials: 3 } }), author: 'c' },
        {
          op: op({ kind: 'resolve', fields: { initials: 'AB' }, base: { initials: 3 } }),
          author: 'b',
        },
      ],
      statuses: ['applied', 'applied', 'conflict', 'applied', 'conflict'],
      check: (row) => {
        expect(row.fields.initials).toBe('AB');
        expect(row.conflicts.initials?.map((c) => c.value)).toEqual(['AB', 'ZZ']);
      },
    },
    {
      name: '[S5] a delete that did not see the latest change keeps the row',
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { initials: 'AB' } }), author: 'b' },
        { op: op({ kind: 'delete', base: { _row: 1 } }), author: 'a' },
      ],
      statuses: ['applied', 'applied', 'conflict'],
      check: (row) => {
        expect(row.deleted).toBe(false);
        expect(row.conflicts._deleted).toEqual([
          expect.objectContaining({ value: true, author: 'a' }),
        ]);
      },
    },
    {
      name: '[S5] a delete that saw the row version deletes it',
      ops: [
        { op: create, author: 'a' },
        { op: op({ kind: 'delete', base: { _row: 1 } }), author: 'a' },
      ],
      statuses: ['applied', 'applied'],
      check: (row) => expect(row.deleted).toBe(true),
    },
    {
      name: '[S5] an offline edit to a deleted row revives it and keeps the delete visible',
      ops: [
        { op: create, author: 'a' },
        { op: op({ kind: 'delete', base: { _row: 1 } }), author: 'a' },
        { op: op({ fields: { initials: 'QQ' }, base: {} }), author: 'b' },
      ],
      statuses: ['applied', 'applied', 'conflict'],
      check: (row) => {
        expect(row.deleted).toBe(false);
        expect(row.fields.initials).toBe('QQ');
        expect(row.conflicts._deleted).toHaveLength(1);
      },
    },
  ];

  it.each(cases)('$name', ({ ops, statuses, check }) => {
    const result = run(ops);
    expect(result.statuses).toEqual(statuses);
    check(result.row!);
  });

  it('[S5] the order of arrival changes which value is current, never which values survive', () => {
    const first = op({ fields: { initials: 'AB' } });
    const second = op({ fields: { initials: 'XY' } });
    const third = op({ fields: { initials: 'ZZ' } });
    const orders = [
      [first, second, third],
      [third, first, second],
      [second, third, first],
    ];
    const survivors = orders.map((order) => {
      const { row } = run([
        { op: create, author: 'a' },
        ...order.map((o) => ({ op: o, author: o.opId })),
      ]);
      return [row!.fields.initials, ...(row!.conflicts.initials ?? []).map((c) => c.value)].sort();
    });
    expect(survivors[1]).toEqual(survivors[0]);
    expect(survivors[2]).toEqual(survivors[0]);
    expect(survivors[0]).toEqual(['AB', 'XY', 'ZZ']);
  });

  it('[S5] a delete or resolve of a row that does not exist is not-found', () => {
    expect(applyOp(undefined, op({ kind: 'delete' }), { seq: 1, author: 'a', at: 'x' })).toEqual({
      status: 'rejected',
      reason: 'not-found',
    });
  });
});
