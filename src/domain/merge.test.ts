import { describe, expect, it } from 'vitest';
import { applyOp, type MergeRow } from './merge';
import type { Op } from './protocol';

const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const ROW_ID = '0190a000-0000-7000-8000-0000000000aa';
const OTHER_ID = '0190a000-0000-7000-8000-0000000000bb';
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

/** One op as it arrives: who sent it and from which device (a user's own device by default). */
type Arrival = { op: Op; author: string; device?: string };

const at = (i: number) => `2026-11-${String(i + 1).padStart(2, '0')}T10:00:00.000Z`;

/** Applies ops in arrival order; a rejected op takes no seq, as on the server. */
const run = (ops: Arrival[]) => {
  let row: MergeRow | undefined;
  let seq = 0;
  const statuses: string[] = [];
  ops.forEach(({ op: o, author, device }, i) => {
    const ctx = { seq: seq + 1, author, clientId: device ?? `device-of-${author}`, at: at(i) };
    const outcome = applyOp(row, o, ctx);
    statuses.push(outcome.status === 'rejected' ? `rejected:${outcome.reason}` : outcome.status);
    if (outcome.status !== 'rejected') {
      row = outcome.row;
      seq += 1;
    }
  });
  return { row, statuses };
};

const create = op({ fields: { caseRef: 'C-1', selection: 'tracked' } });

