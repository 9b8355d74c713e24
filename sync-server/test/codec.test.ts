import { describe, expect, it } from 'vitest';
import type { MergeRow } from '../../src/domain/merge';
import { fromRowRow, toRowRow } from '../src/store/codec';

/** The stored shape of a row: shared stamps, and the plain field → stamp map still readable. */
describe('row codec', () => {
  const first = { seq: 4, author: 'u1', at: '2026-03-02T10:00:00.000Z', opId: 'op-a' };
  const second = { seq: 9, author: 'u2', at: '2026-03-02T11:00:00.000Z', opId: 'op-b' };
  const row: MergeRow = {
    entity: 'childCase',
    id: 'row-1',
    inspectionId: 'insp-1',
    author: 'u1',
    createdAt: first.at,
    updatedAt: second.at,
    seq: 9,
    deleted: false,
    fields: { caseRef: 'LA-1', selection: 'tracked', initials: 'AB' },
    stamps: { caseRef: first, selection: first, initials: second },
    conflicts: { initials: [{ value: 'CD', author: 'u1', at: first.at, opId: 'op-c' }] },
    deletedBy: null,
  };

  it('round-trips a row, storing each distinct stamp once', () => {
    const stored = toRowRow(row);
    expect(JSON.parse(stored.stamps)).toEqual({
      '~': [first, second],
      caseRef: 0,
      selection: 0,
      initials: 1,
    });
    expect(fromRowRow(stored)).toEqual(row);
  });

  it('reads stamps stored as a plain field → stamp map', () => {
    const stored = { ...toRowRow(row), stamps: JSON.stringify(row.stamps) };
    expect(fromRowRow(stored).stamps).toEqual(row.stamps);
  });
});
