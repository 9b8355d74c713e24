import bankHolidaysEngland from './bank-holidays-england.json';

/**
 * Dates of the child's journey are calendar dates (`YYYY-MM-DD`, no time, no zone), so all
 * arithmetic here is on whole UTC days: a journey measured on a tablet in any time zone gives the
 * same answer as on the server. Working days leave out Saturdays, Sundays and the bank holidays
 * of a calendar (England's by default, from a data file a coordinator can extend).
 */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
/** A Monday long before any journey, so weekday counting never meets a negative remainder. */
const MONDAY_1900_DAY = Date.UTC(1900, 0, 1) / MS_PER_DAY;
const DAYS_PER_WEEK = 7;
const WEEKDAYS_PER_WEEK = 5;
/** The average length of a month (365.25 / 12), to show a median in months with one decimal. */
export const AVERAGE_MONTH_DAYS = 30.4375;

export const dayNumber = (date: IsoDate): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
};

export const fromDayNumber = (day: number): IsoDate =>
  new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/** 0 is Monday … 6 is Sunday. */
const weekdayIndex = (day: number) => (day - MONDAY_1900_DAY) % DAYS_PER_WEEK;
const isWeekend = (day: number) => weekdayIndex(day) >= WEEKDAYS_PER_WEEK;

/** Weekdays from the 1900 Monday up to and including `day`. */
const weekdaysThrough = (day: number) => {
  const k = day - MONDAY_1900_DAY;
  return Math.floor(k / DAYS_PER_WEEK) * WEEKDAYS_PER_WEEK + Math.min((k % DAYS_PER_WEEK) + 1, 5);
};

export type HolidayFile = {
  source: string;
  firstYear: number;
  lastYear: number;
  days: readonly { date: IsoDate; title: string }[];
};

export type WorkingCalendar = {
  /** The years whose bank holidays the calendar knows; outside them only weekends are left out. */
  firstYear: number;
  lastYear: number;
  covers: (date: IsoDate) => boolean;
  isWorkingDay: (date: IsoDate) => boolean;
  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween: (from: IsoDate, to: IsoDate) => number;
  /** The `n`th working day after `from`: the last day a step "within n working days" is on time. */
  addWorkingDays: (from: IsoDate, n: number) => IsoDate;
};

export const makeWorkingCalendar = (file: HolidayFile): WorkingCalendar => {
  // Sorted day numbers of the holidays that fall on weekdays (a weekend date in an extended file
  // would otherwise be left out twice).
  const holidays = [...new Set(file.days.map((d) => dayNumber(d.date)))]
    .filter((day) => !isWeekend(day))
    .sort((a, b) => a - b);
  const holidaySet = new Set(holidays);
  /** Holidays on or before `day` (binary search: the calendar is consulted for every step of every child). */
  const holidaysThrough = (day: number) => {
    let lo = 0;
    let hi = holidays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (holidays[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const isWorking = (day: number) => !isWeekend(day) && !holidaySet.has(day);
  return {
    firstYear: file.firstYear,
    lastYear: file.lastYear,
    covers: (date) => {
      const year = Number(date.slice(0, 4));
      return year >= file.firstYear && year <= file.lastYear;
    },
    isWorkingDay: (date) => isWorking(dayNumber(date)),
    workingDaysBetween: (from, to) => {
      const a = dayNumber(from);
      const b = dayNumber(to);
      if (b <= a) return 0;
      return weekdaysThrough(b) - weekdaysThrough(a) - (holidaysThrough(b) - holidaysThrough(a));
    },
    addWorkingDays: (from, n) => {
      let day = dayNumber(from);
      for (let left = n; left > 0;) {
        day += 1;
        if (isWorking(day)) left -= 1;
      }
      return fromDayNumber(day);
    },
  };
};

/** England's bank holidays as shipped in `bank-holidays-england.json` (see the README to extend it). */
export const ENGLAND = makeWorkingCalendar(bankHolidaysEngland);

export const daysBetween = (from: IsoDate, to: IsoDate): number => dayNumber(to) - dayNumber(from);

export const addDays = (date: IsoDate, n: number): IsoDate => fromDayNumber(dayNumber(date) + n);

const daysInMonth = (year: number, monthIndex: number) =>
  new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();

/**
 * The same day `n` months later; a day the later month lacks becomes its last day (31 January
 * plus one month is 28 or 29 February), the usual reading of "within a month" in regulations.
 */
export const addMonths = (date: IsoDate, n: number): IsoDate => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const day = Math.min(d, daysInMonth(year, month));
  return fromDayNumber(Date.UTC(year, month, day) / MS_PER_DAY);
};

/** Whole months from `from` to `to` and the days left over (`to` not before `from`). */
export const monthsAndDaysBetween = (
  from: IsoDate,
  to: IsoDate,
): { months: number; days: number } => {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  let months = Math.max(0, (ty - fy) * 12 + (tm - fm));
  while (months > 0 && addMonths(from, months) > to) months -= 1;
  return { months, days: daysBetween(addMonths(from, months), to) };
};
