import { describe, expect, it } from 'vitest';
import { v7 } from 'uuid';
import { uuidV7Time } from '../../domain';
import { WRITTEN_BEFORE_SENT_MAX_MS, writtenWhen } from './written-when';

// Local wall-clock times, so the words are the same in any time zone the tests run in.
const local = (d: number, h: number, m: number) => new Date(2026, 10, d, h, m).getTime();
const opAt = (ms: number) => v7({ msecs: ms });
const iso = (ms: number) => new Date(ms).toISOString();

describe('when a conflicting edit was written and when it was sent', () => {
  it('reads the time a UUIDv7 op id was made, and nothing from other ids', () => {
    const ms = local(30, 9, 14);
    expect(uuidV7Time(opAt(ms))).toBe(ms);
    expect(uuidV7Time('op-1')).toBeNull();
    expect(uuidV7Time('0190a000-0000-4000-8000-000000000001')).toBeNull(); // a v4: no time in it
  });

  it('two inspectors offline all day: written in the morning, sent in the evening', () => {
    expect(writtenWhen(opAt(local(30, 9, 14)), iso(local(30, 17, 30)))).toBe(
      'written 30 Nov 2026, 09:14, sent 17:30',
    );
    expect(writtenWhen(opAt(local(29, 16, 2)), iso(local(30, 8, 10)))).toBe(
      'written 29 Nov 2026, 16:02, sent 30 Nov 2026, 08:10',
    );
  });

  it('says only when it was sent when the written time adds nothing or cannot be believed', () => {
    const sent = local(30, 17, 30) + 40_000;
    expect(writtenWhen(opAt(sent - 30_000), iso(sent))).toBe('sent 30 Nov 2026, 17:30'); // same minute
    expect(writtenWhen(opAt(sent + 60_000), iso(sent))).toBe('sent 30 Nov 2026, 17:30'); // clock ahead
    expect(writtenWhen(opAt(0), iso(sent))).toBe('sent 30 Nov 2026, 17:30'); // a reset tablet: 1970
    expect(writtenWhen(opAt(sent - WRITTEN_BEFORE_SENT_MAX_MS - 1), iso(sent))).toBe(
      'sent 30 Nov 2026, 17:30',
    );
    expect(writtenWhen('op-1', iso(sent))).toBe('sent 30 Nov 2026, 17:30'); // not a UUIDv7
  });
});
