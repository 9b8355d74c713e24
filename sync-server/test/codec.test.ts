import { describe, expect, it } from 'vitest';
import { toSyncRow, type MergeRow } from '../../src/domain/merge';
import { fromRowRow, toRowRow, toWireRowJson } from '../src/store/codec';

/** The stored shape of a row: shared stamps, and the plain field → stamp map still readable. */
describe('row codec', () => {
  const first = {
    seq: 4,
    author: 'u1',
    at: '2026-03-02T10:00:00.000Z',
    opId: 'op-a',
    clientId: 'dev-1',
  };
  const second = {
    seq: 9,
    author: 'u2',
    at: '2026-03-02T11:00:00.000Z',
    opId: 'op-b',
    clientId: 'dev-2',
  };
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
    changedBy: second,
    changedElsewhere: first,
  };

  it('[S5a] round-trips a row, storing each distinct stamp once, with its device', () => {
    const stored = toRowRow(row);
    expect(JSON.parse(stored.stamps)).toEqual({
      '~': [first, second],
      '^': 1,
      '^^': 0,
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

  it('[S5a] reads a stamp written before devices were recorded as an unknown device', () => {
    const { clientId: _a, ...old1 } = first;
    const { clientId: _b, ...old2 } = second;
    const stored = {
      ...toRowRow(row),
      stamps: JSON.stringify({ '~': [old1, old2], caseRef: 0, selection: 0, initials: 1 }),
      deleted_by: JSON.stringify(old2),
    };
    const read = fromRowRow(stored);
    expect(read.stamps.initials).toEqual({ ...old2, clientId: null });
    expect(read.deletedBy).toEqual({ ...old2, clientId: null });
    expect(read.changedBy).toBeNull();
    expect(read.changedElsewhere).toBeNull();
  });

  it('[S6] writes a row as a pull sends it, from the stored text, saying what toSyncRow says', () => {
    const awkward: MergeRow = {
      ...row,
      entity: 'evidence',
      deleted: true,
      // Text a writer must escape, in content and in the clear columns alike.
      fields: {
        text: 'He said "no" \\ twice\n\t<b>é 😀 \u2028',
        judgementIds: ['a', 'b'],
        count: 3,
      },
      conflicts: {},
      author: 'u"1',
    };
    const plainStamps = { ...toRowRow(row), stamps: JSON.stringify(row.stamps) };
    for (const stored of [toRowRow(row), toRowRow(awkward), plainStamps]) {
      const text = toWireRowJson(stored);
      expect(JSON.parse(text)).toEqual(toSyncRow(fromRowRow(stored)));
      // The same keys in the same order, as JSON.stringify of the decoded row would write them.
      expect(text).toBe(JSON.stringify(toSyncRow(fromRowRow(stored))));
    }
  });
});
