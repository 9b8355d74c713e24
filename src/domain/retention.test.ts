import { describe, expect, it } from 'vitest';
import { addMonths, purgeIsDue, retentionOf } from './retention';

const stored = {
  reportedAt: '2026-03-20T16:05:00.000Z',
  retainUntil: null,
  legalHold: null,
  purgedAt: null,
};
const at = (iso: string) => Date.parse(iso);

describe('§4.3 retention', () => {
  it.each([
    ['2026-03-20', 12, '2027-03-20'],
    ['2026-03-31', 11, '2027-02-28'],
    ['2027-03-31', 11, '2028-02-29'],
    ['2026-12-15', 1, '2027-01-15'],
  ])('%s plus %i months is %s', (from, months, to) => {
    expect(addMonths(from, months)).toBe(to);
  });

  it('keeps content 12 months after it became reported unless the coordinator set a date', () => {
    expect(retentionOf(stored).purgeOn).toBe('2027-03-20');
    expect(retentionOf({ ...stored, retainUntil: '2026-09-01' }).purgeOn).toBe('2026-09-01');
    // Not reported yet: no purge date, whatever was set.
    expect(retentionOf({ ...stored, reportedAt: null, retainUntil: '2026-09-01' }).purgeOn).toBe(
      null,
    );
  });

  it('is due from the start of the purge date, never under a legal hold or twice', () => {
    const r = retentionOf(stored);
    expect(purgeIsDue(r, at('2027-03-19T23:59:59.999Z'))).toBe(false);
    expect(purgeIsDue(r, at('2027-03-20T00:00:00.000Z'))).toBe(true);
    const held = { ...r, legalHold: { reason: 'Judicial review', since: 'x', by: 'cora' } };
    expect(purgeIsDue(held, at('2030-01-01T00:00:00.000Z'))).toBe(false);
    expect(purgeIsDue({ ...r, purgedAt: '2027-03-20T02:00:00.000Z' }, at('2030-01-01'))).toBe(
      false,
    );
    expect(purgeIsDue(retentionOf({ ...stored, reportedAt: null }), at('2099-01-01'))).toBe(false);
  });
});