describe('applyOp', () => {
  const cases: {
    name: string;
    ops: Arrival[];
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
    {
      name: '[S5a] two ops of one record from one device, both made before any answer, never conflict',
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { initials: 'A' }, base: { initials: 0 } }), author: 'a' },
        { op: op({ fields: { initials: 'AB' }, base: { initials: 0 } }), author: 'a' },
      ],
      statuses: ['applied', 'applied', 'applied'],
      check: (row) => {
        expect(row.fields.initials).toBe('AB');
        expect(row.conflicts).toEqual({});
      },
    },
    {
      name: '[S5a] a device editing offline in three sittings (answers lost) does not race itself',
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { caseRef: 'C-1 draft' }, base: { caseRef: 1 } }), author: 'a' },
        { op: op({ fields: { caseRef: 'C-1 longer' }, base: { caseRef: 1 } }), author: 'a' },
        { op: op({ fields: { caseRef: 'C-1 final' }, base: { caseRef: 1 } }), author: 'a' },
      ],
      statuses: ['applied', 'applied', 'applied', 'applied'],
      check: (row) => {
        expect(row.fields.caseRef).toBe('C-1 final');
        expect(row.conflicts).toEqual({});
      },
    },
    {
      name: "[S5a] another device's value between two of mine is a conflict, kept once",
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { initials: 'A1' } }), author: 'a' },
        { op: op({ fields: { initials: 'B1' }, base: { initials: 2 } }), author: 'b' },
        { op: op({ fields: { initials: 'A2' } }), author: 'a' },
      ],
      statuses: ['applied', 'applied', 'applied', 'conflict'],
      check: (row) => {
        expect(row.fields.initials).toBe('A2');
        expect(row.conflicts.initials).toEqual([
          expect.objectContaining({ value: 'B1', author: 'b' }),
        ]);
      },
    },
    {
      name: "[S5a] the same user's second device is another device",
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { initials: 'A1' } }), author: 'a', device: 'tablet' },
        { op: op({ fields: { initials: 'A2' } }), author: 'a', device: 'laptop' },
      ],
      statuses: ['applied', 'applied', 'conflict'],
      check: (row) => expect(row.conflicts.initials?.map((c) => c.value)).toEqual(['A1']),
    },
    {
      name: '[S5a] a device id under another user is not that device',
      ops: [
        { op: create, author: 'a', device: 'shared' },
        { op: op({ fields: { initials: 'A1' } }), author: 'a', device: 'shared' },
        { op: op({ fields: { initials: 'B1' } }), author: 'b', device: 'shared' },
      ],
      statuses: ['applied', 'applied', 'conflict'],
      check: (row) => expect(row.fields.initials).toBe('B1'),
    },
    {
      name: '[S5a] a delete after my own unacknowledged edits deletes the row',
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { initials: 'A1' } }), author: 'a' },
        { op: op({ kind: 'delete', base: { _row: 0 } }), author: 'a' },
      ],
      statuses: ['applied', 'applied', 'applied'],
      check: (row) => {
        expect(row.deleted).toBe(true);
        expect(row.conflicts).toEqual({});
      },
    },
    {
      name: "[S5a] a delete that missed another device's change, then mine, keeps the row",
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { caseRef: 'C-9' }, base: { caseRef: 1 } }), author: 'b' },
        { op: op({ fields: { initials: 'A1' } }), author: 'a' },
        { op: op({ kind: 'delete', base: { _row: 1 } }), author: 'a' },
      ],
      statuses: ['applied', 'applied', 'applied', 'conflict'],
      check: (row) => {
        expect(row.deleted).toBe(false);
        expect(row.conflicts._deleted).toEqual([expect.objectContaining({ author: 'a' })]);
      },
    },
    {
      name: '[S5a] an edit after my own delete revives the row without a conflict',
      ops: [
        { op: create, author: 'a' },
        { op: op({ kind: 'delete', base: { _row: 1 } }), author: 'a' },
        { op: op({ fields: { initials: 'A1' } }), author: 'a' },
      ],
      statuses: ['applied', 'applied', 'applied'],
      check: (row) => {
        expect(row.deleted).toBe(false);
        expect(row.conflicts).toEqual({});
      },
    },
    {
      name: '[S5b] a field base above its version is invalid and changes nothing',
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { initials: 'A1' }, base: { initials: 1 } }), author: 'a' },
        { op: op({ fields: { initials: 'A2' }, base: { initials: 7 } }), author: 'a' },
      ],
      statuses: ['applied', 'rejected:invalid', 'rejected:invalid'],
      check: (row) => {
        expect(row.seq).toBe(1);
        expect(row.fields.initials).toBeUndefined();
      },
    },
    {
      name: '[S5b] a _row base above the row, or a base on a create, is invalid',
      ops: [
        {
          op: op({
            entityId: OTHER_ID,
            fields: { caseRef: 'C-2', selection: 'tracked' },
            base: { caseRef: 3 },
          }),
          author: 'a',
        },
        { op: create, author: 'a' },
        { op: op({ kind: 'delete', base: { _row: 2 } }), author: 'a' },
        {
          op: op({ kind: 'resolve', fields: { _deleted: false }, base: { _deleted: 9 } }),
          author: 'a',
        },
      ],
      statuses: ['rejected:invalid', 'applied', 'rejected:invalid', 'rejected:invalid'],
      check: (row) => expect(row.deleted).toBe(false),
    },
    {
      name: '[S5c] replacing a value with an equal one is no conflict',
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { agencies: ['police', 'gp'] } }), author: 'a' },
        { op: op({ fields: { agencies: ['police', 'gp'] } }), author: 'b' },
      ],
      statuses: ['applied', 'applied', 'applied'],
      check: (row) => expect(row.conflicts).toEqual({}),
    },
    {
      name: '[S5c] a value kept twice is one entry, with the newest author and time',
      ops: [
        { op: create, author: 'a' },
        { op: op({ fields: { initials: 'X' } }), author: 'a' },
        { op: op({ fields: { initials: 'Y' } }), author: 'b' },
        { op: op({ fields: { initials: 'X' } }), author: 'c' },
        { op: op({ fields: { initials: 'Z' } }), author: 'd' },
      ],
      statuses: ['applied', 'applied', 'conflict', 'conflict', 'conflict'],
      check: (row) => {
        expect(row.fields.initials).toBe('Z');
        expect(row.conflicts.initials).toEqual([
          expect.objectContaining({ value: 'Y', author: 'b' }),
          expect.objectContaining({ value: 'X', author: 'c', at: at(3) }),
        ]);
      },
    },
    {
      name: '[S5c] at most 20 values per field: the oldest leave the row',
      ops: [
        { op: create, author: 'a' },
        ...Array.from({ length: 25 }, (_, i) => ({
          op: op({ fields: { initials: `V${i}` } }),
          author: `u${i}`,
        })),
      ],
      statuses: ['applied', 'applied', ...Array.from({ length: 24 }, () => 'conflict')],
      check: (row) => {
        expect(row.fields.initials).toBe('V24');
        expect(row.conflicts.initials?.map((c) => c.value)).toEqual(
          Array.from({ length: 20 }, (_, i) => `V${i + 4}`),
        );
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

  it("[S5a][S5c] in every order of arrival: each device's last value survives, none kept twice", () => {
    const a1 = { op: op({ fields: { initials: 'AA' } }), author: 'a' };
    const a2 = { op: op({ fields: { initials: 'AB' } }), author: 'a' };
    const b = { op: op({ fields: { initials: 'BB' } }), author: 'b' };
    const c = { op: op({ fields: { initials: 'AA' } }), author: 'c' };
    // A device's ops arrive in the order it made them; other devices' ops may land anywhere.
    const orders = [
      [a1, a2, b, c],
      [b, a1, a2, c],
      [c, b, a1, a2],
      [a1, b, c, a2],
      [b, c, a1, a2],
      [c, a1, b, a2],
    ];
    for (const order of orders) {
      const { row, statuses } = run([{ op: create, author: 'z' }, ...order]);
      const kept = (row!.conflicts.initials ?? []).map((k) => k.value as string);
      expect(new Set(kept).size).toBe(kept.length);
      // AB (a's last word) and BB (b's only one) survive whoever's op came last. AA may not: when
      // c's AA and a's AA are one value, a replacing its own AA with AB is no race (S5a, S5c).
      const survivors = new Set([row!.fields.initials as string, ...kept]);
      expect(survivors.has('AB') && survivors.has('BB')).toBe(true);
      const aFirst = order.indexOf(a1);
      expect(statuses[aFirst + 2]).not.toBe('rejected');
      // a's second op races only if someone else wrote between a's two ops.
      const between = order.indexOf(a2) - aFirst > 1;
      expect(statuses[order.indexOf(a2) + 1]).toBe(between ? 'conflict' : 'applied');
    }
  });

  it('[S5a] a stamp whose device is unknown (written before devices were recorded) is another device', () => {
    const created = applyOp(undefined, create, { seq: 1, author: 'a', clientId: 'd', at: at(0) });
    if (created.status === 'rejected') throw new Error('create was rejected');
    const legacy: MergeRow = {
      ...created.row,
      stamps: Object.fromEntries(
        Object.entries(created.row.stamps).map(([f, s]) => [f, { ...s, clientId: null }]),
      ),
      changedBy: null,
    };
    const edit = op({ fields: { caseRef: 'C-1b' }, base: {} });
    const again = applyOp(legacy, edit, { seq: 2, author: 'a', clientId: 'd', at: at(1) });
    expect(again.status).toBe('conflict');
    const del = applyOp(legacy, op({ kind: 'delete', base: { _row: 0 } }), {
      seq: 2,
      author: 'a',
      clientId: 'd',
      at: at(1),
    });
    expect(del.status).toBe('conflict');
  });

  it('[S5] a delete or resolve of a row that does not exist is not-found', () => {
    const ctx = { seq: 1, author: 'a', clientId: 'd', at: 'x' };
    expect(applyOp(undefined, op({ kind: 'delete' }), ctx)).toMatchObject({
      status: 'rejected',
      reason: 'not-found',
    });
  });
});
