import { describe, expect, it } from 'vitest';
import { concernsFirst, rebase, type PendingEdit } from './rebase';

const row = {
  fields: { caseRef: 'LA-1', initials: 'AB', status: 'child-in-need' },
  conflicts: {
    initials: [{ value: 'CD', author: 'u2', at: '2026-03-02T10:00:00.000Z', opId: 'o1' }],
    _deleted: [{ value: true, author: 'u3', at: '2026-03-02T11:00:00.000Z', opId: 'o2' }],
  },
  deleted: false,
};
const edit = (partial: Partial<PendingEdit>): PendingEdit => ({
  entity: 'childCase',
  entityId: 'c1',
  kind: 'put',
  fields: {},
  ...partial,
});

describe('rebase', () => {
  it.each([
    {
      name: '[S6] unsent puts land on top, in order, keeping conflicts',
      ops: [
        edit({ fields: { initials: 'EF' } }),
        edit({ fields: { initials: 'GH', ageBand: '5-9' } }),
      ],
      expected: {
        fields: { ...row.fields, initials: 'GH', ageBand: '5-9' },
        conflicts: row.conflicts,
        deleted: false,
      },
    },
    {
      name: '[S6] an unsent resolve clears the conflict it resolves',
      ops: [edit({ kind: 'resolve', fields: { initials: 'CD' } })],
      expected: {
        fields: { ...row.fields, initials: 'CD' },
        conflicts: { _deleted: row.conflicts._deleted },
        deleted: false,
      },
    },
    {
      name: '[S6] an unsent delete hides the row; choosing to keep a contested row clears _deleted',
      ops: [edit({ kind: 'delete' })],
      expected: { ...row, deleted: true },
    },
    {
      name: '[S6] choosing to delete a contested row deletes it and clears _deleted',
      ops: [edit({ kind: 'resolve', fields: { _deleted: true } })],
      expected: { ...row, conflicts: { initials: row.conflicts.initials }, deleted: true },
    },
  ])('$name', ({ ops, expected }) => {
    expect(rebase(row, ops)).toEqual(expected);
  });

  it('leaves the server row untouched', () => {
    const before = structuredClone(row);
    rebase(row, [edit({ fields: { initials: 'ZZ' } }), edit({ kind: 'delete' })]);
    expect(row).toEqual(before);
  });
});

describe('concernsFirst', () => {
  it('[S2] moves a concern and the case it names to the front, each record keeping its order', () => {
    const ops = [
      edit({ entity: 'evidence', entityId: 'e1', fields: { text: 'a' } }),
      edit({ entity: 'childCase', entityId: 'c1', fields: { caseRef: 'LA-1' } }),
      edit({ entity: 'evidence', entityId: 'e1', fields: { text: 'b' } }),
      edit({ entity: 'safeguardingConcern', entityId: 's1', fields: { caseId: 'c1' } }),
      edit({ entity: 'childCase', entityId: 'c1', fields: { initials: 'AB' } }),
      edit({ entity: 'safeguardingConcern', entityId: 's1', fields: { status: 'referred' } }),
    ];
    expect(concernsFirst(ops).map((o) => `${o.entityId}:${JSON.stringify(o.fields)}`)).toEqual([
      'c1:{"caseRef":"LA-1"}',
      's1:{"caseId":"c1"}',
      'c1:{"initials":"AB"}',
      's1:{"status":"referred"}',
      'e1:{"text":"a"}',
      'e1:{"text":"b"}',
    ]);
  });

  it('keeps the order when there is no concern', () => {
    const ops = [edit({ entityId: 'b' }), edit({ entityId: 'a' })];
    expect(concernsFirst(ops)).toEqual(ops);
  });
});
