import { describe, expect, it } from 'vitest';
import { addMonths, ENGLAND, makeWorkingCalendar, monthsAndDaysBetween } from './working-days';
import bankHolidays from './bank-holidays-england.json';

// Every expected figure below was counted by hand on a calendar; the comment shows the count.
describe('working days in England', () => {
  it.each([
    // Fri 20 Nov 2026 → Mon 23 Nov: Sat and Sun left out
    ['2026-11-20', '2026-11-23', 1],
    // Mon 23 Nov → Mon 30 Nov: 24, 25, 26, 27, 30
    ['2026-11-23', '2026-11-30', 5],
    // the same day, or backwards, is no working day
    ['2026-11-23', '2026-11-23', 0],
    ['2026-11-30', '2026-11-23', 0],
    // Thu 2 Apr 2026 → Tue 7 Apr: Good Friday 3rd, weekend, Easter Monday 6th; only the 7th
    ['2026-04-02', '2026-04-07', 1],
    // Thu 24 Dec 2026 → Tue 29 Dec: Christmas Fri 25th, weekend, Boxing Day moved to Mon 28th
    ['2026-12-24', '2026-12-29', 1],
    // across the year end: 29, 30, 31 Dec 2026, then New Year's Day Fri 1 Jan, weekend, 4 and 5 Jan
    ['2026-12-24', '2027-01-05', 5],
    // Christmas 2021 on a Saturday: substitutes Mon 27 and Tue 28; New Year 2022 moved to Mon 3 Jan
    // 29, 30, 31 Dec and Tue 4 Jan
    ['2021-12-24', '2022-01-04', 4],
    // 2012: the spring bank holiday moved to Mon 4 June beside the Diamond Jubilee on Tue 5 June
    ['2012-06-01', '2012-06-06', 1],
  ])('%s to %s is %i working days', (from, to, expected) => {
    expect(ENGLAND.workingDaysBetween(from, to)).toBe(expected);
  });

  it.each([
    // Mon 2 Nov 2026 + 15: 3–6 Nov (4), 9–13 (9), 16–20 (14), 23 Nov (15)
    ['2026-11-02', 15, '2026-11-23'],
    // Mon 14 Dec 2026 + 15: 15–18 (4), 21–24 (8), 29–31 (11), 4–7 Jan 2027 (15)
    ['2026-12-14', 15, '2027-01-07'],
    // Fri 1 June 2012 + 1 skips both June bank holidays
    ['2012-06-01', 1, '2012-06-06'],
    // Mon 30 Mar 2026 + 20 over Easter: 31 Mar, 1–2 Apr (3), 7–10 (7), 13–17 (12), 20–24 (17), 27–29 (20)
    ['2026-03-30', 20, '2026-04-29'],
  ])('%s plus %i working days is %s', (from, n, expected) => {
    expect(ENGLAND.addWorkingDays(from, n)).toBe(expected);
    expect(ENGLAND.workingDaysBetween(from, expected)).toBe(n);
  });

  it('knows which years its bank holidays cover, and a coordinator can extend the file', () => {
    expect(ENGLAND.covers('2012-01-02')).toBe(true);
    expect(ENGLAND.covers('2030-12-31')).toBe(true);
    expect(ENGLAND.covers('2031-01-01')).toBe(false);
    // 2031 without its holidays: Christmas Thu 25 and Boxing Day Fri 26 are counted as working days
    expect(ENGLAND.workingDaysBetween('2031-12-24', '2031-12-29')).toBe(3);
    const extended = makeWorkingCalendar({
      ...bankHolidays,
      lastYear: 2031,
      days: [
        ...bankHolidays.days,
        { date: '2031-12-25', title: 'Christmas Day' },
        { date: '2031-12-26', title: 'Boxing Day' },
      ],
    });
    expect(extended.covers('2031-12-25')).toBe(true);
    expect(extended.workingDaysBetween('2031-12-24', '2031-12-29')).toBe(1);
    expect(extended.isWorkingDay('2031-12-26')).toBe(false);
  });

  it('lists every England bank holiday from 2012 to 2030 on a weekday, eight or more a year', () => {
    const years = new Map<number, number>();
    for (const { date } of bankHolidays.days) {
      const day = new Date(`${date}T00:00:00Z`).getUTCDay();
      expect(day === 0 || day === 6, `${date} falls on a weekend`).toBe(false);
      years.set(Number(date.slice(0, 4)), (years.get(Number(date.slice(0, 4))) ?? 0) + 1);
    }
    for (let y = 2012; y <= 2030; y++) expect(years.get(y) ?? 0).toBeGreaterThanOrEqual(8);
    expect(ENGLAND.isWorkingDay('2022-09-19')).toBe(false); // the Queen's funeral
    expect(ENGLAND.isWorkingDay('2023-05-08')).toBe(false); // the coronation
    expect(ENGLAND.isWorkingDay('2012-05-28')).toBe(true); // moved to 4 June that year
  });
});

describe('calendar months', () => {
  it.each([
    ['2026-01-15', 3, '2026-04-15'],
    ['2026-01-31', 1, '2026-02-28'], // February has no 31st: its last day
    ['2024-01-31', 1, '2024-02-29'], // a leap year
    ['2026-11-30', 3, '2027-02-28'], // across the year end
    ['2024-01-10', 21, '2025-10-10'],
  ])('%s plus %i months is %s', (from, n, expected) => {
    expect(addMonths(from, n)).toBe(expected);
  });

  it.each([
    ['2026-01-15', '2026-04-15', 3, 0],
    ['2026-01-15', '2026-05-17', 4, 2],
    ['2026-01-31', '2026-03-01', 1, 1], // 31 Jan + 1 month = 28 Feb, then 1 day
    ['2024-01-10', '2025-11-20', 22, 10],
    ['2026-03-01', '2026-03-20', 0, 19],
  ])('%s to %s is %i months and %i days', (from, to, months, days) => {
    expect(monthsAndDaysBetween(from, to)).toEqual({ months, days });
  });
});
