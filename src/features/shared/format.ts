/**
 * The one date and time module. Dates are shown as people in England read them ("26 November
 * 2026"); what an inspector types is the local wall-clock date and time, which the record keeps as
 * an ISO 8601 instant. The conversions work in the device's own time zone.
 */
const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** Two digits, for clock times and ISO dates: 7 → "07". */
export const pad2 = (n: number) => String(n).padStart(2, '0');

const validDate = (msOrIso: number | string): Date | null => {
  const d = new Date(msOrIso);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** `2026-11-26` (or a timestamp's date part) → "26 November 2026". */
export const formatDate = (isoDate: string): string => {
  const ms = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? isoDate : DATE.format(ms);
};

/** "26 Nov 2026, 09:41", for lists and conflict authors. */
export const formatDateTime = (iso: string): string => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : DATE_TIME.format(ms);
};

/** "Thu 26 Nov, 09:41": a result in a list of this fortnight's evidence. */
export const weekdayDateTime = (iso: string): string => {
  const d = validDate(iso);
  if (!d) return iso;
  return `${weekdayDate(iso)}, ${hourMinute(iso)}`;
};

/** "Thu 26 Nov", the local day of an instant: when something last happened, days ago. */
export const weekdayDate = (iso: string): string => {
  const d = validDate(iso);
  return d
    ? d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' })
    : iso;
};

/** "09:41:07", for the saved status and shadowing line stamps. */
export const clockTime = (msOrIso: number | string): string => {
  const d = new Date(msOrIso);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
};

/** "09:41" local time, or '' when it is not a time. */
export const hourMinute = (iso: string): string => {
  const d = validDate(iso);
  return d ? `${pad2(d.getHours())}:${pad2(d.getMinutes())}` : '';
};

/** The local calendar date of an instant, "2026-11-26", or '' when it is not a time. */
export const localDateOf = (iso: string): string => {
  const d = validDate(iso);
  return d ? `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}` : '';
};

/** The local clock time of an instant, "09:41" (same as {@link hourMinute}; named for forms). */
export const localTimeOf = hourMinute;

/** Whether `YYYY-MM-DD` names a day on the calendar (not 31 February). */
export const isRealDate = (date: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
};

/** `null` when the date or time is not a real one (the field shows an error, nothing is saved). */
export const isoFromLocal = (date: string, time: string): string | null => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}(:\d{2})?$/.test(time)) return null;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss = 0] = time.split(':').map(Number) as [number, number, number?];
  const at = new Date(y, m - 1, d, hh, mm, ss);
  // Rejects 31 February and 25:00 rather than rolling them over silently.
  if (at.getMonth() !== m - 1 || at.getDate() !== d || hh > 23 || mm > 59) return null;
  return at.toISOString();
};

/** Adds whole days to an ISO date (`YYYY-MM-DD`), in UTC so no daylight-saving shift moves it. */
export const addDays = (isoDate: string, days: number): string | null => {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + days * 86_400_000).toISOString().slice(0, 10);
};
